/**
 * Chooses what to test next, running no smoke whose answer the search does not need. The bad
 * endpoint runs first, unless its verdict is known: no candidate can be judged without its
 * signature. The good endpoint runs only when every candidate tried was bad: once the search meets
 * a good candidate, the first bad lies after it whatever the good endpoint does (it joins the last
 * round while no good candidate is known). Every other round
 * tests K = workers candidates that split the open range into K+1 equal parts, so each round
 * divides the range by K+1 (with K = 1 it is a plain binary search).
 */
import type { BisectState } from "./bisect-state.js";
import { inertIndices, openRangeOf } from "./open-range.js";

/**
 * The refs to run in the next round (oldest first), or an empty list when the bisect is over.
 *
 * While the bad endpoint is unknown it runs, and the other K-1 workers of that round take split
 * points of the whole range (judged once the signature is known), which keeps the rounds within
 * ceil(log_(K+1) N) + 1. Where a split point has a verdict already (it was skipped), the nearest
 * untested candidate inside the open range stands in for it.
 */
export function nextRound(state: BisectState): string[] {
  const { good, bad } = state.endpoints;
  if (isStopped(good) || isStopped(bad)) return [];
  const last = state.candidates.length - 1;
  const inert = inertIndices(state);
  if (bad === "unconfirmed") {
    const interior: number[] = [];
    for (let i = 1; i < last; i++)
      if (state.verdicts[state.candidates[i] ?? ""] === undefined && !inert.has(i)) interior.push(i);
    const others = state.workers > 1 ? pickSplitPoints(0, last, interior, state.workers - 1, inert) : [];
    return [...others, last].map((i) => state.candidates[i] ?? "");
  }
  const range = openRangeOf(state);
  if (range === null) return [];
  const needsGood = range.lo === 0 && good === "unconfirmed";
  const picked = pickSplitPoints(range.lo, range.hi, range.untested, state.workers, inert);
  // Every candidate tried below the first bad was bad (or skipped): the answer may depend on the
  // good endpoint. It joins the round that settles the range (one round, not two, so the rounds
  // stay within the target); it is wasted only when the first bad is among the first K+1.
  const settles = range.untested.length <= state.workers;
  return [...(needsGood && settles ? [0] : []), ...picked].map((i) => state.candidates[i] ?? "");
}

function isStopped(status: string): boolean {
  return status === "contradicted" || status === "untestable" || status === "flaky";
}

/**
 * K indices that cut the positions in (lo, hi] where the first bad can be into K+1 parts whose
 * sizes differ by at most one. An inert index is no such position (it shares the verdict of the
 * one before it), so the parts count the others only. `ceil(j * P / (K+1))` in integers avoids
 * float drift on large ranges. When K or fewer untested candidates remain, all of them run: one
 * round settles it.
 */
export function pickSplitPoints(
  lo: number,
  hi: number,
  untested: readonly number[],
  workers: number,
  inert: ReadonlySet<number> = new Set(),
): number[] {
  if (workers < 1) return [];
  if (untested.length <= workers) return [...untested];
  const positions: number[] = [];
  for (let i = lo + 1; i <= hi; i++) if (!inert.has(i)) positions.push(i);
  const count = positions.length;
  const chosen = new Set<number>();
  for (let j = 1; j <= workers; j++) {
    const ideal = positions[Math.floor((j * count + workers) / (workers + 1)) - 1] ?? hi;
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
