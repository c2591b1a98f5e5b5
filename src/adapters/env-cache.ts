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
 * The lock is proper-lockfile's: a directory (mkdir is atomic) whose mtime its holder refreshes
 * while it works. A lock not refreshed for `staleMs` (its holder died, even SIGKILLed) is taken
 * over; a live holder's lock is refreshed and never taken. A holder whose lock was taken anyway (it
 * stalled longer than `staleMs`) learns it from proper-lockfile and abandons its build instead of
 * finishing an entry someone else is rebuilding. Deleting the whole cache is always safe.
 */

import { mkdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { lock } from "proper-lockfile";
import { writeJsonAtomic } from "./fs.js";

const MARKER = ".matrix-complete.json";
// A lock not refreshed for this long is its dead holder's (the holder refreshes it every 15 s).
const STALE_MS = 30_000;

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

/** A lock this process holds on one entry. */
export interface EntryLock {
  /** Gives the lock back (nothing to do when it was taken over). */
  release: () => Promise<void>;
  /** Set when another process took the lock over while we held it. */
  lost: () => Error | null;
}

/**
 * The lock's folder: `<key>.lockdir`, not the `<key>.lock` that older versions wrote with an
 * `owner.json` inside, which proper-lockfile could not remove (it removes an empty folder).
 */
export function lockOf(root: string, key: string): string {
  return join(root, `${key}.lockdir`);
}

/** Takes the entry's lock now, or null when a live holder has it. */
export async function tryLockEntry(root: string, key: string, staleMs = STALE_MS): Promise<EntryLock | null> {
  let lost: Error | null = null;
  try {
    const release = await lock(join(root, key), {
      lockfilePath: lockOf(root, key),
      // The entry folder need not exist yet: no realpath of it.
      realpath: false,
      stale: staleMs,
      retries: 0,
      onCompromised: (error) => {
        lost = error;
      },
    });
    return { release: () => (lost ? Promise.resolve() : release()), lost: () => lost };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ELOCKED") return null;
    throw error;
  }
}

/**
 * Waits for the entry's lock, or returns the finished entry's value when another builder finished
 * first (a change on top of a finished entry, with no `readDone`, waits for the lock itself).
 */
function acquire(root: string, key: string, opts: Required<EntryOptions>): Promise<{ held: EntryLock }>;
function acquire<T>(
  root: string,
  key: string,
  opts: Required<EntryOptions>,
  readDone: (dir: string) => Promise<T | null>,
): Promise<{ held: EntryLock } | { done: T }>;
async function acquire<T>(
  root: string,
  key: string,
  opts: Required<EntryOptions>,
  readDone?: (dir: string) => Promise<T | null>,
): Promise<{ held: EntryLock } | { done: T }> {
  for (;;) {
    const held = await tryLockEntry(root, key, opts.staleMs);
    if (held) return { held };
    const done = readDone ? await readDone(join(root, key)) : null;
    if (done !== null) return { done };
    await new Promise((resolve) => setTimeout(resolve, opts.pollMs));
  }
}

/** Throws when the lock was taken over: what this process made may be half of someone else's. */
function checkHeld(held: EntryLock, dir: string): void {
  const lost = held.lost();
  if (lost) throw new Error(`the lock on ${dir} was taken over while this process held it: ${lost.message}`);
}

/** Lock timing with its defaults. */
function timingOf(options: EntryOptions): Required<EntryOptions> {
  return { staleMs: options.staleMs ?? STALE_MS, pollMs: options.pollMs ?? 250 };
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
  const opts = timingOf(options);
  const dir = join(root, key);
  const ready = await readEntry<T>(dir);
  if (ready !== null) return { ok: true, dir, value: ready, reused: true };
  await mkdir(root, { recursive: true });
  const waited = await acquire(root, key, opts, readEntry<T>);
  if ("done" in waited) return { ok: true, dir, value: waited.done, reused: true };
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
    checkHeld(waited.held, dir);
    await writeJsonAtomic(join(dir, MARKER), outcome.value);
    return { ok: true, dir, value: outcome.value, reused: false };
  } finally {
    await waited.held.release();
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
  const opts = timingOf(options);
  await mkdir(root, { recursive: true });
  const { held } = await acquire(root, key, opts);
  try {
    const changed = await change(join(root, key));
    checkHeld(held, join(root, key));
    return changed;
  } finally {
    await held.release();
  }
}
