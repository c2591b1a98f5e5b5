/**
 * The loss curve as the loss expectations judge it: never one noisy step. `loss_decreases` compares
 * the ends of the least-squares line through every (step, loss) point, so a run that learns passes
 * even when its last step wobbles up, and a flat curve fails even when its last step happens to
 * dip. `final_loss_below` reads the mean of the last quarter of the steps (at least one). With one
 * or two points the line is the points themselves.
 */

/** One logged loss. */
export interface LossPoint {
  step: number;
  loss: number;
}

/** What the expectations read from a curve. */
export interface LossTrend {
  /** The fitted loss at the first step. */
  start: number;
  /** The fitted loss at the last step. */
  end: number;
  /** The mean of the last quarter of the losses. */
  tail: number;
  /** How many losses the tail averages. */
  tailSteps: number;
}

/** The trend of a non-empty curve, in step order as logged. */
export function lossTrend(points: readonly LossPoint[]): LossTrend {
  const n = points.length;
  const first = points[0] as LossPoint;
  const last = points[n - 1] as LossPoint;
  const tailSteps = Math.max(1, Math.ceil(n / 4));
  const tail = points.slice(n - tailSteps).reduce((sum, p) => sum + p.loss, 0) / tailSteps;
  const meanX = points.reduce((sum, p) => sum + p.step, 0) / n;
  const meanY = points.reduce((sum, p) => sum + p.loss, 0) / n;
  const sxx = points.reduce((sum, p) => sum + (p.step - meanX) ** 2, 0);
  // Fewer than three points, or every point at one step: the points are their own line.
  if (n < 3 || sxx === 0) return { start: first.loss, end: last.loss, tail, tailSteps };
  const slope = points.reduce((sum, p) => sum + (p.step - meanX) * (p.loss - meanY), 0) / sxx;
  const at = (step: number) => meanY + slope * (step - meanX);
  return { start: at(first.step), end: at(last.step), tail, tailSteps };
}
