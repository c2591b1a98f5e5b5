/**
 * A job killed mid-write leaves the atomic writer's temp file (`<night>.json.<n>`, torn) in
 * `reports/history/` and in `history/pr/`; the history travels between nights as an artifact, so
 * the next night finds it. Its reader passes over it (the nights all read, nothing unreadable),
 * and its report removes it once it is a minute old, keeping a younger one (a writer running now).
 */
import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { night } from "../../src/core/history/fixtures.js";
import { readHistory, recordHistory } from "../../src/engine/report/history-store.js";

let dir: string;
const torn = (n: number) => `${night(n, []).run}.json.3141592653`;

beforeAll(async () => {
  dir = join(await mkdtemp(join(tmpdir(), "history-leftovers-")), "history");
  await recordHistory(dir, night(1, ["pinned/lora-smoke:pass"]));
  await mkdir(join(dir, "pr"), { recursive: true });
  const old = new Date(Date.now() - 5 * 60_000);
  for (const path of [join(dir, torn(2)), join(dir, "pr", "20260302-020000-bbbb.json.27182818")]) {
    await writeFile(path, JSON.stringify(night(2, ["pinned/lora-smoke:pass"])).slice(0, 50));
    await utimes(path, old, old);
  }
  await writeFile(join(dir, torn(3)), '{"version": 1, "ru');
});

afterAll(async () => {
  if (dir) await rm(join(dir, ".."), { recursive: true, force: true });
});

describe("the history after a job killed mid-write", () => {
  it("is read whole: the temp files are no night and nothing unreadable", async () => {
    const read = await readHistory(dir);
    expect(read.nights.map((n) => n.run)).toEqual([night(1, []).run]);
    expect(read.prs).toEqual([]);
    expect(read.unreadable).toEqual([]);
  });

  it("records the next night and removes the stale temp files, keeping a fresh one", async () => {
    const next = night(2, ["pinned/lora-smoke:pass"]);
    const written = await recordHistory(dir, next);
    expect(written.written).toEqual([next.run]);
    expect(written.unreadable).toEqual([]);
    expect((await readdir(dir)).sort()).toEqual(
      [`${night(1, []).run}.json`, `${next.run}.json`, torn(3), "index.json", "pr"].sort(),
    );
    expect(await readdir(join(dir, "pr"))).toEqual([]);
    expect((await readHistory(dir)).nights.map((n) => n.run)).toEqual([night(1, []).run, next.run]);
  });
});
