/**
 * A run folder read as one night of history: the summary (or, for a night split over runners,
 * the triage of its results and manifest), every result record, the manifest when there is one,
 * `bisect/*.json` and `issues/filed.json` when present. Optional records that do not parse are
 * left out (the night still counts); a run without results is an input error.
 */
import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { type RunLayout, readRunFile } from "../../adapters/run-folder.js";
import { readGateRecord } from "../../core/gate/gate-record.js";
import { buildNight, type NightBisectRecord, type NightFiling } from "../../core/history/build-night.js";
import type { HistoryNight } from "../../core/history/history-record.js";
import { bisectRecordSchema } from "../../core/issues/issue-records.js";
import { type ResultRecord, resultRecordSchema } from "../../core/results/result-record.js";
import { type Manifest, manifestSchema } from "../../core/variants/manifest.js";
import { gatePathOf } from "../conclude/run-gate.js";
import { readRunSummary } from "./read-run-summary.js";

/** The night `layout` holds, as history keeps it. */
export async function readRunNight(layout: RunLayout, now = new Date()): Promise<HistoryNight> {
  const summary = await readRunSummary(layout);
  const results = await readRecords(layout.results, (v) => resultRecordSchema.safeParse(v));
  const manifestText = await readRunFile(layout.manifest);
  const manifest = manifestText ? parseOr<Manifest>(manifestText, (v) => manifestSchema.safeParse(v)) : null;
  const bisects = await readRecords(join(layout.dir, "bisect"), (v) => bisectRecordSchema.safeParse(v));
  const filedText = await readRunFile(join(layout.dir, "issues", "filed.json"));
  const filed = filedText
    ? parseOr<{ outcomes?: NightFiling[] }>(filedText, (v) => ({
        success: true,
        data: v as { outcomes?: NightFiling[] },
      }))
    : null;
  const gateText = await readRunFile(gatePathOf(layout));
  const gate = gateText
    ? readGateRecord(parseOr<unknown>(gateText, (v) => ({ success: true, data: v })))
    : null;
  return buildNight({
    gate,
    run: summary.run ?? basename(layout.dir),
    manifest,
    summary: summary as Parameters<typeof buildNight>[0]["summary"],
    results: results as ResultRecord[],
    bisects: bisects as NightBisectRecord[],
    filings: Array.isArray(filed?.outcomes) ? filed.outcomes : [],
    now,
  });
}

type Check = (value: unknown) => { success: boolean; data?: unknown };

function parseOr<T>(text: string, check: Check): T | null {
  try {
    const parsed = check(JSON.parse(text));
    return parsed.success ? (parsed.data as T) : null;
  } catch {
    return null;
  }
}

/** Every `*.json` of `dir` that parses and passes `check` (state files and strays left out). */
async function readRecords(dir: string, check: Check): Promise<unknown[]> {
  const names = (await readdir(dir).catch(() => [] as string[]))
    .filter((n) => n.endsWith(".json") && !n.endsWith(".state.json"))
    .sort();
  const out: unknown[] = [];
  for (const name of names) {
    const value = parseOr<unknown>(await readFile(join(dir, name), "utf8"), check);
    if (value !== null) out.push(value);
  }
  return out;
}
