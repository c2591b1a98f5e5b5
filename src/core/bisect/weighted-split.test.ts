import { describe, expect, it } from "vitest";
import { type BisectState, markSuspects, type RefVerdict, startBisect } from "./bisect-state.js";
import { nextRound } from "./next-round.js";
import { recordVerdicts } from "./record-verdicts.js";
import { summarizeBisect } from "./summarize-bisect.js";
import { pickWeightedSplitPoints, weighPlaces } from "./weighted-split.js";

/**
 * A one-or-more-worker bisect of n candidates with the bad end known (as in a night), first bad
 * at `first`, the given suspects (index -> score): its smoke runs, after checking the answer.
 */
function search(n: number, first: number, suspects: Record<number, number>, workers = 1): number {
  return searchFull(n, first, suspects, workers).steps;
}

/** The same search's smoke runs and rounds. */
function searchFull(
  n: number,
  first: number,
  suspects: Record<number, number>,
  workers: number,
): { steps: number; rounds: number } {
  const candidates = Array.from({ length: n }, (_, i) => `c${i}`);
  const verdict = (ref: string): RefVerdict =>
    Number(ref.slice(1)) >= first
      ? { ref, verdict: "bad", reason: null, signature: "AttributeError: x" }
      : { ref, verdict: "good", reason: null, signature: null };
  let state: BisectState = recordVerdicts(startBisect(candidates, { workers }), [
    { ...verdict(`c${n - 1}`), source: "night" },
  ]);
  const scores = new Map(Object.entries(suspects).map(([i, s]) => [`c${i}`, s]));
  state = markSuspects(state, scores, ["x"]);
  for (let round = nextRound(state); round.length > 0; round = nextRound(state))
    state = recordVerdicts(state, round.map(verdict));
  const summary = summarizeBisect(state);
  if (summary.first_bad !== `c${first}`) throw new Error(`named ${summary.first_bad}, not c${first}`);
  return { steps: summary.steps, rounds: summary.rounds };
}

/** Smallest r with base^r >= n. */
function ceilLog(base: number, n: number): number {
  let r = 0;
  for (let reach = 1; reach < n; reach *= base) r++;
  return r;
}

const ceilLog2 = (n: number) => ceilLog(2, n);

describe("weighPlaces", () => {
  it("gives the suspects together the weight of all the others, shared by score", () => {
    const weights = weighPlaces([1, 2, 3, 4, 5, 6], (i) => (i === 2 ? 1 : i === 5 ? 3 : 0));
    expect(weights.get(1)).toBe(1);
    expect(weights.get(2)).toBe(1);
    expect(weights.get(5)).toBe(3);
  });

  it("weighs no suspect below a place that is none, when suspects outnumber the others", () => {
    const weights = weighPlaces([1, 2, 3, 4], (i) => (i === 4 ? 0 : 1));
    expect([...weights.values()]).toEqual([1, 1, 1, 1]);
  });

  it("weighs by score alone when every place is a suspect", () => {
    expect([...weighPlaces([1, 2], (i) => i).values()]).toEqual([1, 2]);
  });
});

describe("pickWeightedSplitPoints", () => {
  it("halves the weight: next to a heavy suspect, not in the middle", () => {
    const weights = weighPlaces([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], (i) => (i === 8 ? 1 : 0));
    // Up to 7 weighs 7 of 18, up to 8 weighs 16: 7 is nearer the half.
    expect(pickWeightedSplitPoints([1, 2, 3, 4, 5, 6, 7, 8, 9], 1, weights)).toEqual([7]);
  });

  it("takes the suspect and its parent in one round with two workers", () => {
    const weights = weighPlaces([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], (i) => (i === 4 ? 1 : 0));
    expect(pickWeightedSplitPoints([1, 2, 3, 4, 5, 6, 7, 8, 9], 2, weights)).toEqual([3, 4]);
  });

  it("runs every untested candidate when there are no more than workers", () => {
    expect(
      pickWeightedSplitPoints(
        [2, 3],
        2,
        weighPlaces([2, 3, 4], () => 0),
      ),
    ).toEqual([2, 3]);
  });
});

describe("a search with suspects", () => {
  it.each([8, 64, 200])("N=%i: a right suspect is named in at most 2 smoke runs, wherever it lies", (n) => {
    const worst = Math.max(...Array.from({ length: n - 1 }, (_, i) => search(n, i + 1, { [i + 1]: 1 })));
    expect(worst).toBeLessThanOrEqual(2);
  });

  it.each([8, 64, 200])("N=%i: a wrong suspect costs at most two runs over plain bisection", (n) => {
    const plain = ceilLog2(n - 1);
    let worst = 0;
    for (let first = 1; first < n; first++)
      for (let wrong = 1; wrong < n; wrong += n > 64 ? 7 : 1)
        if (wrong !== first) worst = Math.max(worst, search(n, first, { [wrong]: 1 }));
    expect(worst).toBeLessThanOrEqual(plain + 2);
  });

  it("with the culprit among several suspects, scores first", () => {
    expect(search(64, 41, { 10: 1, 41: 2, 50: 1 })).toBeLessThanOrEqual(4);
    expect(search(64, 10, { 10: 1, 41: 2, 50: 1 })).toBeLessThanOrEqual(ceilLog2(63) + 2);
  });

  it("with two workers names a right suspect in one round", () => {
    expect(search(64, 30, { 30: 1 }, 2)).toBeLessThanOrEqual(2);
  });

  it.each([2, 4])(
    "K=%i, N=64: one round for a right suspect, at most two over the plain search for a wrong one",
    (workers) => {
      let right = 0;
      let wrong = 0;
      for (let first = 1; first < 64; first++) {
        // A suspect right after the good end needs the good end confirmed: a round of its own.
        if (first > 1) right = Math.max(right, searchFull(64, first, { [first]: 1 }, workers).rounds);
        for (let other = 1; other < 64; other += 5)
          if (other !== first) wrong = Math.max(wrong, searchFull(64, first, { [other]: 1 }, workers).rounds);
      }
      expect(right).toBe(1);
      expect(wrong).toBeLessThanOrEqual(ceilLog(workers + 1, 63) + 2);
    },
  );
});

describe("a round of K > 1 around a heavy suspect", () => {
  it("takes the suspect and its parent, not cuts at thirds that leave it for the next round", () => {
    // Places 33..63 (the range after 32 was good), the suspect at 41.
    const places = Array.from({ length: 31 }, (_, i) => 33 + i);
    const untested = places.slice(0, -1);
    expect(
      pickWeightedSplitPoints(
        untested,
        2,
        weighPlaces(places, (i) => (i === 41 ? 1 : 0)),
      ),
    ).toEqual([40, 41]);
  });
});
