import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findRunFolder } from "./run-folder.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "run-folder-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("findRunFolder", () => {
  const cells = async (run: string, names: string[]) => {
    await mkdir(join(dir, "reports", run, "results"), { recursive: true });
    for (const name of names) await writeFile(join(dir, "reports", run, "results", name), "{}\n");
  };

  it("takes the newest night, passing over newer matrix pr runs and half-made folders, each named", async () => {
    await cells("20261202-010000-aaaa", ["pinned--lora.json", "pr-head--lora.json"]);
    await cells("20261202-020000-bbbb", ["pr-base--lora.json", "pr-head--lora.json"]);
    await cells("20261202-030000-cccc", []);
    await cells("20261202-040000-dddd", ["pr-head--knob-smoke--gc.json"]);
    const found = await findRunFolder(join(dir, "reports"), undefined);
    expect(found.dir).toBe(join(dir, "reports", "20261202-010000-aaaa"));
    expect(found.picked).toEqual({
      skipped: ["20261202-030000-cccc"],
      pullRequests: ["20261202-040000-dddd", "20261202-020000-bbbb"],
    });
  });

  it("with matrix pr runs alone, says there is no night and why", async () => {
    const only = join(dir, "only-pr");
    await mkdir(join(only, "20261203-010000-eeee", "results"), { recursive: true });
    await writeFile(join(only, "20261203-010000-eeee", "results", "pr-base--lora.json"), "{}\n");
    await expect(findRunFolder(only, undefined)).rejects.toThrow(
      /no run with results here \(20261203-010000-eeee: matrix pr, no night\)/,
    );
  });
});
