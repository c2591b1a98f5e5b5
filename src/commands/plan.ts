/**
 * `matrix plan [--github]`: the expanded matrix. With `--github` it prints the `include` list a
 * GitHub Actions job matrix takes (`fromJSON`) and sets the step output `matrix` inside Actions.
 */
import { planCells } from "../core/matrix/plan-cells.js";
import { loadProject } from "../engine/load-project.js";
import { emitResult, type OutputOptions, setActionsOutput } from "./output.js";

/** Options of `matrix plan`. */
export interface PlanCommandOptions extends OutputOptions {
  matrix: string;
  github: boolean;
}

/** Prints the plan; no network: variants are named, not resolved. */
export async function planCommand(opts: PlanCommandOptions): Promise<number> {
  const project = await loadProject(opts.matrix);
  const cells = planCells(project.variants, project.matrix.jobs);
  if (opts.github) {
    const include = JSON.stringify({ include: cells });
    setActionsOutput("matrix", include);
    (opts.stdout ?? process.stdout).write(`${include}\n`);
    return 0;
  }
  const data = {
    name: project.matrix.name,
    variants: project.variants,
    jobs: project.matrix.jobs.map((j) => j.name),
    skipped: project.skipped,
    cells,
  };
  const human = [
    `${project.matrix.name}: ${project.variants.length} variants x ${project.matrix.jobs.length} jobs = ${cells.length} cells`,
    ...cells.map(
      (c) =>
        `  ${c.variant} / ${c.job}  (runs-on ${[c["runs-on"]].flat().join(",")}, ${c["timeout-minutes"]} min)`,
    ),
    ...project.skipped.map((s) => `  skipped ${s.package}: ${s.reason}`),
  ].join("\n");
  emitResult(opts, data, human);
  return 0;
}
