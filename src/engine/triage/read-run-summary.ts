/**
 * The night a gate reads: the run's `summary.json`, or, for a night split over runners (each
 * `matrix run` wrote its cells into `results/`, from the one `manifest.json`), the triage of
 * those results, so `matrix gate --run DIR` works where `matrix nightly` never ran. The bisect
 * jobs' records (`bisect/<package>--<job>.json`) are attached to the regressions they explain.
 * Every record is read through run-records.ts: a torn one is an error naming it.
 */
import { basename } from "node:path";
import type { RunLayout } from "../../adapters/run-folder.js";
import { type GateSummary, gateSummarySchema } from "../../core/gate/gate-summary.js";
import { attachBisects } from "../../core/triage/attach-bisects.js";
import { triageRun } from "../../core/triage/triage-run.js";
import { InputError } from "../../errors.js";
import { listResultFiles, readBisects, readManifest, readResults, readSummary } from "./run-records.js";

/** The run's summary, checked; else the triage of its manifest and results; else an input error. */
export async function readRunSummary(layout: RunLayout): Promise<GateSummary> {
  const summary = await readSummary(layout);
  if (summary !== null) return summary;
  return gateSummarySchema.parse((await triageSplitRun(layout)).summary);
}

/** A night split over runners: the triage of its results, with its bisect records, and its manifest. */
export async function triageSplitRun(layout: RunLayout) {
  if ((await listResultFiles(layout)).length === 0) {
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
  const manifest = await readManifest(layout);
  if (manifest === null)
    throw new InputError(
      `${layout.manifest}:1:1: no manifest, and the results need it to be triaged; carry manifest.json with the results, or pass --run DIR`,
    );
  return { manifest, results: await readResults(layout), bisects: await readBisects(layout) };
}
