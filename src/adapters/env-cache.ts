/**
 * Content-addressed cache entries (`root/<key>/`) built under a per-entry lock, so parallel
 * workers (and parallel runners sharing a cache disk) never see half an entry, and a second
 * caller waits for the first and reuses its work.
 *
 * An entry is built in place at its final path and becomes visible only when its completion
 * marker is renamed into place, last. Python environments cannot be built elsewhere and renamed:
 * a venv embeds its absolute path in `bin/` scripts (shebangs, activate), so a renamed venv has
 * broken entry points. The marker rename gives the same all-or-nothing view; a crashed build
 * leaves a folder without a marker, which the next lock holder deletes and rebuilds.
 *
 * The lock is a directory (mkdir is atomic) holding its owner's pid and host. A lock whose owner
 * died on this host, or whose heartbeat (mtime, refreshed while building) is older than
 * `staleMs`, is broken. Deleting the whole cache is always safe.
 */

import { mkdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { writeJsonAtomic } from "./fs.js";

const MARKER = ".matrix-complete.json";

/** How a build came out: a value to record in the marker, or a failure that is not cached. */
export type BuildOutcome<T, F> = { ok: true; value: T } | { ok: false; value: F };

/** Lock timing; the defaults suit installs that take minutes. */
export interface EntryOptions {
  /** A lock whose heartbeat is older than this is taken over. */
  staleMs?: number;
  /** How often a waiter looks again. */
  pollMs?: number;
}

/** The entry: its folder, what the builder recorded, and whether an earlier build made it. */
export type EntryResult<T, F> =
  | { ok: true; dir: string; value: T; reused: boolean }
  | { ok: false; value: F };

/** The completion marker of an entry folder (its mtime: the entry's last use). */
export function markerOf(dir: string): string {
  return join(dir, MARKER);
}

/** Reads a finished entry's marker, or null when the entry is absent or unfinished. */
export function readEntry<T>(dir: string): Promise<T | null> {
  return readEntryFile<T>(join(dir, MARKER));
}

/** A JSON file the cache wrote whole, or null when it is absent (or not JSON: then it is rewritten). */
export async function readEntryFile<T>(path: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as T;
  } catch {
    return null;
  }
}

/** True when the lock's owner is gone: dead on this host, or silent for longer than staleMs. */
async function isStale(lock: string, staleMs: number): Promise<boolean> {
  try {
    const info = await stat(lock);
    const owner = JSON.parse(await readFile(join(lock, "owner.json"), "utf8").catch(() => "{}")) as {
      pid?: number;
      host?: string;
    };
    if (owner.host === hostname() && typeof owner.pid === "number" && !isRunning(owner.pid)) return true;
    return Date.now() - info.mtimeMs > staleMs;
  } catch {
    return false;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes the lock, or returns the finished entry's value when another builder finished first
 * (unless `evenWhenDone`: a change on top of a finished entry waits for the lock itself).
 */
async function acquire<T>(
  dir: string,
  lock: string,
  opts: Required<EntryOptions>,
  evenWhenDone = false,
): Promise<{ done: T } | null> {
  for (;;) {
    try {
      await mkdir(lock);
      await writeFile(join(lock, "owner.json"), JSON.stringify({ pid: process.pid, host: hostname() }));
      return null;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    const done = evenWhenDone ? null : await readEntry<T>(dir);
    if (done !== null) return { done };
    if (await isStale(lock, opts.staleMs)) {
      // Renamed aside first, so two waiters cannot both delete a lock a third just took.
      const aside = `${lock}.stale-${process.pid}-${Date.now()}`;
      await rename(lock, aside).catch(() => undefined);
      await rm(aside, { recursive: true, force: true });
      continue;
    }
    await new Promise((resolve) => setTimeout(resolve, opts.pollMs));
  }
}

/**
 * Returns `root/<key>`, building it with `build(dir)` unless a finished one exists. `build` gets an
 * empty folder at the final path; its `ok` value is stored as the marker and returned to every
 * later caller. A failed or throwing build leaves nothing behind.
 */
export async function ensureEntry<T, F>(
  root: string,
  key: string,
  build: (dir: string) => Promise<BuildOutcome<T, F>>,
  options: EntryOptions = {},
): Promise<EntryResult<T, F>> {
  const opts = { staleMs: options.staleMs ?? 120_000, pollMs: options.pollMs ?? 250 };
  const dir = join(root, key);
  const lock = join(root, `${key}.lock`);
  const ready = await readEntry<T>(dir);
  if (ready !== null) return { ok: true, dir, value: ready, reused: true };
  await mkdir(root, { recursive: true });
  const waited = await acquire<T>(dir, lock, opts);
  if (waited) return { ok: true, dir, value: waited.done, reused: true };
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(lock, now, now).catch(() => undefined);
  }, opts.staleMs / 4);
  try {
    // Finished while we waited for the lock's previous holder?
    const finished = await readEntry<T>(dir);
    if (finished !== null) return { ok: true, dir, value: finished, reused: true };
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    let outcome: BuildOutcome<T, F>;
    try {
      outcome = await build(dir);
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    if (!outcome.ok) {
      await rm(dir, { recursive: true, force: true });
      return outcome;
    }
    await writeJsonAtomic(join(dir, MARKER), outcome.value);
    return { ok: true, dir, value: outcome.value, reused: false };
  } finally {
    clearInterval(heartbeat);
    await rm(lock, { recursive: true, force: true });
  }
}

/**
 * Runs `change` on a finished entry under its lock (the project reinstalled on top of a dependency
 * layer): a parallel builder or changer of the same entry waits, a dead one's lock is broken.
 */
export async function changeEntry<R>(
  root: string,
  key: string,
  change: (dir: string) => Promise<R>,
  options: EntryOptions = {},
): Promise<R> {
  const opts = { staleMs: options.staleMs ?? 120_000, pollMs: options.pollMs ?? 250 };
  const lock = join(root, `${key}.lock`);
  await acquire(join(root, key), lock, opts, true);
  const heartbeat = setInterval(() => {
    const now = new Date();
    utimes(lock, now, now).catch(() => undefined);
  }, opts.staleMs / 4);
  try {
    return await change(join(root, key));
  } finally {
    clearInterval(heartbeat);
    await rm(lock, { recursive: true, force: true });
  }
}
