import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRunSummary } from "../engine/triage/read-run-summary.js";
import { InputError } from "../errors.js";
import { isPresent, listIfPresent, readTextIfPresent, unlessAbsent } from "./fs.js";
import { layoutOf } from "./run-folder.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "fs-adapter-"));
  await writeFile(join(dir, "there.json"), "{}\n");
  await writeFile(join(dir, "a-file"), "not a folder\n");
  await mkdir(join(dir, "a-folder.json"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("absent is absent", () => {
  it("a missing file or folder is null, none or false; one that is there is read", async () => {
    expect(await readTextIfPresent(join(dir, "nope.json"))).toBeNull();
    expect(await readTextIfPresent(join(dir, "there.json"))).toBe("{}\n");
    expect(await listIfPresent(join(dir, "no-folder"))).toEqual([]);
    expect(await listIfPresent(dir)).toContain("there.json");
    expect(await isPresent(join(dir, "nope.json"))).toBe(false);
    expect(await isPresent(join(dir, "there.json"))).toBe(true);
  });
});

describe("unreadable is an error naming the path, never 'not there'", () => {
  it.each([
    [
      "a folder where a file should be",
      () => readTextIfPresent(join(dir, "a-folder.json")),
      "a-folder.json",
      "EISDIR",
    ],
    ["a file where a folder should be", () => listIfPresent(join(dir, "a-file")), "a-file", "ENOTDIR"],
    [
      "a path through a file",
      () => readTextIfPresent(join(dir, "a-file", "x.json")),
      "a-file/x.json",
      "ENOTDIR",
    ],
    [
      "a path through a file, looked at",
      () => isPresent(join(dir, "a-file", "x.json")),
      "a-file/x.json",
      "ENOTDIR",
    ],
  ])("%s", async (_what, read, name, code) => {
    const error = await read().then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(
      `${join(dir, name)}: cannot be read (${code}); repair or remove it`,
    );
  });

  it("a link that loops (ELOOP): an error even for root, whom permissions do not stop", async () => {
    const loop = join(dir, "loop.json");
    await symlink(loop, loop);
    await expect(readTextIfPresent(loop)).rejects.toThrow(`${loop}: cannot be read (ELOOP)`);
  });

  it("an error without a code is named by its message", async () => {
    await expect(unlessAbsent("x.json", Promise.reject(new Error("boom")))).rejects.toThrow(
      "x.json: cannot be read (boom); repair or remove it",
    );
  });

  it("a run's summary that is a folder is an error, not a run without a summary", async () => {
    const run = join(dir, "run");
    await mkdir(join(run, "summary.json"), { recursive: true });
    // Before, the summary reader took it for a run without a summary and triaged the results.
    await expect(readRunSummary(layoutOf(run))).rejects.toThrow(/summary\.json: cannot be read \(EISDIR\)/);
  });
});
