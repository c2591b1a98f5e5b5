/**
 * Old environments go: a night uses a few dependency layers, and every pin that moves leaves one
 * behind. After a run, the environments it did not use are removed, least recently used first,
 * until what `envs/` holds fits the cap (`$MATRIX_ENV_CAP_GB`, default 40). An environment's use
 * is its marker's mtime, touched whenever it is reused. A removal takes the entry's lock (one
 * being built or changed is skipped) and renames the folder aside before deleting it, so no
 * reader ever sees half an environment.
 */
import { lstat, readdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type EnvEntry, pickPrunable } from "../core/cache/pick-prunable.js";
import { markerOf, tryLockEntry } from "./env-cache.js";
import { listIfPresent, unlessAbsent } from "./fs.js";

const GB = 1024 ** 3;
/** Kept inside each environment: its size in bytes, measured the first time it is listed. */
const SIZE_FILE = ".matrix-bytes";

/** The cap in bytes: `$MATRIX_ENV_CAP_GB` (a positive number), else 40 GB. */
export function envCapBytes(env = process.env): number {
  const gb = Number(env.MATRIX_ENV_CAP_GB);
  return (Number.isFinite(gb) && gb > 0 ? gb : 40) * GB;
}

/** Marks an environment used now (its marker's mtime), so pruning keeps the ones in use. */
export async function touchEnvironment(envDir: string): Promise<void> {
  const now = new Date();
  await utimes(markerOf(envDir), now, now).catch(() => undefined);
}

/** Bytes a folder holds on disk, each inode once (hard links from uv's cache count where they are). */
async function sizeOf(dir: string, seen: Set<string>): Promise<number> {
  const entries = (await unlessAbsent(dir, readdir(dir, { withFileTypes: true }))) ?? [];
  // One directory's entries at once: a torch environment has ~20k files, and one lstat after
  // another took minutes over a cache of a dozen of them (libuv's pool bounds the concurrency).
  const sizes = await Promise.all(
    entries.map(async (entry): Promise<number> => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sizeOf(path, seen);
      const info = await unlessAbsent(path, lstat(path));
      if (!info || seen.has(`${info.dev}:${info.ino}`)) return 0;
      seen.add(`${info.dev}:${info.ino}`);
      return info.blocks * 512;
    }),
  );
  return sizes.reduce((sum, n) => sum + n, 0);
}

/**
 * An environment's size, measured once and kept beside it: a finished environment does not grow
 * (only the project, a few files, is reinstalled on top), and doctor and every run's pruning
 * list the whole cache.
 */
async function sizeOfEnvironment(envDir: string): Promise<number> {
  const file = join(envDir, SIZE_FILE);
  try {
    const recorded = Number((await readFile(file, "utf8")).trim());
    if (Number.isSafeInteger(recorded) && recorded > 0) return recorded;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const bytes = await sizeOf(envDir, new Set());
  await writeFile(file, `${bytes}\n`);
  return bytes;
}

/** The finished environments under `cacheDir/envs`, most recently used first. */
export async function listEnvironments(cacheDir: string): Promise<EnvEntry[]> {
  const root = join(cacheDir, "envs");
  const names = await listIfPresent(root);
  const entries: EnvEntry[] = [];
  for (const key of names) {
    const marker = await unlessAbsent(markerOf(join(root, key)), stat(markerOf(join(root, key))));
    if (!marker) continue;
    entries.push({ key, lastUsedMs: marker.mtimeMs, bytes: await sizeOfEnvironment(join(root, key)) });
  }
  return entries.sort((a, b) => b.lastUsedMs - a.lastUsedMs);
}

/** Removes the environments not used since `sinceMs` beyond the cap; returns what went. */
export async function pruneEnvironments(
  cacheDir: string,
  sinceMs: number,
  capBytes: number,
): Promise<EnvEntry[]> {
  const root = join(cacheDir, "envs");
  const entries = await listEnvironments(cacheDir);
  let total = entries.reduce((sum, e) => sum + e.bytes, 0);
  const removed: EnvEntry[] = [];
  // Every unused entry, oldest first; one that cannot be removed now is passed over for the next.
  for (const entry of pickPrunable(entries, sinceMs, 0)) {
    if (total <= capBytes) break;
    if (!(await removeEntry(root, entry.key))) continue;
    removed.push(entry);
    total -= entry.bytes;
  }
  return removed;
}

/** Removes one entry under its lock; false when it is locked (being built or changed) or already gone. */
async function removeEntry(root: string, key: string): Promise<boolean> {
  const held = await tryLockEntry(root, key);
  if (!held) return false;
  try {
    const aside = join(root, `.pruned-${key}-${process.pid}`);
    await rename(join(root, key), aside);
    await rm(aside, { recursive: true, force: true });
    return true;
  } catch {
    return false;
  } finally {
    await held.release();
  }
}
