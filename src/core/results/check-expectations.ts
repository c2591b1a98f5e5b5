/**
 * Expectations of a smoke job (`expect:` in the matrix file) checked against its metrics. An
 * expectation that cannot be checked (no loss reported, no peak memory reported) fails: a job
 * that silently stopped reporting must not pass its loss gate. The loss is judged on its trend
 * (loss-trend.ts), never on one noisy step.
 */
import type { Expectations } from "../matrix/model.js";
import { lossTrend } from "./loss-trend.js";
import type { Metrics } from "./parse-metrics.js";

/** A loss value as read back: JSON turns NaN into null, so null counts as not finite. */
function isFiniteLoss(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value);
}

/** Failures of the loss expectations, or none when neither is set. */
function checkLoss(expect: Expectations, metrics: Metrics): string[] {
  const wantsLoss = expect.loss_decreases !== undefined || expect.final_loss_below !== undefined;
  if (!wantsLoss) return [];
  const losses = metrics.steps.filter((s) => "loss" in s);
  const first = losses[0];
  const last = losses[losses.length - 1];
  if (!first || !last) return ["no loss records in the metrics, but a loss expectation is set"];
  const bad = losses.find((s) => !isFiniteLoss(s.loss));
  if (bad) return [`loss is ${String(bad.loss ?? "NaN")} at step ${bad.step}`];
  const trend = lossTrend(losses.map((s) => ({ step: s.step, loss: s.loss as number })));
  const span = `steps ${first.step}-${last.step}, ${losses.length} losses`;
  const failures: string[] = [];
  if (expect.loss_decreases !== undefined) {
    const limit = trend.start * (1 - expect.loss_decreases);
    if (!(trend.end <= limit)) {
      failures.push(
        `loss_decreases ${expect.loss_decreases}: fitted loss ${round(trend.end)} at the end > ${round(limit)} ` +
          `(${round(trend.start)} at the start x ${round(1 - expect.loss_decreases)}; least squares over ${span})`,
      );
    }
  }
  if (expect.final_loss_below !== undefined && !(trend.tail < expect.final_loss_below)) {
    failures.push(
      `final_loss_below ${expect.final_loss_below}: mean of the last ${trend.tailSteps} losses ${round(trend.tail)} (${span})`,
    );
  }
  return failures;
}

/** The highest `peak_memory_mb` reported anywhere (summary or steps), or null when none was. */
export function peakMemoryOf(metrics: Metrics): number | null {
  const values = [metrics.summary.peak_memory_mb, ...metrics.steps.map((s) => s.peak_memory_mb)].filter(
    (v): v is number => typeof v === "number" && !Number.isNaN(v),
  );
  return values.length > 0 ? Math.max(...values) : null;
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/** Checks every set expectation; returns one message per failed one (empty when all hold). */
export function checkExpectations(expect: Expectations, metrics: Metrics, seconds: number): string[] {
  const failures = checkLoss(expect, metrics);
  if (expect.max_seconds !== undefined && seconds > expect.max_seconds) {
    failures.push(`max_seconds ${expect.max_seconds}: took ${round(seconds)} s`);
  }
  if (expect.max_peak_memory_mb !== undefined) {
    const peak = peakMemoryOf(metrics);
    if (peak === null)
      failures.push(`max_peak_memory_mb ${expect.max_peak_memory_mb}: no peak_memory_mb reported`);
    else if (peak > expect.max_peak_memory_mb) {
      failures.push(`max_peak_memory_mb ${expect.max_peak_memory_mb}: peak was ${peak} MB`);
    }
  }
  return failures;
}
