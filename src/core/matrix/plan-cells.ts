/**
 * The plan: variants x jobs, as cells a runner fleet can take. `--github` prints these as the
 * `include` list of a GitHub Actions job matrix (`fromJSON(needs.plan.outputs.matrix)`).
 */
import { runsUnder } from "../knobs/knob-jobs.js";
import type { JobSpec } from "./model.js";
import type { VariantSpec } from "./variant-names.js";

/** One (variant, job) cell as GitHub Actions' `include` wants it. */
export interface PlanCell {
  variant: string;
  job: string;
  "runs-on": string | string[];
  "timeout-minutes": number;
  /** The knob combination's id, for a knob cell (its job is `<job>--<id>`; `matrix run --knobs ID`). */
  knobs?: string;
}

/** Minutes an Actions job gets on top of its smoke budget for a cold environment build. */
const INSTALL_BUDGET_MINUTES = 30;

/** Expands variants x jobs; the Actions timeout covers every attempt plus an install. */
export function planCells(variants: VariantSpec[], jobs: JobSpec[]): PlanCell[] {
  return variants.flatMap((variant) =>
    jobs
      .filter((job) => runsUnder(job, variant.name))
      .map((job) => ({
        variant: variant.name,
        job: job.name,
        "runs-on": job.runsOn.length === 1 ? (job.runsOn[0] as string) : job.runsOn,
        "timeout-minutes": Math.ceil((job.timeoutSeconds * (job.retries + 1)) / 60) + INSTALL_BUDGET_MINUTES,
        ...(job.knobCell ? { knobs: job.knobCell.id } : {}),
      })),
  );
}
