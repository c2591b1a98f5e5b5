/**
 * The verdict cache: one small JSON file per smoke verdict under `cacheDir/verdicts/`, keyed by
 * `verdictKeyOf` (core/bisect/verdict-key.ts). Only decisive answers are kept (a pass, or a
 * failure with its signature); a flaky run, a timeout or an install error says as much about the
 * machine as about the code. Entries are written whole; one that does not parse is a miss, since
 * deleting the cache is always safe.
 */
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { parseJsonRecord } from "../core/records/parse-json-record.js";
import { listIfPresent, readTextIfPresent, writeJsonAtomic } from "./fs.js";

const cachedVerdictSchema = z.object({
  /** What the key stands for, for a reader of the cache folder (the key itself is a hash). */
  package: z.string(),
  ref: z.string(),
  job: z.string(),
  status: z.enum(["pass", "fail"]),
  /** The failure's signature (null for a pass). */
  signature: z.string().nullable(),
  /** Where the answer was first measured: a run folder, or the night's cell. */
  from: z.string(),
  recorded: z.string(),
});

/** One remembered verdict. */
export type CachedVerdict = z.infer<typeof cachedVerdictSchema>;

function entryPath(cacheDir: string, key: string): string {
  return join(cacheDir, "verdicts", key.slice(0, 2), `${key}.json`);
}

/** The verdict remembered under `key`, or null. */
export async function readCachedVerdict(cacheDir: string, key: string): Promise<CachedVerdict | null> {
  const path = entryPath(cacheDir, key);
  const text = await readTextIfPresent(path);
  if (text === null) return null;
  try {
    return parseJsonRecord(text, path, cachedVerdictSchema, { what: "verdict", fix: "remove it" });
  } catch {
    // A torn or foreign entry is a miss: the smoke runs again and its answer replaces it.
    return null;
  }
}

/** Remembers a verdict under `key` (a later answer for the same key replaces it). */
export async function writeCachedVerdict(
  cacheDir: string,
  key: string,
  verdict: CachedVerdict,
): Promise<void> {
  await writeJsonAtomic(entryPath(cacheDir, key), verdict);
}

/** Every remembered verdict with its key (what a bench or a maintainer looking at the cache reads). */
export async function listCachedVerdicts(
  cacheDir: string,
): Promise<Array<{ key: string; verdict: CachedVerdict }>> {
  const root = join(cacheDir, "verdicts");
  const found: Array<{ key: string; verdict: CachedVerdict }> = [];
  for (const prefix of await listIfPresent(root)) {
    for (const file of await listIfPresent(join(root, prefix))) {
      if (!file.endsWith(".json")) continue;
      const key = file.slice(0, -".json".length);
      const verdict = await readCachedVerdict(cacheDir, key);
      if (verdict) found.push({ key, verdict });
    }
  }
  return found;
}

/** Forgets the verdict under `key`: its smoke runs again next time. */
export async function forgetCachedVerdict(cacheDir: string, key: string): Promise<void> {
  await rm(entryPath(cacheDir, key), { force: true });
}
