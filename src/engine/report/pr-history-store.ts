/**
 * `reports/history/pr/`: one record per `matrix pr` run (core/history/pr-record.ts), each written
 * whole. A folder of its own, so the nights' readers (and a harness that predates pull request
 * records, which lists `history/*.json` only) never meet one; `matrix report --merge` carries
 * them across histories for the upstream view. A record that does not parse is left out and said.
 */
import { readFile, rm } from "node:fs/promises";
import { basename, join } from "node:path";
import { listIfPresent, writeRedactedJson } from "../../adapters/fs.js";
import { byDate, type PrRecord, prRecordOf, prRecordSchema } from "../../core/history/pr-record.js";
import { isRecordName } from "../../core/history/record-names.js";
import type { PrReport } from "../../core/pr/pr-report.js";
import { collectSecrets, redactDeep } from "../../core/results/redact.js";

/** Where the pull request records of the history folder `historyDir` live. */
export const prHistoryDirOf = (historyDir: string) => join(historyDir, "pr");

/** The records of `historyDir` (none when it has no `pr/` folder), oldest first, and what could not be read. */
export async function readPrRecords(
  historyDir: string,
): Promise<{ records: PrRecord[]; unreadable: string[] }> {
  const dir = prHistoryDirOf(historyDir);
  const listed = await listIfPresent(dir);
  const records: PrRecord[] = [];
  const unreadable: string[] = [];
  for (const name of listed.filter(isRecordName).sort()) {
    const path = join(dir, name);
    try {
      const parsed = prRecordSchema.safeParse(JSON.parse(await readFile(path, "utf8")));
      if (parsed.success) records.push(parsed.data);
      else unreadable.push(`${path}: not a pull request record (${parsed.error.issues[0]?.message})`);
    } catch (error) {
      unreadable.push(`${path}: ${(error as Error).message}`);
    }
  }
  records.sort(byDate);
  return { records, unreadable };
}

/**
 * Writes `records` into `historyDir/pr/` (a record already there, as it would be written, is not
 * written again) and removes the runs in `dropped`. Returns the run ids written.
 */
export async function writePrRecords(
  historyDir: string,
  records: readonly PrRecord[],
  had: readonly PrRecord[] = [],
  dropped: readonly string[] = [],
): Promise<string[]> {
  const dir = prHistoryDirOf(historyDir);
  const before = new Map(had.map((r) => [r.run, JSON.stringify(r)]));
  const secrets = collectSecrets(process.env);
  const written: string[] = [];
  for (const record of records) {
    if (before.get(record.run) === JSON.stringify(redactDeep(record, secrets))) continue;
    await writeRedactedJson(join(dir, `${record.run}.json`), record);
    written.push(record.run);
  }
  for (const run of dropped) await rm(join(dir, `${run}.json`), { force: true });
  return written;
}

/**
 * The end of `matrix pr`: its record added to `historyDir/pr/` as `<run-id>.json` (the run
 * folder's name, as a night's), written whole. Returns the file's path.
 */
export async function recordPrRun(historyDir: string, report: PrReport, now = new Date()): Promise<string> {
  const record = prRecordOf(report, basename(report.run), now.toISOString());
  await writePrRecords(historyDir, [record]);
  return join(prHistoryDirOf(historyDir), `${record.run}.json`);
}
