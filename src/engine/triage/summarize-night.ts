/**
 * The night's summary, from its run folder alone: what `matrix nightly` and the conclude job of
 * a night split over runners both read, so both write the same `summary.json`. The manifest,
 * each cell's result (a cell the plan named and no runner reported is an `infra-error` cell
 * saying so, never missing), the triage, each interaction search's answer
 * (`interactions/<variant>--<job>.json`), the matrix file's `expected:` entries as of `now`, the
 * bisect records, and for a breakage the history already explained, the earlier night's answer
 * (`<reports>/history/`, see core/history/known-bisects.ts).
 */
import { basename, join, resolve } from "node:path";
import { writeRedactedJson } from "../../adapters/fs.js";
import type { RunLayout } from "../../adapters/run-folder.js";
import { versionsOf } from "../../core/history/build-night.js";
import { type Endpoints, knownBisectsOf, stillKnown } from "../../core/history/known-bisects.js";
import { runsUnder } from "../../core/knobs/knob-jobs.js";
import type { PlanCell } from "../../core/matrix/plan-cells.js";
import { buildResult } from "../../core/results/build-result.js";
import type { ResultRecord } from "../../core/results/result-record.js";
import { applyInteraction } from "../../core/triage/apply-interaction.js";
import { attachBisects } from "../../core/triage/attach-bisects.js";
import { markExpected } from "../../core/triage/mark-expected.js";
import { type Regression, triageRun } from "../../core/triage/triage-run.js";
import type { Manifest } from "../../core/variants/manifest.js";
import { readSupportMatrix } from "../knobs/knob-support.js";
import type { Project } from "../project/load-project.js";
import { readHistory } from "../report/history-store.js";
import { readRunRecords } from "./read-run-summary.js";
import { readInteraction, readPlannedCells } from "./run-records.js";

/** What the summary is made from: the project with its knob cells as jobs, and where things are. */
export interface SummarizeNightInput {
  /** The project as the night ran it (knob cells as jobs: `withPlannedKnobCells`). */
  project: Project;
  layout: RunLayout;
  /** The reports folder whose `history/` holds the earlier nights. */
  reports: string;
  now?: Date;
}

/** Reads the run folder and returns the summary (not written), the manifest and the results. */
export async function summarizeNight(input: SummarizeNightInput) {
  const { project, layout } = input;
  const records = await readRunRecords(layout);
  const { manifest } = records;
  const results = inPlanOrder(
    [...records.results, ...(await missingCells(layout, manifest, project, records.results))],
    manifest,
    project,
  );
  const night = results.filter((r) => r.probe_of === undefined);
  const moves = manifest.variants.map((v) => ({ name: v.name, kind: v.kind, packages: v.moves }));
  const triage = triageRun(night, moves);
  const regressions = await Promise.all(triage.regressions.map((r) => withInteraction(layout, r)));
  const marked = markExpected(
    { regressions, blockers: triage.blockers, results: night },
    project.matrix.expected,
    input.now ?? new Date(),
  );
  const history = await readHistory(resolve(input.reports, "history"));
  const known = knownBisectsOf(history.nights, { run: manifest.run, date: manifest.created });
  const explained = attachBisects(marked.regressions, records.bisects, (r) => {
    const answer = known.get(r.fingerprint);
    return answer && stillKnown(answer, endpointsOf(r, answer.package, night, manifest)) ? answer : null;
  });
  const support = await readSupportMatrix(layout, night);
  const machine = night.find((r) => r.machine !== undefined)?.machine;
  return {
    summary: {
      run: basename(layout.dir),
      manifest: manifest.run,
      ...(machine !== undefined ? { machine } : {}),
      ...triage,
      ...marked,
      ...explained,
      ...(support ? { support } : {}),
      // summary.json stays small: per-step metrics live in results/*.json only (steps left empty).
      results: night.map((r) => ({ ...r, metrics: { steps: [], summary: r.metrics.summary } })),
    },
    manifest,
    results: night,
  };
}

/**
 * Results in the order the night ran them (variant by variant as the manifest lists them, each
 * variant's jobs as the matrix file does; companions after), not by file name, so a night has one
 * summary whether it ran in one process or on many runners.
 */
function inPlanOrder(results: ResultRecord[], manifest: Manifest, project: Project): ResultRecord[] {
  const rank = <T>(list: T[], item: T) => {
    const i = list.indexOf(item);
    return i < 0 ? list.length : i;
  };
  const variants = manifest.variants.map((v) => v.name);
  const jobs = project.matrix.jobs.map((j) => j.name);
  return [...results].sort(
    (a, b) =>
      rank(variants, a.variant) - rank(variants, b.variant) ||
      a.variant.localeCompare(b.variant) ||
      rank(jobs, a.job) - rank(jobs, b.job) ||
      a.job.localeCompare(b.job),
  );
}

/** The range a bisect of `pkg` for `regression` would search tonight, as tonight's cells installed it. */
function endpointsOf(
  regression: Regression,
  pkg: string,
  results: ResultRecord[],
  manifest: Manifest,
): Endpoints {
  const of = (variant: string) => {
    const result = results.find((r) => r.variant === variant && r.job === regression.job);
    return result ? (versionsOf(result, manifest)[pkg] ?? null) : null;
  };
  return { good: of("pinned"), bad: of(regression.variant) };
}

/** The regression with its interaction search's answer folded in, when the explain stage ran one. */
async function withInteraction(layout: RunLayout, regression: Regression): Promise<Regression> {
  const answer = await readInteraction(layout, regression.variant, regression.job);
  return answer ? applyInteraction(regression, answer) : regression;
}

/** An `infra-error` record for each cell the plan named that no runner reported. */
async function missingCells(
  layout: RunLayout,
  manifest: Manifest,
  project: Project,
  reported: ResultRecord[],
): Promise<ResultRecord[]> {
  // Cells the plan job recorded (`matrix plan --run DIR`); without it, every variant x job.
  const planned =
    (await readPlannedCells(layout)) ??
    manifest.variants.flatMap((v) =>
      project.matrix.jobs.filter((j) => runsUnder(j, v.name)).map((j) => ({ variant: v.name, job: j.name })),
    );
  const has = new Set(reported.map((r) => `${r.variant}\0${r.job}`));
  return planned
    .filter((c) => !has.has(`${c.variant}\0${c.job}`))
    .map((c) => {
      const job = project.matrix.jobs.find((j) => j.name === c.job);
      const message = `planned, but no runner reported it (results/${c.variant}--${c.job}.json is missing: the runner was lost, cancelled or never started)`;
      return buildResult({
        variant: c.variant,
        job: c.job,
        expect: job?.expect ?? {},
        setup: { status: "infra-error", message },
        attempts: [],
      });
    });
}

/** `<run>/cells.json`: the cells the plan handed to the runners. */
export function plannedCellsPathOf(layout: RunLayout): string {
  return join(layout.dir, "cells.json");
}

/** Keeps the night's planned cells with its manifest (`matrix plan --run`, and a whole `matrix run`). */
export async function writePlannedCells(layout: RunLayout, cells: readonly PlanCell[]): Promise<void> {
  // In the run folder (uploaded): redacted like every file there, paths kept (read back).
  await writeRedactedJson(plannedCellsPathOf(layout), { include: cells }, process.env, { keepPaths: true });
}
