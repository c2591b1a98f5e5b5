import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  type CachedVerdict,
  forgetCachedVerdict,
  listCachedVerdicts,
  readCachedVerdict,
  writeCachedVerdict,
} from "./verdict-cache.js";

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const verdict: CachedVerdict = {
  package: "peft",
  ref: "a".repeat(40),
  job: "smoke",
  status: "fail",
  signature: "TypeError: x @ a.py:f",
  from: "run-1",
  recorded: "2026-12-02T00:00:00.000Z",
};

describe("the verdict cache on disk", () => {
  it("keeps a verdict under its key, lists it, and forgets it", async () => {
    const cache = await mkdtemp(join(tmpdir(), "verdicts-"));
    dirs.push(cache);
    const key = "0123456789abcdef0123456789abcdef";
    expect(await readCachedVerdict(cache, key)).toBeNull();
    await writeCachedVerdict(cache, key, verdict);
    expect(await readCachedVerdict(cache, key)).toEqual(verdict);
    expect(await listCachedVerdicts(cache)).toEqual([{ key, verdict }]);
    await forgetCachedVerdict(cache, key);
    expect(await readCachedVerdict(cache, key)).toBeNull();
    expect(await listCachedVerdicts(cache)).toEqual([]);
  });

  it.each([
    ["a torn file", '{ "status": "fa'],
    ["another shape", JSON.stringify({ status: "flaky", signature: null })],
  ])("reads %s as a miss", async (_name, text) => {
    const cache = await mkdtemp(join(tmpdir(), "verdicts-"));
    dirs.push(cache);
    const key = "ffeeddccbbaa99887766554433221100";
    await writeCachedVerdict(cache, key, verdict);
    await writeFile(join(cache, "verdicts", "ff", `${key}.json`), text);
    expect(await readCachedVerdict(cache, key)).toBeNull();
  });
});
