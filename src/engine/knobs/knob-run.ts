/**
 * Knob cells in a run: judge the selected jobs' combinations (see knob-verdicts.ts), record the
 * plan in `<run>/knobs/plan.json` for the summary's support matrix, and hand back the project
 * with each job with knobs replaced by its runnable cells.
 */
import { basename, join } from "node:path";
import { writeRedactedJson } from "../../adapters/fs.js";
import type { RunLayout } from "../../adapters/run-folder.js";
import { expandKnobJobs } from "../../core/knobs/knob-jobs.js";
import type { JobSpec } from "../../core/matrix/model.js";
import { InputError } from "../../errors.js";
import type { MachineFacts } from "../project/environment-spec.js";
import type { Project } from "../project/load-project.js";
import { readKnobPlan } from "../triage/run-records.js";
import { type JudgedKnobs, judgeKnobs } from "./knob-verdicts.js";

/** The selection flags that decide which jobs (and which knob cells) run. */
export interface JobSelection {
  job?: string[];
  knobs?: string[];
}

/** The knobs folder of a run. */
export function knobsDirOf(layout: RunLayout): string {
  return join(layout.dir, "knobs");
}

/** Judges the selected jobs' knobs and returns the project with knob cells as jobs. */
export async function planKnobCells(
  project: Project,
  facts: MachineFacts,
  layout: RunLayout,
  selection: JobSelection,
): Promise<{ project: Project; judged: JudgedKnobs[] }> {
  const wanted = selection.job ?? [];
  const selected = project.matrix.jobs.filter(
    (j) => !j.knobs || wanted.length === 0 || wanted.some((w) => w === j.name || w.startsWith(`${j.name}--`)),
  );
  const judged = await judgeKnobs(
    { ...project, matrix: { ...project.matrix, jobs: selected } },
    facts,
    knobsDirOf(layout),
  );
  if (judged.length > 0)
    await writeRedactedJson(join(knobsDirOf(layout), "plan.json"), judged, process.env, { keepPaths: true });
  const cells = judged.flatMap((j) => j.cells);
  const jobs = expandKnobJobs(
    project.matrix.jobs.filter((j) => !j.knobs || selected.includes(j)),
    cells,
  );
  return { project: { ...project, matrix: { ...project.matrix, jobs } }, judged };
}

/** The jobs `--job` and `--knobs` select; `--job J` takes every cell of a job with knobs. */
export function pickJobs(jobs: JobSpec[], selection: JobSelection, file: string): JobSpec[] {
  let picked = jobs;
  if (selection.job && selection.job.length > 0) {
    const names = selection.job;
    const unknown = names.find((n) => !jobs.some((j) => j.name === n || j.knobCell?.job === n));
    if (unknown) {
      const have = [...new Set(jobs.map((j) => j.name))].join(", ");
      throw new InputError(`${file}:1:1: no job "${unknown}" in this run (have: ${have})`);
    }
    picked = jobs.filter((j) => names.includes(j.name) || (j.knobCell && names.includes(j.knobCell.job)));
  }
  if (selection.knobs && selection.knobs.length > 0) {
    const ids = selection.knobs;
    const unknown = ids.find((id) => !picked.some((j) => j.knobCell?.id === id));
    if (unknown) {
      const have =
        picked.flatMap((j) => (j.knobCell ? [j.knobCell.id] : [])).join(", ") ||
        "none: no job with knobs selected";
      throw new InputError(
        `${file}:1:1: no runnable knob combination "${unknown}" (have: ${have}; refused ones are not run)`,
      );
    }
    picked = picked.filter((j) => j.knobCell && ids.includes(j.knobCell.id));
  }
  return picked;
}

/**
 * The project as a night split over runners ran it: each job with knobs replaced by the cells its
 * plan judged (`knobs/plan.json`, which travels with the manifest), so the triage job's bisects
 * and drafts find `<job>--<id>` as `matrix nightly` does, without asking the wrapper again.
 */
export async function withPlannedKnobCells(project: Project, layout: RunLayout): Promise<Project> {
  if (!project.matrix.jobs.some((j) => j.knobs)) return project;
  const path = join(knobsDirOf(layout), "plan.json");
  const judged = (await readKnobPlan(layout)) as unknown as JudgedKnobs[] | null;
  // Without it every knob cell would vanish from the night (no job to bisect or draft): an error.
  if (judged === null)
    throw new InputError(
      `${path}:1:1: no knob plan: the matrix file has jobs with knobs, and this run folder has no verdicts for them; run \`matrix plan --run DIR\` for this night first and carry knobs/ with the manifest`,
    );
  // The plan runner wrote its own absolute paths; the files are in this copy of the run folder.
  const here = (file: string, job: string) => join(knobsDirOf(layout), job, basename(file));
  const cells = judged.flatMap((j) =>
    j.cells.map((c) => ({ ...c, config: here(c.config, c.job), input: here(c.input, c.job) })),
  );
  const jobs = expandKnobJobs(project.matrix.jobs, cells);
  return { ...project, matrix: { ...project.matrix, jobs } };
}
