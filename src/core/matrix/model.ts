/**
 * The matrix model: what a matrix file means once parsed and validated. Paths are absolute
 * (resolved against the matrix file's folder); positions point back into the file for errors.
 */
import type { SourcePos } from "../../errors.js";
import type { KnobCell, KnobSpec } from "../knobs/model.js";

/** An upstream dependency the matrix watches. */
export interface TrackedPackage {
  /** Normalised (PEP 503) name, as requirements lines are matched. */
  name: string;
  /** Any URL git takes, `file://` included; without one there are no upstream variants. */
  repo: string | null;
  branch: string;
  /** Whether breakages of this package may be filed upstream (bitsandbytes often is not). */
  fileUpstream: boolean;
  pos: SourcePos;
}

/** What a smoke job must show beyond exiting 0. */
export interface Expectations {
  loss_decreases?: number;
  final_loss_below?: number;
  max_seconds?: number;
  max_peak_memory_mb?: number;
}

/** One smoke fine-tune command with its budgets. */
export interface JobSpec {
  name: string;
  run: string;
  /** Working directory of the command; defaults to the project's working folder. */
  cwd: string;
  timeoutSeconds: number;
  retries: number;
  runsOn: string[];
  expect: Expectations;
  env: Record<string, string>;
  /** `knobs:`: the job's config axes; absent for a job without them. */
  knobs?: KnobSpec;
  /** Set on the job of one knob cell (named `<job>--<knob id>`): its combination and verdict. */
  knobCell?: KnobCell & { config: string };
}

/** A variant selector as written in the file (`upstream-each`), with where it was written. */
export interface VariantSelector {
  text: string;
  pos: SourcePos;
}

/** A parsed and validated matrix file. */
export interface Matrix {
  file: string;
  dir: string;
  name: string;
  project: {
    /** The project folder (`project.path`), or null for a project that is only a requirements file. */
    path: string | null;
    requirements: string;
    /** Where jobs run by default: the project folder, else the requirements file's folder. */
    workdir: string;
    systemSitePackages: boolean;
  };
  python: string;
  index: string | null;
  installer: "auto" | "uv" | "pip";
  packages: TrackedPackage[];
  variants: VariantSelector[];
  jobs: JobSpec[];
  /** `expected:`: known breakages, shown as expected until they expire or go away. */
  expected: ExpectedEntry[];
  /** `gate:`: what blocks the release beyond the pinned requirements. */
  gate: GatePolicy;
  /** `notify:`: where the nightly digest goes; null without the key. */
  notify: NotifyPolicy | null;
  /** `history:`: nights the history keeps (null: all); absent in matrices built by hand. */
  history?: { keep: number | null };
  /** `pr:`: the thresholds of `matrix pr`, defaults filled in; absent in matrices built by hand. */
  pr?: PrThresholds;
}

/** How far a pull request's head may drift from its base on a cell that passes on both. */
export interface PrThresholds {
  /** Time per step, head over base, minus one (0.1: 10 % slower). */
  maxSlowdown: number;
  /** Peak memory, head over base, minus one. */
  maxMemoryGrowth: number;
  /** Final loss, head minus base (absolute). */
  maxLossDelta: number;
}

/**
 * One `expected:` entry: a known breakage, named by a tracked package that breaks `job` or by the
 * breakage's fingerprint, expected until the end of the UTC day `until`.
 */
export interface ExpectedEntry {
  /** Its place in the list, as summaries and annotations name it. */
  index: number;
  /** Normalised name of a tracked package among the breakage's culprits; null with a fingerprint. */
  package: string | null;
  /** 16 hex digits, as summary.json's regressions carry; null with a package. */
  fingerprint: string | null;
  job: string;
  reason: string;
  link: string | null;
  /** `YYYY-MM-DD`: the last day the entry holds. */
  until: string;
  pos: SourcePos;
}

/** `gate:`: variants whose breakage blocks the release too (pinned always does). */
export interface GatePolicy {
  /** Selectors as `variants:` takes them (`latest-all`, `upstream-each`), with where written. */
  blockOn: VariantSelector[];
}

/** `notify:`: the environment variable that holds the webhook URL (the file never holds the URL). */
export interface NotifyPolicy {
  webhookEnv: string;
  pos: SourcePos;
}
