/**
 * The three numbers a pull request's A/B compares on a cell that passes on both sides: the final
 * loss, the time per training step and the peak memory, read from one result record. Pure.
 */
import { peakMemoryOf } from "../results/check-expectations.js";
import type { ResultRecord } from "../results/result-record.js";

/** What one side of a cell measured; null where the job did not report it. */
export interface CellNumbers {
  finalLoss: number | null;
  /** Seconds per training step (see secondsPerStepOf). */
  secondsPerStep: number | null;
  peakMemoryMb: number | null;
}

const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/**
 * Seconds per step: the job's own `seconds_per_step`, else the inverse of its
 * `train_steps_per_second` (what the Hugging Face Trainer reports), else the deciding attempt's
 * wall time over its steps (process start and imports included, so a fixed cost dilutes it).
 */
export function secondsPerStepOf(result: ResultRecord): number | null {
  const { summary, steps } = result.metrics;
  if (finite(summary.seconds_per_step) && summary.seconds_per_step > 0) return summary.seconds_per_step;
  if (finite(summary.train_steps_per_second) && summary.train_steps_per_second > 0)
    return 1 / summary.train_steps_per_second;
  const attemptSeconds = result.attempts > 0 ? result.seconds / result.attempts : 0;
  return steps.length > 0 && attemptSeconds > 0 ? attemptSeconds / steps.length : null;
}

/** The cell's numbers: the last step's loss, the time per step, the peak memory. */
export function cellNumbersOf(result: ResultRecord): CellNumbers {
  const losses = result.metrics.steps.map((s) => s.loss).filter(finite);
  return {
    finalLoss: losses.length > 0 ? (losses[losses.length - 1] as number) : null,
    secondsPerStep: secondsPerStepOf(result),
    peakMemoryMb: peakMemoryOf(result.metrics),
  };
}
