import { describe, expect, it } from "vitest";
import { startBisect } from "./bisect-state.js";
import { nextRound } from "./next-round.js";
import { planPrefetch } from "./plan-prefetch.js";
import { recordVerdicts } from "./record-verdicts.js";

const refs = Array.from({ length: 17 }, (_, i) => `c${i}`);

describe("planPrefetch", () => {
  it("while the bad endpoint runs, prefetches the first split point", () => {
    const state = startBisect(refs, { workers: 1 });
    const round = nextRound(state);
    expect(round).toEqual(["c16"]);
    expect(planPrefetch(state, round)).toEqual(["c8"]);
  });

  it("with one worker, prefetches both halves' midpoints, and the true next step is among them", () => {
    let state = startBisect(refs, { workers: 1 });
    state = recordVerdicts(state, [
      { ref: "c0", verdict: "good", reason: null, signature: null },
      { ref: "c16", verdict: "bad", reason: null, signature: "E" },
    ]);
    const round = nextRound(state);
    expect(round).toEqual(["c8"]);
    const prefetched = planPrefetch(state, round);
    expect(prefetched).toHaveLength(2);
    for (const verdict of ["good", "bad"] as const) {
      const next = nextRound(
        recordVerdicts(state, [
          { ref: "c8", verdict, reason: null, signature: verdict === "bad" ? "E" : null },
        ]),
      );
      expect(prefetched).toEqual(expect.arrayContaining(next));
    }
  });

  it.each([2, 3])("with %i workers, covers every monotone outcome", (workers) => {
    let state = startBisect(refs, { workers });
    state = recordVerdicts(state, [
      { ref: "c0", verdict: "good", reason: null, signature: null },
      { ref: "c16", verdict: "bad", reason: null, signature: "E" },
    ]);
    const round = nextRound(state);
    const prefetched = planPrefetch(state, round);
    for (let goods = 0; goods <= round.length; goods++) {
      const verdicts = round.map((ref, i) =>
        i < goods
          ? { ref, verdict: "good" as const, reason: null, signature: null }
          : { ref, verdict: "bad" as const, reason: null, signature: "E" },
      );
      expect(prefetched).toEqual(expect.arrayContaining(nextRound(recordVerdicts(state, verdicts))));
    }
    expect(prefetched.some((ref) => round.includes(ref))).toBe(false);
  });
});
