/**
 * Pruning on a real cache folder: finished entries with their markers, one in use tonight, old
 * ones by their markers' mtimes, one locked by a builder. Only what the cap needs goes, oldest first.
 */
import { existsSync } from "node:fs";
import { link, mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lockOf, markerOf, tryLockEntry } from "../../src/adapters/env-cache.js";
import { listEnvironments, pruneEnvironments, touchEnvironment } from "../../src/adapters/env-prune.js";

let cache: string;
const DAY = 86_400_000;

async function entry(key: string, usedDaysAgo: number): Promise<void> {
  const dir = join(cache, "envs", key);
  await mkdir(join(dir, "lib"), { recursive: true });
  await writeFile(join(dir, "lib", "big.bin"), Buffer.alloc(256 * 1024, 1));
  await writeFile(markerOf(dir), "{}");
  const at = new Date(Date.now() - usedDaysAgo * DAY);
  await utimes(markerOf(dir), at, at);
}

beforeAll(async () => {
  cache = await mkdtemp(join(tmpdir(), "matrix-prune-"));
});
afterAll(async () => {
  await rm(cache, { recursive: true, force: true });
});

describe("pruneEnvironments", () => {
  it("removes unused environments, least recently used first, until the rest fit the cap", async () => {
    await entry("oldest", 30);
    await entry("old", 20);
    await entry("locked", 25);
    await entry("recent", 2);
    await entry("tonight", 10);
    await touchEnvironment(join(cache, "envs", "tonight"));
    // A live builder's lock (proper-lockfile's, refreshed while held): pruning passes it over.
    const held = await tryLockEntry(join(cache, "envs"), "locked");
    expect(held).not.toBeNull();
    const before = await listEnvironments(cache);
    expect(before.map((e) => e.key)).toEqual(["tonight", "recent", "old", "locked", "oldest"]);
    const each = before[0]?.bytes ?? 0;
    expect(each).toBeGreaterThanOrEqual(256 * 1024);
    // Room for three: two must go; the locked one is skipped, so the next oldest goes instead.
    const removed = await pruneEnvironments(cache, Date.now() - 60_000, each * 3);
    expect(removed.map((e) => e.key)).toEqual(["oldest", "old"]);
    expect((await readdir(join(cache, "envs"))).sort()).toEqual([
      "locked",
      "locked.lockdir",
      "recent",
      "tonight",
    ]);
    expect(existsSync(join(cache, "envs", "tonight", "lib", "big.bin"))).toBe(true);
    await held?.release();
    expect(existsSync(lockOf(join(cache, "envs"), "locked"))).toBe(false);
  });

  it("measures an environment once and keeps the figure beside it, hard links counted once", async () => {
    await entry("measured", 1);
    const dir = join(cache, "envs", "measured");
    await link(join(dir, "lib", "big.bin"), join(dir, "lib", "same.bin"));
    const first = (await listEnvironments(cache)).find((e) => e.key === "measured");
    expect(first?.bytes).toBeGreaterThanOrEqual(256 * 1024);
    expect(first?.bytes).toBeLessThan(2 * 256 * 1024);
    expect(Number(await readFile(join(dir, ".matrix-bytes"), "utf8"))).toBe(first?.bytes);
    // The kept figure is what a later listing reads: no walk over a torch-sized tree again.
    await writeFile(join(dir, ".matrix-bytes"), "123456\n");
    const again = (await listEnvironments(cache)).find((e) => e.key === "measured");
    expect(again?.bytes).toBe(123456);
  });
});
