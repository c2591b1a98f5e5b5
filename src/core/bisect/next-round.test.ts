import { describe, expect, it } from "vitest";
import { InputError } from "../../errors.js";
import { startBisect } from "./bisect-state.js";
import { nextRound, pickSplitPoints } from "./next-round.js";
import { recordVerdicts } from "./record-verdicts.js";

const refs = (n: number) => Array.from({ length: n }, (_, i) => `c${i}`);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe("pickSplitPoints", () => {
  it.each<[string, number, number, number[], number, number[]]>([
    ["binary split of 0..10", 0, 10, range(1, 10), 1, [5]],
    ["binary split of an odd range", 0, 9, range(1, 9), 1, [5]],
    ["three parts with two workers", 0, 9, range(1, 9), 2, [3, 6]],
    ["five parts with four workers", 0, 20, range(1, 20), 4, [4, 8, 12, 16]],
    ["a skipped split point moves to its older neighbour", 0, 10, [1, 2, 3, 4, 6, 7, 8, 9], 1, [4]],
    ["two skipped points in a row", 0, 10, [1, 2, 3, 7, 8, 9], 1, [3]],
    ["all of a small rest at once", 3, 7, [4, 5, 6], 4, [4, 5, 6]],
    ["five candidates, four workers", 0, 6, [1, 2, 3, 4, 5], 4, [2, 3, 4, 5]],
    ["crowded skips never pick one twice", 0, 12, [1, 2, 10, 11], 3, [2, 10, 11]],
    ["offset range", 100, 110, range(101, 110), 1, [105]],
  ])("%s", (_name, lo, hi, untested, workers, expected) => {
    expect(pickSplitPoints(lo, hi, untested, workers)).toEqual(expected);
  });
});

describe("startBisect and nextRound", () => {
  it("runs the bad endpoint first, alone with one worker, beside K-1 split points with K", () => {
    expect(nextRound(startBisect(refs(10), { workers: 1 }))).toEqual(["c9"]);
    expect(nextRound(startBisect(refs(10), { workers: 2 }))).toEqual(["c5", "c9"]);
    expect(nextRound(startBisect(refs(10), { workers: 4 }))).toEqual(["c3", "c5", "c7", "c9"]);
  });

  it("never asks for the good endpoint once the search meets a good candidate", () => {
    let state = recordVerdicts(startBisect(refs(4), { workers: 1 }), [
      { ref: "c3", verdict: "bad", reason: null, signature: "E" },
    ]);
    expect(nextRound(state)).toEqual(["c2"]);
    const met = recordVerdicts(state, [{ ref: "c2", verdict: "good", reason: null, signature: null }]);
    expect(nextRound(met)).toEqual([]);
    // Every candidate tried was bad: the round that settles the range takes the good end along.
    state = recordVerdicts(state, [{ ref: "c2", verdict: "bad", reason: null, signature: "E" }]);
    expect(nextRound(state)).toEqual(["c0", "c1"]);
    const allBad = recordVerdicts(state, [{ ref: "c1", verdict: "bad", reason: null, signature: "E" }]);
    expect(nextRound(allBad)).toEqual(["c0"]);
  });

  it("then splits the range, and stops when the endpoints contradict the claim", () => {
    const s0 = startBisect(refs(10), { workers: 2 });
    const ok = recordVerdicts(s0, [{ ref: "c9", verdict: "bad", reason: null, signature: "E" }]);
    expect(ok.badSignature).toBe("E");
    expect(nextRound(ok)).toEqual(["c3", "c6"]);
    const passes = recordVerdicts(s0, [{ ref: "c9", verdict: "good", reason: null, signature: null }]);
    expect(nextRound(passes)).toEqual([]);
    const goodFails = recordVerdicts(ok, [{ ref: "c0", verdict: "bad", reason: null, signature: "E" }]);
    expect(nextRound(goodFails)).toEqual([]);
  });

  it("judges the first round's other failures once the bad endpoint's signature is known", () => {
    const state = recordVerdicts(startBisect(refs(10), { workers: 3 }), [
      { ref: "c3", verdict: "bad", reason: null, signature: "Other" },
      { ref: "c6", verdict: "bad", reason: null, signature: "E" },
      { ref: "c9", verdict: "bad", reason: null, signature: "E" },
    ]);
    expect(state.verdicts.c3).toMatchObject({ verdict: "skip", reason: "different-failure" });
    expect(state.verdicts.c6).toMatchObject({ verdict: "bad" });
  });

  it("counts verdicts known from the night or the cache as neither steps nor rounds", () => {
    const state = recordVerdicts(startBisect(refs(10), { workers: 1 }), [
      { ref: "c9", verdict: "bad", reason: null, signature: "E", source: "night" },
      { ref: "c4", verdict: "good", reason: null, signature: null, source: "cache" },
    ]);
    expect(state).toMatchObject({ steps: 0, rounds: 0, badSignature: "E" });
    expect(state.endpoints.bad).toBe("confirmed");
    expect(state.log.map((e) => [e.ref, e.round, e.source])).toEqual([
      ["c9", 0, "night"],
      ["c4", 0, "cache"],
    ]);
    expect(nextRound(state)).toEqual(["c7"]);
  });

  it.each<[string, string[], number]>([
    ["one candidate", ["a"], 1],
    ["a repeated ref", ["a", "b", "a"], 1],
    ["no workers", ["a", "b"], 0],
    ["fractional workers", ["a", "b"], 1.5],
  ])("rejects %s", (_name, candidates, workers) => {
    expect(() => startBisect(candidates, { workers })).toThrow(InputError);
  });

  it("rejects a verdict for a ref that is not a candidate", () => {
    const s0 = startBisect(refs(3), { workers: 1 });
    expect(() => recordVerdicts(s0, [{ ref: "zz", verdict: "good", reason: null, signature: null }])).toThrow(
      /zz/,
    );
  });
});
