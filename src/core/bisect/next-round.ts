/**
 * Chooses what to test next, running no smoke whose answer the search does not need. The bad
 * endpoint runs first, unless its verdict is known: no candidate can be judged without its
 * signature. The good endpoint runs only when every candidate tried was bad: once the search meets
 * a good candidate, the first bad lies after it whatever the good endpoint does (it comes last,
 * while no good candidate is known). Every other round
 * tests K = workers candidates that split the open range into K+1 equal parts, so each round
 * divides the range by K+1 (with K = 1 it is a plain binary search); when the range holds
 * suspects (commits that touch what the failure names) the parts are equal in weight instead
 * (weighted-split.ts).
 */
import type { BisectState } from "./bisect-state.js";
import { inertIndices, type OpenRange, openRangeOf } from "./open-range.js";
import { pickWeightedSplitPoints, weighPlaces } from "./weighted-split.js";

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
  const picked = pickRangeSplitPoints(state, range, inert);
  // Every candidate tried below the first bad was bad (or skipped): the answer may depend on the
  // good endpoint. It joins the round that settles the range when a worker would idle otherwise,
  // or when the rounds target leaves no room for a round of its own; else it waits, since the
  // round's candidates may turn out good and make it moot.
  const free = range.untested.length < state.workers;
  const room = state.rounds + 2 <= roundTarget(state.workers, state.candidates.length - inert.size);
  const settles = free || (range.untested.length <= state.workers && !room);
  return [...(needsGood && settles ? [0] : []), ...picked].map((i) => state.candidates[i] ?? "");
}

/** The open range's split points: by weight when a suspect lies in it, else by count. */
function pickRangeSplitPoints(state: BisectState, range: OpenRange, inert: ReadonlySet<number>): number[] {
  const scores = state.suspects ?? {};
  const places: number[] = [];
  for (let i = range.lo + 1; i <= range.hi; i++) if (!inert.has(i)) places.push(i);
  const scoreOf = (i: number) => scores[state.candidates[i] ?? ""] ?? 0;
  if (!places.some((i) => scoreOf(i) > 0))
    return pickSplitPoints(range.lo, range.hi, range.untested, state.workers, inert);
  return pickWeightedSplitPoints(range.untested, state.workers, weighPlaces(places, scoreOf));
}

/** DESIGN.md's bound on rounds with K workers over N candidates: ceil(log_(K+1) N) + 1. */
function roundTarget(workers: number, candidates: number): number {
  let rounds = 1;
  for (let reach = 1; reach < candidates; reach *= workers + 1) rounds++;
  return rounds;
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
