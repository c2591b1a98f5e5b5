/**
 * `reports/history/`: one file per night plus `index.json`, each written whole, the index last.
 * A night file the index does not list yet (a report killed between the two writes) is picked
 * up; one that does not parse is left out and said; the index is rebuilt from the files, so it
 * can never point at a torn night. Merging another history folder copies its nights in without
 * loss; retention removes the oldest nights only after the index stops listing them. The records
 * of `matrix pr` runs live apart, in `pr/` (pr-history-store.ts): `nights` never holds one, so
 * no nightly reader meets them; `prs` carries them for the upstream view. The temp file of a
 * writer killed between write and rename (`<run>.json.<n>`) is never read as a night, and a later
 * report removes it (core/history/record-names.ts).
 */
import { readdir, readFile, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { listIfPresent, unlessAbsent, writeRedactedJson, writeRedactedText } from "../../adapters/fs.js";
import {
  type HistoryIndex,
  type HistoryNight,
  historyNightSchema,
  indexEntryOf,
} from "../../core/history/history-record.js";
import { applyRetention, mergeHistories } from "../../core/history/merge-histories.js";
import { mergePrRecords, type PrRecord } from "../../core/history/pr-record.js";
import { isLeftoverTemp, isRecordName, LEFTOVER_AGE_MS } from "../../core/history/record-names.js";
import { collectSecrets, redactDeep } from "../../core/results/redact.js";
import { prHistoryDirOf, readPrRecords, writePrRecords } from "./pr-history-store.js";

/** A history folder as read: its nights and pull request records (oldest first) and what could not be read. */
export interface HistoryRead {
  nights: HistoryNight[];
  /** The `matrix pr` runs (`pr/`): never nights, read by the upstream view only. */
  prs: PrRecord[];
  /** Night files left out, with why. */
  unreadable: string[];
}

/** The nights of `dir` (missing folder: none). */
export async function readHistory(dir: string): Promise<HistoryRead> {
  const listed = await unlessAbsent(dir, readdir(dir));
  if (listed === undefined)
    return { nights: [], prs: [], unreadable: [`${dir}: no such folder (nothing merged)`] };
  const names = listed.filter((n) => isRecordName(n) && n !== "index.json").sort();
  const nights: HistoryNight[] = [];
  const unreadable: string[] = [];
  for (const name of names) {
    const path = join(dir, name);
    try {
      const parsed = historyNightSchema.safeParse(JSON.parse(await readFile(path, "utf8")));
      if (parsed.success) nights.push(parsed.data);
      else unreadable.push(`${path}: not a history night (${parsed.error.issues[0]?.message})`);
    } catch (error) {
      unreadable.push(`${path}: ${(error as Error).message}`);
    }
  }
  const prs = await readPrRecords(dir);
  return { nights, prs: prs.records, unreadable: [...unreadable, ...prs.unreadable] };
}

/** What `recordHistory` did. */
export interface HistoryWrite {
  nights: HistoryNight[];
  prs: PrRecord[];
  /** Night run ids written (pull request records: `prsWritten`). */
  written: string[];
  prsWritten: string[];
  dropped: string[];
  unreadable: string[];
}

/**
 * Adds `night` (when given) and the nights of `mergeDirs` to the history in `dir`, applies
 * retention, and writes the changed night files, then the index, then removes dropped nights.
 * The pull request records of `mergeDirs` are copied into `pr/` likewise (retention keeps the
 * newest `keep` of them too). Reporting the same night twice changes nothing.
 */
export async function recordHistory(
  dir: string,
  night: HistoryNight | null,
  opts: { merge?: string[]; keep?: number | null } = {},
): Promise<HistoryWrite> {
  const own = await readHistory(dir);
  // The first night has no history yet: that is no news.
  if (own.nights.length === 0) own.unreadable = own.unreadable.filter((u) => !u.startsWith(`${dir}:`));
  const others = await Promise.all((opts.merge ?? []).map((d) => readHistory(d)));
  const merged = mergeHistories(own.nights, ...others.map((o) => o.nights), night ? [night] : []);
  const { kept, dropped } = applyRetention(merged, opts.keep ?? null);
  const before = new Map(own.nights.map((n) => [n.run, JSON.stringify(n)]));
  const secrets = collectSecrets(process.env);
  const written: string[] = [];
  for (const n of kept) {
    // Compared as it would be written (redacted), so reporting a night again writes nothing.
    if (before.get(n.run) === JSON.stringify(redactDeep(n, secrets))) continue;
    await writeRedactedJson(join(dir, `${n.run}.json`), n);
    written.push(n.run);
  }
  const index: HistoryIndex = { version: 1, keep: opts.keep ?? null, runs: kept.map(indexEntryOf) };
  await writeRedactedText(join(dir, "index.json"), `${JSON.stringify(index, null, 1)}\n`);
  for (const run of dropped) await rm(join(dir, `${run}.json`), { force: true });
  await removeLeftovers(dir);
  await removeLeftovers(prHistoryDirOf(dir));
  const prs = applyRetention(mergePrRecords(own.prs, ...others.map((o) => o.prs)), opts.keep ?? null);
  const prsWritten = await writePrRecords(dir, prs.kept, own.prs, prs.dropped);
  return {
    nights: kept,
    prs: prs.kept,
    written,
    prsWritten,
    dropped,
    unreadable: [...own.unreadable, ...others.flatMap((o) => o.unreadable)],
  };
}

/**
 * Temp files of a report killed between write and rename: never read; removed by a later report
 * once they are a minute old (a younger one may belong to a report running right now), here and
 * in `pr/`, so they are not carried night after night in the history artifact.
 */
export async function removeLeftovers(dir: string, now = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  for (const name of (await listIfPresent(dir)).filter(isLeftoverTemp)) {
    const path = join(dir, name);
    // Gone already (its writer renamed it, or another report removed it): nothing to do.
    const info = await unlessAbsent(path, stat(path));
    if (info === undefined || now - info.mtimeMs <= LEFTOVER_AGE_MS) continue;
    await rm(path, { force: true });
    removed.push(name);
  }
  return removed;
}
