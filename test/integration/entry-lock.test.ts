/**
 * The cache entry's lock (proper-lockfile) between real processes: two builders of one entry build
 * it once, the other waits and reuses; a builder SIGKILLed mid-build leaves a lock that goes stale
 * and is taken over, its half-built entry rebuilt; a live builder that holds the lock for longer
 * than the stale time keeps it (its heartbeat refreshes it), and a waiter reuses its work; a holder
 * whose lock was taken over anyway finishes nothing.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { execa, type ResultPromise } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureEntry, lockOf, markerOf } from "../../src/adapters/env-cache.js";

const holder = resolve(import.meta.dirname, "../support/entry-holder.ts");
const tsx = import.meta.resolve("tsx");
const STALE_MS = 2_000;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "matrix-entry-lock-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A real process building `key` under `root` for `buildMs`. */
function startHolder(root: string, key: string, buildMs: number): ResultPromise<{ lines: true }> {
  return execa("node", ["--import", tsx, holder, root, key, String(buildMs), String(STALE_MS)], {
    lines: true,
  });
}

/** The entry a holder printed last. */
function entryOf(lines: string[]): { ok: boolean; reused: boolean; value: { builder: number } } {
  return JSON.parse(lines.at(-1) ?? "{}");
}

async function buildersOf(root: string): Promise<number[]> {
  const log = await readFile(join(root, "builds.log"), "utf8");
  return log.trim().split("\n").map(Number);
}

/** Resolves once the holder says its build has started (the lock is held). */
function buildStarted(proc: ResultPromise<{ lines: true }>): Promise<void> {
  return new Promise((ready) => {
    proc.stdout.on("data", (chunk: Buffer) => {
      if (chunk.toString().includes("building")) ready();
    });
  });
}

describe("the cache entry's lock across processes", () => {
  it("lets exactly one of two processes build; the other waits and reuses its entry", async () => {
    const root = join(dir, "race");
    const [a, b] = await Promise.all([startHolder(root, "env", 1_500), startHolder(root, "env", 1_500)]);
    const entries = [entryOf(a.stdout), entryOf(b.stdout)];
    const builders = await buildersOf(root);
    expect(builders).toHaveLength(1);
    expect(entries.map((e) => e.reused).sort()).toEqual([false, true]);
    expect(entries.map((e) => e.value.builder)).toEqual([builders[0], builders[0]]);
    expect(existsSync(lockOf(root, "env"))).toBe(false);
  });

  it("takes over the lock of a builder killed mid-build, and rebuilds its half-built entry", async () => {
    const root = join(dir, "dead");
    const dying = startHolder(root, "env", 600_000);
    await buildStarted(dying);
    dying.kill("SIGKILL");
    expect((await dying.catch((e) => e)).signal).toBe("SIGKILL");
    // SIGKILL runs no exit handler: the lock is still there, no longer refreshed.
    const lastRefresh = (await stat(lockOf(root, "env"))).mtimeMs;
    let takenAt = 0;
    const entry = await ensureEntry(
      root,
      "env",
      async (d) => {
        takenAt = Date.now();
        expect(await readdir(d)).toEqual([]);
        return { ok: true, value: { builder: process.pid } };
      },
      { staleMs: STALE_MS, pollMs: 50 },
    );
    expect(entry).toMatchObject({ ok: true, reused: false, value: { builder: process.pid } });
    // Taken over only once the lock had gone unrefreshed for the stale time, not before.
    expect(takenAt - lastRefresh).toBeGreaterThanOrEqual(STALE_MS - 50);
    expect(await buildersOf(root)).toEqual([dying.pid]);
    expect(existsSync(lockOf(root, "env"))).toBe(false);
  });

  it("never takes the lock of a live builder that holds it past the stale time", async () => {
    const root = join(dir, "live");
    const living = startHolder(root, "env", STALE_MS * 3);
    await buildStarted(living);
    const entry = await ensureEntry(
      root,
      "env",
      async () => ({ ok: true, value: { builder: process.pid } }),
      { staleMs: STALE_MS, pollMs: 50 },
    );
    const done = await living;
    expect(entryOf(done.stdout)).toMatchObject({ ok: true, reused: false, value: { builder: living.pid } });
    expect(entry).toMatchObject({ ok: true, reused: true, value: { builder: living.pid } });
    expect(await buildersOf(root)).toEqual([living.pid]);
  });

  it("abandons a build whose lock another process took over, leaving no finished entry", async () => {
    const root = join(dir, "taken");
    const build = ensureEntry(
      root,
      "env",
      async () => {
        // What a waiter that judged the lock stale does: removes it and takes its own.
        await rm(lockOf(root, "env"), { recursive: true });
        await mkdir(lockOf(root, "env"));
        // Long enough for the holder's next refresh to find the lock is not its own.
        await new Promise((resolve) => setTimeout(resolve, STALE_MS * 1.5));
        return { ok: true, value: { builder: process.pid } };
      },
      { staleMs: STALE_MS, pollMs: 50 },
    );
    await expect(build).rejects.toThrow(/the lock on .* was taken over while this process held it/);
    expect(existsSync(markerOf(join(root, "env")))).toBe(false);
    // The other taker's lock is left alone.
    expect(existsSync(lockOf(root, "env"))).toBe(true);
  });
});
