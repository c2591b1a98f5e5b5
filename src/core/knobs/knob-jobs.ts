/**
 * Knob cells as jobs: each kept combination of a job with knobs becomes a job named
 * `<job>--<knob id>` whose `run` has `{config}` replaced by the cell's merged config, so results,
 * logs, triage, fingerprints and bisects treat it as any other job (and name the combination).
 */
import { shellQuote } from "../issues/reproduction-section.js";
import type { JobSpec } from "../matrix/model.js";
import type { KnobCell } from "./model.js";

/** A judged combination whose config file has been written: what the run needs of it. */
export interface PlannedKnobCell extends KnobCell {
  /** Absolute path of the cell's config (healed when the verdict is `heal`). */
  config: string;
  /** Absolute path of the merged config as the wrapper was asked about it (never healed). */
  input: string;
}

/** `--` joins a job and its knob id in names: `lora-knobs--gc-fl2`. */
export function knobJobName(job: string, id: string): string {
  return `${job}--${id}`;
}

/** Whether a job runs under a variant: knob cells only under their `knobs.variants`, when given. */
export function runsUnder(job: JobSpec, variant: string): boolean {
  const only = job.knobs?.variants;
  return !only || only.includes(variant);
}

/**
 * The job names a gate expects results for: a job with knobs stands for its knob cells, known
 * from the results (`<job>--<id>`), since which combinations run is the wrapper's say.
 */
export function gateJobNames(jobs: JobSpec[], resultJobs: string[]): string[] {
  const names = jobs.flatMap((j) =>
    j.knobs && !j.knobCell ? resultJobs.filter((r) => r.startsWith(`${j.name}--`)) : [j.name],
  );
  return [...new Set(names)];
}

/** Replaces each job with knobs by its runnable cells (refused ones are not among `cells`). */
export function expandKnobJobs(jobs: JobSpec[], cells: PlannedKnobCell[]): JobSpec[] {
  return jobs.flatMap((job) => {
    if (!job.knobs) return [job];
    return cells
      .filter((c) => c.job === job.name && c.verdict !== "refuse")
      .map((cell) => ({
        ...job,
        name: knobJobName(job.name, cell.id),
        run: job.run.replaceAll("{config}", shellQuote(cell.config)),
        env: { ...job.env, MATRIX_CONFIG: cell.config },
        knobCell: cell,
      }));
  });
}
