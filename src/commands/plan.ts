/**
 * `matrix plan [--github] [--explain]`: the expanded matrix. With `--github` it prints the
 * `include` list a GitHub Actions job matrix takes (`fromJSON`) and sets the step output `matrix`
 * inside Actions. Jobs with knobs are judged by the wrapper first (its `validate`, in the pinned
 * environment): refused combinations are pruned, and `--explain` says why.
 */
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { layoutOf } from "../adapters/run-folder.js";
import { describeKnobPlan, explainKnobs, refusedOf } from "../core/knobs/explain-knobs.js";
import { planCells } from "../core/matrix/plan-cells.js";
import { gatherMachineFacts } from "../engine/environment-spec.js";
import { planKnobCells } from "../engine/knob-run.js";
import { loadProject } from "../engine/load-project.js";
import { emitResult, type OutputOptions, setActionsOutput } from "./output.js";

/** Options of `matrix plan`. */
export interface PlanCommandOptions extends OutputOptions {
  matrix: string;
  github: boolean;
  explain?: boolean;
  reports?: string;
  /** Run folder whose `knobs/` caches the verdicts (default a temporary folder). */
  run?: string;
}

/** Prints the plan; no network unless a job has knobs (the pinned environment is then needed). */
export async function planCommand(opts: PlanCommandOptions): Promise<void> {
  const loaded = await loadProject(opts.matrix);
  const hasKnobs = loaded.matrix.jobs.some((j) => j.knobs);
  const knobbed = hasKnobs
    ? await planKnobCells(
        loaded,
        await gatherMachineFacts(loaded, opts.reports ?? "reports"),
        layoutOf(opts.run ?? (await mkdtemp(join(tmpdir(), "matrix-plan-")))),
        {},
      )
    : { project: loaded, judged: [] };
  const project = knobbed.project;
  const cells = planCells(project.variants, project.matrix.jobs);
  if (opts.github) {
    const include = JSON.stringify({ include: cells });
    setActionsOutput("matrix", include);
    (opts.stdout ?? process.stdout).write(`${include}\n`);
    return;
  }
  const cellOf = new Map(project.matrix.jobs.map((j) => [j.name, j.knobCell]));
  const data = {
    name: project.matrix.name,
    variants: project.variants,
    jobs: project.matrix.jobs.map((j) => j.name),
    skipped: project.skipped,
    cells: cells.map((c) => {
      const knob = cellOf.get(c.job);
      return knob
        ? { ...c, knobs: knob.knobs, knob_id: knob.id, verdict: knob.verdict, reasons: knob.reasons }
        : c;
    }),
    knobs: describeKnobPlan(knobbed.judged),
    refused: refusedOf(knobbed.judged),
  };
  const refused = data.refused.length > 0 ? `, ${data.refused.length} knob combinations refused` : "";
  const human = [
    `${project.matrix.name}: ${project.variants.length} variants x ${project.matrix.jobs.length} jobs = ${cells.length} cells${refused}`,
    ...cells.map(
      (c) =>
        `  ${c.variant} / ${c.job}  (runs-on ${[c["runs-on"]].flat().join(",")}, ${c["timeout-minutes"]} min${c.knobs ? `, ${cellOf.get(c.job)?.verdict}` : ""})`,
    ),
    ...project.skipped.map((s) => `  skipped ${s.package}: ${s.reason}`),
    ...(opts.explain && knobbed.judged.length > 0 ? [explainKnobs(knobbed.judged)] : []),
    ...(!opts.explain ? data.refused.map((r) => `  refused ${r.job} ${r.id}: ${r.reasons[0] ?? ""}`) : []),
  ].join("\n");
  emitResult(opts, data, human);
}
