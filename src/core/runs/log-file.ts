/**
 * Which log under a run folder holds a cell's output: the variant's install log when the job never
 * ran, else the log of its deciding attempt (`.retry-N` after the first), none for a variant that
 * could not even be resolved. The terminal, the history and the dashboard all point there.
 */
import type { ResultRecord } from "../results/result-record.js";

/** The log's path relative to its run folder (`logs/<variant>--<job>.log`), or null. */
export function logFileOf(
  r: Pick<ResultRecord, "attempts" | "status" | "variant" | "job" | "failure">,
): string | null {
  if (r.attempts === 0)
    return r.failure?.excerpt.startsWith("not resolved") ? null : `logs/${r.variant}--install.log`;
  // A flaky cell's failure is that of the attempt before the one that passed.
  const failed = r.status === "flaky" ? r.attempts - 2 : r.attempts - 1;
  const retry = failed > 0 ? `.retry-${failed}` : "";
  return `logs/${r.variant}--${r.job}${retry}.log`;
}
