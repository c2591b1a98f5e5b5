/**
 * Bisects over histories where some commits change nothing installed (tests, docs, CI): those are
 * marked inert, share the verdict of the commit before them, and never run. The oracle here is a
 * truthful world: an inert commit fails exactly when the commit before it does.
 */
import { describe, expect, it } from "vitest";
import { type BisectState, markInert, type RefVerdict, startBisect } from "./bisect-state.js";
import { nextRound } from "./next-round.js";
import { recordVerdicts } from "./record-verdicts.js";
import { type BisectSummary, summarizeBisect } from "./summarize-bisect.js";

const SIGNATURE = "ValueError: scale @ regpkg/__init__.py";

/** Candidates c0..c(n-1); `inert(i)` says which interior ones change nothing installed. */
function simulate(
  n: number,
  workers: number,
  firstBad: number,
  inert: (i: number) => boolean,
  flips: Record<number, RefVerdict["verdict"]> = {},
): { summary: BisectSummary; ran: number[] } {
  const candidates = Array.from({ length: n }, (_, i) => `c${i}`);
  const marked = candidates.filter((_, i) => inert(i));
  let state: BisectState = markInert(startBisect(candidates, { workers }), marked);
  const ran: number[] = [];
  for (let guard = 0; guard < 2 * n + 4; guard++) {
    const refs = nextRound(state);
    if (refs.length === 0) break;
    const verdicts: RefVerdict[] = refs.map((ref) => {
      const i = Number(ref.slice(1));
      ran.push(i);
      const verdict = flips[i] ?? (i >= firstBad ? "bad" : "good");
      return verdict === "bad"
        ? { ref, verdict, reason: null, signature: SIGNATURE }
        : verdict === "skip"
          ? { ref, verdict, reason: "untestable", signature: null }
          : { ref, verdict: "good", reason: null, signature: null };
    });
    state = recordVerdicts(state, verdicts);
  }
  return { summary: summarizeBisect(state), ran };
}

function ceilLog(base: number, n: number): number {
  let r = 0;
  for (let power = 1; power < n; power *= base) r++;
  return r;
}

// Inert patterns: every other commit, two of three, runs of five, and none.
const patterns: Array<[string, (i: number) => boolean]> = [
  ["every other", (i) => i % 2 === 1],
  ["two of three", (i) => i % 3 !== 0],
  ["runs of five", (i) => Math.floor(i / 5) % 2 === 1],
  ["none", () => false],
];

describe("inert candidates", () => {
  it.each(patterns)(
    "%s: names the first commit that changes the install, never runs an inert one",
    (_, isInert) => {
      const n = 64;
      const inert = (i: number) => i > 0 && i < n - 1 && isInert(i);
      const live = Array.from({ length: n - 1 }, (_, i) => i + 1).filter((i) => !inert(i));
      const misses: string[] = [];
      for (const workers of [1, 2, 4]) {
        for (const f of live) {
          const { summary, ran } = simulate(n, workers, f, inert);
          if (
            summary.status !== "found" ||
            summary.first_bad !== `c${f}` ||
            summary.last_good !== `c${f - 1}`
          )
            misses.push(`K=${workers} f=${f}: ${summary.status} ${summary.first_bad} ${summary.last_good}`);
          if (ran.some(inert)) misses.push(`K=${workers} f=${f}: ran an inert commit`);
          const rounds = ceilLog(workers + 1, live.length + 1) + 1;
          if (summary.rounds > rounds)
            misses.push(`K=${workers} f=${f}: ${summary.rounds} rounds > ${rounds}`);
          if (workers === 1 && summary.steps > ceilLog(2, live.length + 1) + 2)
            misses.push(`f=${f}: ${summary.steps} steps`);
          if (summary.inert !== n - 1 - live.length) misses.push(`inert ${summary.inert}`);
        }
      }
      expect(misses).toEqual([]);
    },
  );

  it("runs fewer smokes than a plain bisect when half the commits are inert", () => {
    const n = 64;
    const inert = (i: number) => i > 0 && i < n - 1 && i % 2 === 1;
    const plain = simulate(n, 1, 42, () => false).summary;
    const pruned = simulate(n, 1, 42, inert).summary;
    expect(plain.first_bad).toBe("c42");
    expect(pruned.first_bad).toBe("c42");
    expect(pruned.steps).toBeLessThan(plain.steps);
  });

  it("never marks an endpoint inert", () => {
    const state = markInert(startBisect(["a", "b", "c"], { workers: 1 }), ["a", "b", "c"]);
    expect(state.inert).toEqual(["b"]);
  });

  it("a skipped commit between the last good and the first bad is still ambiguous; inert ones are not listed", () => {
    const n = 16;
    // c9 is untestable; c10 and c11 are inert; c12 is the first bad.
    const inert = (i: number) => i === 10 || i === 11;
    const { summary } = simulate(n, 1, 12, inert, { 9: "skip" });
    expect(summary.status).toBe("ambiguous");
    expect(summary.ambiguous).toEqual(["c9", "c12"]);
    expect(summary.last_good).toBe("c8");
  });
});
