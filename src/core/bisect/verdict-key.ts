/**
 * The identity of one smoke verdict, so a verdict known once is never run again: the package at a
 * ref, the job as it runs (with its knob cell and its folder's files), how the package was put
 * there, and the key of the environment around it. Two runs with the same key install the same code the same way and run the
 * same command, so their answer is the same (a flaky one is never remembered).
 */
import { createHash } from "node:crypto";
import type { JobSpec } from "../matrix/model.js";

/** What a smoke verdict depends on. */
export interface VerdictKeyParts {
  /** The bisected (or otherwise moved) package, PEP 503 normalised. */
  package: string;
  /** A release version or a full commit SHA. */
  ref: string;
  /** The job as it runs: command, folder, expectations, environment variables, timeout, knob cell. */
  job: JobSpec;
  /**
   * How the package got there: a release from the index, or a build of the commit's source (a
   * wheel or the source tree on a path: the same code either way). A release wheel is not a
   * source build of its tag.
   */
  install: "release" | "source";
  /** The key of the environment around the package: everything but the package's own line. */
  environment: string;
  /**
   * The content of the job's working folder (the training script, its configs): the environment
   * key covers the project only when it is installed, and an edited script is another question.
   */
  files: string;
}

/** 32 hex digits of a sha256 over the parts; the job's position in the matrix file is left out. */
export function verdictKeyOf(parts: VerdictKeyParts): string {
  const job = parts.job;
  const material = {
    v: 1,
    package: parts.package,
    ref: parts.ref,
    install: parts.install,
    environment: parts.environment,
    files: parts.files,
    job: {
      name: job.name,
      run: job.run,
      cwd: job.cwd,
      timeout: job.timeoutSeconds,
      expect: job.expect,
      env: job.env,
      // The knob cell by its combination and verdict, not by the run folder its config is written to.
      cell: job.knobCell
        ? { id: job.knobCell.id, knobs: job.knobCell.knobs, verdict: job.knobCell.verdict }
        : null,
    },
  };
  return createHash("sha256").update(JSON.stringify(material)).digest("hex").slice(0, 32);
}
