/**
 * The one reader of each record a run folder holds (docs/records.md): the manifest, the summary,
 * the cells' results, the bisects' records, the gate's verdict, the filing's outcomes, the plan's
 * cells, the knob plan and the interaction searches. Absent is absent (null, or none in a
 * folder); a record that is there but cannot be read, is not JSON or not of its kind is an input
 * error naming the file and what is wrong (the field, from the schema), never "not there": a torn
 * or corrupt run must not pass for a night with fewer cells, bisects or verdicts.
 */
import { join } from "node:path";
import { z } from "zod";
import { listIfPresent, readTextIfPresent } from "../../adapters/fs.js";
import type { RunLayout } from "../../adapters/run-folder.js";
import type { GateDecision } from "../../core/gate/decide-gate.js";
import { gateRecordSchema } from "../../core/gate/gate-record.js";
import { type GateSummary, gateSummarySchema } from "../../core/gate/gate-summary.js";
import type { NightFiling } from "../../core/history/build-night.js";
import { type BisectRecord, bisectRecordSchema } from "../../core/issues/issue-records.js";
import type { KnobPlanInput } from "../../core/knobs/explain-knobs.js";
import { parseJsonRecord, type RecordKind } from "../../core/records/parse-json-record.js";
import { type ResultRecord, resultRecordSchema } from "../../core/results/result-record.js";
import type { InteractionSummary } from "../../core/triage/summarize-interaction.js";
import { type Manifest, manifestSchema } from "../../core/variants/manifest.js";

const FIX = "repair or remove it, or pick another --run";

/** The record at `path` through `schema`, or null when there is none. */
async function readRecord<S extends z.ZodType>(
  path: string,
  schema: S,
  kind: RecordKind,
): Promise<z.output<S> | null> {
  const text = await readTextIfPresent(path);
  return text === null ? null : parseJsonRecord(text, path, schema, kind);
}

/**
 * Every record of `dir` (none when it is absent), by name. Only `*.json`: a bisect's resumable
 * `*.state.json` is not a record, and an interrupted atomic write's `<name>.json.<n>` is not one yet.
 */
async function readRecordsIn<S extends z.ZodType>(dir: string, schema: S, kind: RecordKind) {
  const names = (await listIfPresent(dir)).filter((n) => n.endsWith(".json") && !n.endsWith(".state.json"));
  const records: z.output<S>[] = [];
  for (const name of names.sort()) {
    const path = join(dir, name);
    // Gone between the listing and the read (removed by its writer): absent, like the rest.
    const text = await readTextIfPresent(path);
    if (text !== null) records.push(parseJsonRecord(text, path, schema, kind));
  }
  return records;
}

/** `manifest.json`: what each variant installs. */
export function readManifest(layout: RunLayout): Promise<Manifest | null> {
  return readRecord(layout.manifest, manifestSchema, { what: "a matrix manifest", fix: FIX });
}

/** `summary.json`: the night's summary as the conclude stage wrote it. */
export function readSummary(layout: RunLayout): Promise<GateSummary | null> {
  return readRecord(layout.summary, gateSummarySchema, { what: "a night's summary", fix: FIX });
}

const RESULT: RecordKind = { what: "a result record", fix: FIX };
const BISECT: RecordKind = { what: "a bisect record", fix: FIX };

/** `results/*.json`: each cell a runner reported. */
export function readResults(layout: RunLayout): Promise<ResultRecord[]> {
  return readResultsIn(layout.results);
}

/** The result records of a results folder (`results/`, or a pull request's `rerun/results/`). */
export function readResultsIn(dir: string): Promise<ResultRecord[]> {
  return readRecordsIn(dir, resultRecordSchema, RESULT);
}

/** The result names in `results/` (a cheap "did any runner report" without reading them). */
export async function listResultFiles(layout: RunLayout): Promise<string[]> {
  return (await listIfPresent(layout.results)).filter((n) => n.endsWith(".json"));
}

/** `results/<variant>--<job>.json`, when that cell was reported. */
export function readResult(layout: RunLayout, variant: string, job: string): Promise<ResultRecord | null> {
  return readRecord(join(layout.results, `${variant}--${job}.json`), resultRecordSchema, RESULT);
}

/** `bisect/*.json`: each finished (or given up) bisect's record. */
export function readBisects(layout: RunLayout): Promise<BisectRecord[]> {
  return readRecordsIn(join(layout.dir, "bisect"), bisectRecordSchema, BISECT);
}

/** `bisect/<package>--<job>.json`, when that bisect wrote one. */
export function readBisect(layout: RunLayout, pkg: string, job: string): Promise<BisectRecord | null> {
  return readRecord(join(layout.dir, "bisect", `${pkg}--${job}.json`), bisectRecordSchema, BISECT);
}

/** `gate.json`: the verdict the night's gate (or a later `matrix gate`) recorded. */
export async function readGate(layout: RunLayout): Promise<GateDecision | null> {
  const what = { what: "a gate record", fix: "run `matrix gate --run DIR` again, or remove it" };
  return (await readRecord(join(layout.dir, "gate.json"), gateRecordSchema, what)) as GateDecision | null;
}

// Only the outcomes are read back (into the history); the rest of the report is for people.
const filingSchema = z.looseObject({
  repo: z.string(),
  action: z.string(),
  fingerprint: z.string().nullable(),
  number: z.number().nullable(),
  url: z.string().nullable(),
  result: z.string(),
});
const filedSchema = z.looseObject({ outcomes: z.array(filingSchema) });

/** `issues/filed.json`: what the filing did; none when it did not run. */
export async function readFilings(layout: RunLayout): Promise<NightFiling[]> {
  const path = join(layout.dir, "issues", "filed.json");
  const fix = "run `matrix file-issues` again, or remove it";
  const filed = await readRecord(path, filedSchema, { what: "a filing report", fix });
  return filed?.outcomes ?? [];
}

// Cells the plan job recorded (`matrix plan --run DIR`).
const plannedSchema = z.looseObject({
  include: z.array(z.looseObject({ variant: z.string(), job: z.string() })),
});

/** `cells.json`: the cells the plan handed to the runners; null when the plan kept none. */
export async function readPlannedCells(
  layout: RunLayout,
): Promise<Array<{ variant: string; job: string }> | null> {
  const path = join(layout.dir, "cells.json");
  return (
    (await readRecord(path, plannedSchema, { what: "a night's planned cells", fix: "plan again" }))
      ?.include ?? null
  );
}

// The knob plan's cells as `knob-run.ts` reads them back; the support matrix reads the rest.
const knobPlanSchema = z.array(
  z.looseObject({ job: z.string(), cells: z.array(z.looseObject({ job: z.string() })) }),
);

/** `knobs/plan.json`: each knob job's judged combinations; null for a run without knobs. */
export async function readKnobPlan(layout: RunLayout): Promise<KnobPlanInput[] | null> {
  const path = join(layout.dir, "knobs", "plan.json");
  const fix = "run `matrix plan --run DIR` again for this night";
  return (await readRecord(path, knobPlanSchema, { what: "a knob plan", fix })) as KnobPlanInput[] | null;
}

// Only the answer is read: the search that wrote it is this same harness's.
const interactionSchema = z.looseObject({ summary: z.looseObject({ status: z.string() }).optional() });

/** `interactions/<variant>--<job>.json`'s answer; null when no search ran or it is still running. */
export async function readInteraction(
  layout: RunLayout,
  variant: string,
  job: string,
): Promise<InteractionSummary | null> {
  const path = join(layout.dir, "interactions", `${variant}--${job}.json`);
  const fix = "remove it to search again";
  const state = await readRecord(path, interactionSchema, { what: "an interaction search", fix });
  if (!state?.summary || state.summary.status === "running") return null;
  return state.summary as unknown as InteractionSummary;
}
