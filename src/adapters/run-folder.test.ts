import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readRunSummary } from "../engine/triage/read-run-summary.js";
import { InputError } from "../errors.js";
import { layoutOf, readRunFile } from "./run-folder.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "run-folder-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("readRunFile", () => {
  it("absent is absent, present is its text", async () => {
    expect(await readRunFile(join(dir, "nope.json"))).toBeNull();
    await writeFile(join(dir, "there.json"), "{}\n");
    expect(await readRunFile(join(dir, "there.json"))).toBe("{}\n");
  });

  it("a file that is there but cannot be read is an error naming it, not 'not there'", async () => {
    const run = join(dir, "run");
    await mkdir(join(run, "summary.json"), { recursive: true });
    await expect(readRunFile(join(run, "summary.json"))).rejects.toThrow(InputError);
    await expect(readRunFile(join(run, "summary.json"))).rejects.toThrow(
      /summary\.json: cannot be read \(EISDIR\)/,
    );
    // Before, the summary reader took it for a run without a summary and triaged the results.
    await expect(readRunSummary(layoutOf(run))).rejects.toThrow(/summary\.json: cannot be read/);
  });
});
