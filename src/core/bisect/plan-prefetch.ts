/**
 * What to prepare while a round runs. The next round is a pure function of the state, and a
 * round's outcome is one of few shapes (in a clean history the verdicts go good..good bad..bad),
 * so every candidate the next round can ask for is known before this one ends. Building those
 * wheels while the smoke runs is how mozregression and Chromium's bisect make a step start with
 * everything on disk.
 */
import type { BisectState, RefVerdict } from "./bisect-state.js";
import { nextRound } from "./next-round.js";
import { recordVerdicts } from "./record-verdicts.js";

/**
 * The refs that the round after `round` may test, over every monotone outcome of `round` (the
 * first j of its refs good, the rest bad), without the refs of `round` itself or any already
 * tested; the likelier ones (nearest the middle outcome) first.
 */
export function planPrefetch(state: BisectState, round: readonly string[]): string[] {
  if (round.length === 0) return [];
  const signature = state.badSignature ?? "prefetch";
  const outcomes: RefVerdict[][] = [];
  for (let goods = 0; goods <= round.length; goods++) {
    outcomes.push(
      round.map((ref, i) =>
        i < goods
          ? { ref, verdict: "good", reason: null, signature: null }
          : { ref, verdict: "bad", reason: null, signature },
      ),
    );
  }
  const middle = round.length / 2;
  outcomes.sort((a, b) => Math.abs(goodsOf(a) - middle) - Math.abs(goodsOf(b) - middle));
  const wanted: string[] = [];
  for (const verdicts of outcomes) {
    // The confirmation round only matters when the endpoints come out as claimed.
    if (!fitsEndpoints(state, verdicts)) continue;
    for (const ref of nextRound(recordVerdicts(state, verdicts)))
      if (!round.includes(ref) && state.verdicts[ref] === undefined && !wanted.includes(ref))
        wanted.push(ref);
  }
  return wanted;
}

function goodsOf(verdicts: RefVerdict[]): number {
  return verdicts.filter((v) => v.verdict === "good").length;
}

function fitsEndpoints(state: BisectState, verdicts: RefVerdict[]): boolean {
  const good = state.candidates[0];
  const bad = state.candidates[state.candidates.length - 1];
  return verdicts.every(
    (v) => (v.ref !== good || v.verdict === "good") && (v.ref !== bad || v.verdict === "bad"),
  );
}
