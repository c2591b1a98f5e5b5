/**
 * A cell's command as the reader of a report runs it: from the job's folder in a checkout of the
 * project. A knob cell's command names its healed config by the absolute path it had on the
 * runner that trained (`/home/runner/work/.../reports/<run>/knobs/<job>/<id>.yml`), a path no
 * reader has; relative to the job's folder it is the same file in the reader's copy of the run.
 */
import { relative } from "node:path";
import type { JobSpec } from "../matrix/model.js";

/** The job's command with its knob config, if any, named relative to the job's folder. */
export function readerCommandOf(job: Pick<JobSpec, "run" | "cwd" | "knobCell">): string {
  const config = job.knobCell?.config;
  if (!config?.startsWith("/")) return job.run;
  return job.run.split(config).join(relative(job.cwd, config));
}
