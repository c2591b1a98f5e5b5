/**
 * The bisect fan-out of a night split over runners: one cell per (culprit, job) of the night's
 * regressions, on the runners the failing job names (a GPU breakage is bisected on a GPU), as the
 * `include` list a GitHub Actions job matrix takes. Pure: the triaged regressions, the manifest's
 * variants and the jobs in; the cells out. The interaction search (which runs smoke jobs) is
 * `matrix nightly`'s; here a regression no single-package variant explains is bisected on its
 * blamed package with the other packages as its failing variant had them, so the bad end
 * reproduces whether or not the breakage needs a second package.
 */
import type { JobSpec } from "../matrix/model.js";
import type { ManifestVariant } from "../variants/manifest.js";

/** The fields of a triaged regression the plan reads. */
export interface BisectableRegression {
  variant: string;
  job: string;
  culprit?: string | null;
  culprits: string[];
  needs_interaction_search?: boolean;
  /** Set when the matrix file's `expected:` lists the breakage: known, so not bisected nightly. */
  expected?: unknown;
}

/** One bisect job: what `matrix bisect` takes, and where and how long it runs. */
export interface BisectCell {
  package: string;
  job: string;
  /** The regression's variant, whose installed version or SHA of `package` is the bad end. */
  variant: string;
  /** `--variant` of the bisect: where the other packages come from (`pinned`, or `variant`). */
  base: string;
  /** `--bad`: the version (latest-*) or commit SHA (upstream-*) the failing variant installed. */
  bad: string;
  "runs-on": string | string[];
  /** The job's limit: the bisect's own plus a margin to save its state and upload its record. */
  "timeout-minutes": number;
  /** The bisect step's limit, so a bisect cut short by it still saves its state for a re-run. */
  "bisect-minutes": number;
}

/**
 * Smoke runs a job's timeout is multiplied by: ceil(log2 N) + 2 for N = 1024 candidates, the
 * bisect's own bound, so a bisect of a thousand commits or releases fits.
 */
export const BISECT_STEP_BUDGET = 12;
/** Minutes on top for the base environment, the mirror and the first wheels on a cold runner. */
const SETUP_MINUTES = 30;
/** Minutes the job keeps after the bisect step's limit, to save the state and upload the record. */
const SAVE_MINUTES = 10;
/**
 * GitHub-hosted runners end a job at 360 minutes. A longer bisect stops its step before that, with
 * its rounds saved (state per round, cached by the job), and a re-run of the job goes on from them.
 */
export const JOB_MINUTES_LIMIT = 360;

/** The bad end of `pkg` in `variant`: its version when latest, its SHA when upstream, else null. */
export function badRefOf(variant: ManifestVariant | undefined, pkg: string): string | null {
  const state = variant?.packages[pkg];
  if (state?.source === "latest") return state.version;
  if (state?.source === "upstream") return state.sha;
  return null;
}

/**
 * One cell per (culprit, job); those without a culprit or bad end are left out. Of the regressions
 * one culprit explains, the one whose variant moved the fewest packages names the cell, and one
 * a single-package variant explains goes before one that may be an interaction: the other
 * packages then stay pinned.
 */
export function planBisects(
  regressions: readonly BisectableRegression[],
  variants: readonly ManifestVariant[],
  jobs: readonly JobSpec[],
): BisectCell[] {
  const cells: BisectCell[] = [];
  const moved = (r: BisectableRegression) =>
    variants.find((v) => v.name === r.variant)?.moves.length ?? Number.MAX_SAFE_INTEGER;
  const ordered = [...regressions].sort(
    (a, b) =>
      Number(a.needs_interaction_search ?? false) - Number(b.needs_interaction_search ?? false) ||
      moved(a) - moved(b),
  );
  for (const r of ordered) {
    const culprit = r.culprit ?? r.culprits[0];
    const job = jobs.find((j) => j.name === r.job);
    if (!culprit || !job || r.expected !== undefined) continue;
    if (cells.some((c) => c.package === culprit && c.job === r.job)) continue;
    const bad = badRefOf(
      variants.find((v) => v.name === r.variant),
      culprit,
    );
    if (bad === null) continue;
    const minutes = Math.min(
      Math.ceil((job.timeoutSeconds * (job.retries + 1) * BISECT_STEP_BUDGET) / 60) + SETUP_MINUTES,
      JOB_MINUTES_LIMIT - SAVE_MINUTES,
    );
    cells.push({
      package: culprit,
      job: r.job,
      variant: r.variant,
      base: r.needs_interaction_search ? r.variant : "pinned",
      bad,
      "runs-on": job.runsOn.length === 1 ? (job.runsOn[0] as string) : job.runsOn,
      "timeout-minutes": minutes + SAVE_MINUTES,
      "bisect-minutes": minutes,
    });
  }
  return cells;
}
