/**
 * What an issue draft is drafted from, gathered by the engine from a run folder, and what a
 * draft is. Everything here is data: the draft functions read no files and know no clock.
 */
import type { ResultRecord } from "../results/result-record.js";
import type { ManifestVariant } from "../variants/manifest.js";
import type { PackageState } from "../variants/plan-variants.js";
import type { BisectRecord, IssueRegression, MachineSummary } from "./issue-records.js";

/** The smoke job as a reproduction runs it. */
export interface DraftJob {
  name: string;
  /** The command line, as written in the matrix file. */
  run: string;
  /** Where to run it, relative to the project's checkout; null or `.` for the checkout itself. */
  cwd: string | null;
  /** Variables the matrix file sets for the job (`env:`). */
  env?: Record<string, string>;
  /** A knob cell's config, written out by the reproduction (`run` names `file`). */
  config?: { file: string; text: string; knobs: Record<string, unknown>; verdict: string };
}

/** Everything one draft says. */
export interface DraftInput {
  runId: string;
  /** The regression from `summary.json` (the first of its fingerprint when several cells share it). */
  regression: IssueRegression;
  /** Other cells of tonight that fail with the same fingerprint. */
  alsoIn?: Array<{ variant: string; job: string }>;
  /** The bisect record of the regression's culprit and job, when one was written. */
  bisect: BisectRecord | null;
  /** `results/<variant>--<job>.json` of the failing cell, when it is there. */
  result: Pick<ResultRecord, "status" | "installed" | "failure" | "metrics" | "attempts"> | null;
  /** The failing variant as the manifest plans it. */
  variant: Pick<ManifestVariant, "name" | "kind" | "moves" | "packages">;
  /** The pin line of each tracked package, as the project's requirements write it. */
  pins: Record<string, string>;
  /** The repository of each tracked package that has one (for commit, PR and compare links). */
  repos?: Record<string, string | null>;
  /** The failing variant's requirements, its includes inlined; null when it has no file. */
  requirements: string | null;
  /** Constraint files the requirements apply (`-c`), inlined; empty or absent when none. */
  constraints?: string | null;
  /** The package index the night installed from; null or absent for PyPI. */
  index?: string | null;
  /** Whether the project folder is installed (`--no-deps`) after the requirements. */
  installsProject: boolean;
  job: DraftJob;
  /** `summary.machine`; null when the summary predates it. */
  machine: MachineSummary | null;
}

/** A drafted issue: what the filer posts, and how it finds the issue again. */
export interface IssueDraft {
  fingerprint: string;
  title: string;
  body: string;
  labels: string[];
}

/** GitHub refuses issue and comment bodies longer than this many characters. */
export const GITHUB_BODY_LIMIT = 65_536;

/** How a package stands in a variant, in a few words: `4.48.0`, `main@0123abcd`, `==4.47.1`. */
export function describeState(state: PackageState | undefined): string {
  if (!state) return "?";
  if (state.source === "latest") return state.version;
  if (state.source === "upstream") return `${state.branch}@${state.sha.slice(0, 12)}`;
  return state.requirement;
}

/** The repository of `pkg`: the variant's upstream, else the matrix's, else null. */
export function repoOf(input: DraftInput, pkg: string): string | null {
  const state = input.variant.packages[pkg];
  if (state?.source === "upstream") return state.repo;
  return input.repos?.[pkg] ?? null;
}
