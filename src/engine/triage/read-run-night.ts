/**
 * A run folder read as one night of history: the summary (or, for a night split over runners,
 * the triage of its results and manifest), every result record, the manifest when there is one,
 * `bisect/*.json`, `gate.json` and `issues/filed.json` when present. Each through run-records.ts:
 * absent is absent, a torn or corrupt record is an input error naming it (a night recorded
 * without a bisect or a filing it had would tell the history a wrong story for good).
 */
import { basename } from "node:path";
import type { RunLayout } from "../../adapters/run-folder.js";
import { buildNight } from "../../core/history/build-night.js";
import type { HistoryNight } from "../../core/history/history-record.js";
import { readRunSummary } from "./read-run-summary.js";
import { readBisects, readFilings, readGate, readManifest, readResults } from "./run-records.js";

/** The night `layout` holds, as history keeps it. */
export async function readRunNight(layout: RunLayout, now = new Date()): Promise<HistoryNight> {
  const summary = await readRunSummary(layout);
  return buildNight({
    gate: await readGate(layout),
    run: summary.run ?? basename(layout.dir),
    manifest: await readManifest(layout),
    summary: summary as Parameters<typeof buildNight>[0]["summary"],
    results: await readResults(layout),
    bisects: await readBisects(layout),
    filings: await readFilings(layout),
    now,
  });
}
