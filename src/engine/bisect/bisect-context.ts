/**
 * What the steps of one bisect share, in a module of its own: the step (bisect-step.ts) and the
 * ways a candidate is installed (bisect-install.ts) both read it, and neither imports the other
 * for it.
 */
import type { CommitWheel } from "../../adapters/commit-wheels.js";
import type { Progress } from "../../adapters/progress.js";
import type { JobSpec } from "../../core/matrix/model.js";
import type { ManifestVariant } from "../../core/variants/manifest.js";
import type { MachineFacts } from "../project/environment-spec.js";
import type { Project } from "../project/load-project.js";
import type { SourceSteps } from "./bisect-source.js";

/** The worker environments of one bisect: where each slot's clone is, and what it must keep. */
export interface Workers {
  /** Slot -> the path of its private environment (made by `prepareWorker`). */
  envOf: (slot: number) => Promise<string>;
  /** What the base environment holds, for the records. */
  installed: Record<string, string>;
  /** Constraints keeping every package of the base (tier 1), or only the tracked ones (tier 2). */
  constraints: { all: string; tracked: string };
  /** Commits as source trees on a path (no wheel), or null when the package needs wheels. */
  source: SourceSteps | null;
}

/** What every step of one bisect shares. */
export interface StepContext {
  project: Project;
  facts: MachineFacts;
  job: JobSpec;
  base: ManifestVariant;
  packageName: string;
  kind: "releases" | "commits";
  repo: string | null;
  /** The cached mirror of `repo` (commit bisects). */
  mirror: string | null;
  dir: string;
  progress: Progress;
  /** The candidate refs, oldest (good endpoint) first. */
  candidates: string[];
  /** The worker environments, or null when the base could not be built (full environments then). */
  workers: Workers | null;
  /** The wheel of a commit (built once, shared with the prefetcher). */
  wheelOf: (sha: string) => Promise<CommitWheel>;
}
