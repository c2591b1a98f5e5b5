/**
 * Chooses what to test next. The first round confirms both endpoints at once; every later round
 * tests K = workers candidates that split the open range into K+1 equal parts, so each round
 * divides the range by K+1 (with K = 1 it is a plain binary search).
 */
import type { BisectState } from "./bisect-state.js";
import { openRangeOf } from "./open-range.js";

/**
 * The refs to run in the next round (oldest first), or an empty list when the bisect is over.
 *
 * The confirmation round runs the good and the bad endpoint together, whatever K is: the bad
 * endpoint's signature is needed before any candidate can be judged, and running both at once
 * keeps the rounds within ceil(log_(K+1) N) + 1. Where a split point has a verdict already (it
 * was skipped), the nearest untested candidate inside the open range stands in for it.
 */
export function nextRound(state: BisectState): string[] {
  const { good, bad } = state.endpoints;
  if (isStopped(good) || isStopped(bad)) return [];
  if (good === "unconfirmed" || bad === "unconfirmed") {
    const ends = [0, state.candidates.length - 1];
    return ends.map((i) => state.candidates[i] ?? "").filter((ref) => state.verdicts[ref] === undefined);
  }
  const range = openRangeOf(state);
  if (range === null) return [];
  const picked = pickSplitPoints(range.lo, range.hi, range.untested, state.workers);
  return picked.map((i) => state.candidates[i] ?? "");
}

function isStopped(status: string): boolean {
  return status === "contradicted" || status === "untestable" || status === "flaky";
}

/**
 * K indices that cut the positions (lo, hi] where the first bad can be into K+1 parts whose sizes
 * differ by at most one. `ceil(j * P / (K+1))` in integers avoids float drift on large ranges.
 * When K or fewer untested candidates remain, all of them run: one round settles it.
 */
export function pickSplitPoints(
  lo: number,
  hi: number,
  untested: readonly number[],
  workers: number,
): number[] {
  if (untested.length <= workers) return [...untested];
  const positions = hi - lo;
  const chosen = new Set<number>();
  for (let j = 1; j <= workers; j++) {
    const ideal = lo + Math.floor((j * positions + workers) / (workers + 1));
    const index = nearestFree(ideal, untested, chosen);
    if (index !== null) chosen.add(index);
  }
  return [...chosen].sort((a, b) => a - b);
}

/** The untested index nearest to `ideal` that is not chosen yet; the older one wins a tie. */
function nearestFree(ideal: number, untested: readonly number[], chosen: ReadonlySet<number>): number | null {
  let best: number | null = null;
  for (const index of untested) {
    if (chosen.has(index)) continue;
    if (best === null || Math.abs(index - ideal) < Math.abs(best - ideal)) best = index;
  }
  return best;
}
