/**
 * The night a gate reads: the run's `summary.json`, or, for a night split over runners (each
 * `matrix run` wrote its cells into `results/`, from the one `manifest.json`), the triage of
 * those results, so `matrix gate --run DIR` works where `matrix nightly` never ran. The bisect
 * jobs' records (`bisect/<package>--<job>.json`) are attached to the regressions they explain.
 */
import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { readInputFile } from "../../adapters/fs.js";
import { type RunLayout, readRunFile } from "../../adapters/run-folder.js";
import { type GateSummary, gateSummarySchema } from "../../core/gate/gate-summary.js";
import { type BisectRecord, bisectRecordSchema } from "../../core/issues/issue-records.js";
import { parseJsonRecord } from "../../core/records/parse-json-record.js";
import { type ResultRecord, resultRecordSchema } from "../../core/results/result-record.js";
import { attachBisects } from "../../core/triage/attach-bisects.js";
import { triageRun } from "../../core/triage/triage-run.js";
import { manifestSchema } from "../../core/variants/manifest.js";
import { InputError } from "../../errors.js";

/** The run's summary, checked; else the triage of its manifest and results; else an input error. */
export async function readRunSummary(layout: RunLayout): Promise<GateSummary> {
  const text = await readRunFile(layout.summary);
  if (text !== null)
    return parseJsonRecord(text, layout.summary, gateSummarySchema, { what: "a night's summary", fix: FIX });
  return gateSummarySchema.parse((await triageSplitRun(layout)).summary);
}

/** A night split over runners: the triage of its results, with its bisect records, and its manifest. */
export async function triageSplitRun(layout: RunLayout) {
  const reported = await readdir(layout.results).catch(() => [] as string[]);
  if (!reported.some((n) => n.endsWith(".json"))) {
    throw new InputError(
      `${layout.summary}:1:1: no summary and no results in this run; run \`matrix nightly\` first, or pass --run DIR`,
    );
  }
  const { manifest, results, bisects } = await readRunRecords(layout);
  const moves = manifest.variants.map((v) => ({ name: v.name, kind: v.kind, packages: v.moves }));
  const triage = triageRun(results, moves);
  const explained = attachBisects(triage.regressions, bisects);
  const summary = { run: basename(layout.dir), ...triage, ...explained, results };
  return { summary, manifest };
}

/**
 * What the runners of a night left in its folder, read once for every stage after them: the
 * manifest (an input error without one), each cell's result record and each bisect's record.
 */
export async function readRunRecords(layout: RunLayout) {
  const names = (await readdir(layout.results).catch(() => [] as string[])).filter((n) =>
    n.endsWith(".json"),
  );
  const manifestPath = layout.manifest;
  const manifestText = await readInputFile(
    manifestPath,
    "run's manifest (the results need it to be triaged)",
  );
  const manifest = parseJsonRecord(manifestText, manifestPath, manifestSchema, {
    what: "a matrix manifest",
    fix: FIX,
  });
  const results: ResultRecord[] = [];
  for (const name of names.sort()) {
    const path = join(layout.results, name);
    const text = await readFile(path, "utf8");
    results.push(parseJsonRecord(text, path, resultRecordSchema, { what: "a result record", fix: FIX }));
  }
  return { manifest, results, bisects: await readBisectRecords(join(layout.dir, "bisect")) };
}

/** The records under `bisect/` (not the `.state.json` files a bisect resumes from). */
async function readBisectRecords(dir: string): Promise<BisectRecord[]> {
  const names = (await readdir(dir).catch(() => [] as string[]))
    .filter((n) => n.endsWith(".json") && !n.endsWith(".state.json"))
    .sort();
  const records: BisectRecord[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const text = await readFile(path, "utf8");
    records.push(parseJsonRecord(text, path, bisectRecordSchema, { what: "a bisect record", fix: FIX }));
  }
  return records;
}

const FIX = "pick another --run";
