/**
 * The matrix model: what a matrix file means once parsed and validated. Paths are absolute
 * (resolved against the matrix file's folder); positions point back into the file for errors.
 */
import type { SourcePos } from "../../errors.js";

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
}
