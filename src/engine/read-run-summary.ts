/**
 * The night a gate reads: the run's `summary.json`, or, for a night split over runners (each
 * `matrix run` wrote its cells into `results/`, from the one `manifest.json`), the triage of
 * those results, so `matrix gate --run DIR` works where `matrix nightly` never ran. The bisect
 * jobs' records (`bisect/<package>--<job>.json`) are attached to the regressions they explain.
 */
import { readdir, readFile } from "node:fs/promises";
import { basename, join } from "node:path";
import type { z } from "zod";
import { readInputFile } from "../adapters/fs.js";
import type { RunLayout } from "../adapters/run-folder.js";
import { type GateSummary, gateSummarySchema } from "../core/gate/gate-summary.js";
import { bisectRecordSchema } from "../core/issues/issue-records.js";
import { type ResultRecord, resultRecordSchema } from "../core/results/result-record.js";
import { attachBisects, type BisectRecordInput } from "../core/triage/attach-bisects.js";
import { triageRun } from "../core/triage/triage-run.js";
import { manifestSchema } from "../core/variants/manifest.js";
import { InputError } from "../errors.js";

/** The run's summary, checked; else the triage of its manifest and results; else an input error. */
export async function readRunSummary(layout: RunLayout): Promise<GateSummary> {
  const text = await readFile(layout.summary, "utf8").catch(() => null);
  if (text !== null)
    return checked(layout.summary, parseJson(layout.summary, text), gateSummarySchema, "a night's summary");
  return gateSummarySchema.parse((await triageSplitRun(layout)).summary);
}

/** A night split over runners: the triage of its results, with its bisect records, and its manifest. */
export async function triageSplitRun(layout: RunLayout) {
  const names = (await readdir(layout.results).catch(() => [] as string[])).filter((n) =>
    n.endsWith(".json"),
  );
  if (names.length === 0) {
    throw new InputError(
      `${layout.summary}:1:1: no summary and no results in this run; run \`matrix nightly\` first, or pass --run DIR`,
    );
  }
  const manifestPath = layout.manifest;
  const manifestText = await readInputFile(
    manifestPath,
    "run's manifest (the results need it to be triaged)",
  );
  const manifest = checked(
    manifestPath,
    parseJson(manifestPath, manifestText),
    manifestSchema,
    "a matrix manifest",
  );
  const results: ResultRecord[] = [];
  for (const name of names.sort()) {
    const path = join(layout.results, name);
    results.push(
      checked(path, parseJson(path, await readFile(path, "utf8")), resultRecordSchema, "a result record"),
    );
  }
  const moves = manifest.variants.map((v) => ({ name: v.name, kind: v.kind, packages: v.moves }));
  const triage = triageRun(results, moves);
  const explained = attachBisects(triage.regressions, await readBisectRecords(join(layout.dir, "bisect")));
  const summary = { run: basename(layout.dir), ...triage, ...explained, results };
  return { summary, manifest };
}

/** The records under `bisect/` (not the `.state.json` files a bisect resumes from). */
async function readBisectRecords(dir: string): Promise<BisectRecordInput[]> {
  const names = (await readdir(dir).catch(() => [] as string[]))
    .filter((n) => n.endsWith(".json") && !n.endsWith(".state.json"))
    .sort();
  const records: BisectRecordInput[] = [];
  for (const name of names) {
    const path = join(dir, name);
    records.push(
      checked(path, parseJson(path, await readFile(path, "utf8")), bisectRecordSchema, "a bisect record"),
    );
  }
  return records;
}

function parseJson(path: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InputError(`${path}:1:1: not JSON (${(error as Error).message}); pick another --run`);
  }
}

function checked<T>(path: string, value: unknown, schema: z.ZodType<T>, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.map(String).join(".") || "the file";
  throw new InputError(`${path}:1:1: not ${what} (${where}: ${issue?.message}); pick another --run`);
}
