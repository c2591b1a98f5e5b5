/**
 * The `pr:` thresholds of a matrix file with their documented defaults: a head 10 % slower per
 * step, 5 % heavier at peak or 0.02 worse in final loss than its base is reported. Shares are
 * written `10%` (or as a fraction, 0.1). Pure.
 */
import type { PrThresholds } from "../matrix/model.js";

/** The defaults, as README.md documents them. */
export const DEFAULT_PR_THRESHOLDS: PrThresholds = {
  maxSlowdown: 0.1,
  maxMemoryGrowth: 0.05,
  maxLossDelta: 0.02,
};

/** `10%` -> 0.1; a number is already a fraction. The schema has checked the shape. */
export function shareOf(value: number | string): number {
  return typeof value === "number" ? value : Number(value.replace("%", "").trim()) / 100;
}

/** The thresholds of a raw `pr:` block (absent keys take the defaults). */
export function prThresholdsOf(
  raw: {
    max_slowdown?: number | string | undefined;
    max_memory_growth?: number | string | undefined;
    max_loss_delta?: number | undefined;
  } = {},
): PrThresholds {
  return {
    maxSlowdown:
      raw.max_slowdown === undefined ? DEFAULT_PR_THRESHOLDS.maxSlowdown : shareOf(raw.max_slowdown),
    maxMemoryGrowth:
      raw.max_memory_growth === undefined
        ? DEFAULT_PR_THRESHOLDS.maxMemoryGrowth
        : shareOf(raw.max_memory_growth),
    maxLossDelta: raw.max_loss_delta ?? DEFAULT_PR_THRESHOLDS.maxLossDelta,
  };
}
