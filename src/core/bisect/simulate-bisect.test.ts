/**
 * Whole bisects against a fake oracle, in process: the targets of DESIGN.md (smoke runs and
 * rounds), skipped candidates, the ambiguous case, endpoint checks, and resuming from saved JSON.
 */
import { describe, expect, it } from "vitest";
import { type BisectState, bisectStateSchema, type RefVerdict, startBisect } from "./bisect-state.js";
import { nextRound } from "./next-round.js";
import { recordVerdicts } from "./record-verdicts.js";
import { type BisectSummary, summarizeBisect } from "./summarize-bisect.js";
import { type Outcome, verdictOf } from "./verdict-of.js";

const BAD: Outcome = { status: "fail", signature: "AttributeError: rotary_emb @ lora.py" };
const PASS: Outcome = { status: "pass", signature: null };
const UNTESTABLE: Outcome = { status: "install-error", signature: "build failed" };
const OTHER: Outcome = { status: "fail", signature: "ImportError: cannot import name" };

/** An oracle: good below `firstBad`, bad from it on, with some candidates overridden. */
function oracle(firstBad: number, overrides: Record<number, Outcome> = {}): (i: number) => Outcome {
  return (i) => overrides[i] ?? (i >= firstBad ? BAD : PASS);
}

/**
 * Runs a whole bisect the way the command will. With `save` on (the default), the state goes
 * through JSON and the schema every round, as a resumed bisect's would; the large sweeps leave
 * that out to stay fast.
 */
function simulate(
  n: number,
  workers: number,
  run: (i: number) => Outcome,
  save = true,
  known: RefVerdict[] = [],
): BisectSummary {
  const candidates = Array.from({ length: n }, (_, i) => `c${i}`);
  let state: BisectState = recordVerdicts(startBisect(candidates, { workers }), known);
  for (let guard = 0; guard < 2 * n + 4; guard++) {
    const refs = nextRound(state);
    if (refs.length === 0) break;
    const verdicts = refs.map((ref) => ({
      ref,
      ...verdictOf(run(Number(ref.slice(1))), state.badSignature),
    }));
    state = recordVerdicts(state, verdicts);
    if (save) state = bisectStateSchema.parse(JSON.parse(JSON.stringify(state)));
  }
  return summarizeBisect(state);
}

/** Smallest r with base^r >= n, in integers: ceil(log_base n) without float error. */
function ceilLog(base: number, n: number): number {
  let r = 0;
  for (let power = 1; power < n; power *= base) r++;
  return r;
}

/** First-bad positions to try: every one for small N, a spread (ends included) for larger N. */
function positions(n: number): number[] {
  if (n <= 64) return Array.from({ length: n - 1 }, (_, i) => i + 1);
  const stride = Math.ceil(n / 24);
  const spread = new Set([1, 2, n - 2, n - 1, Math.floor(n / 2)]);
  for (let f = 1; f < n; f += stride) spread.add(f);
  return [...spread];
}

describe("bisect targets (nothing flaky or untestable)", () => {
  // Misses are collected and compared once: thousands of expect calls would dominate the time.
  it.each([1, 2, 4])(
    "K=%i: finds every first bad within the step and round targets, N = 2..300",
    (workers) => {
      const misses: string[] = [];
      let worstRounds = -Infinity;
      let worstSteps = -Infinity;
      for (let n = 2; n <= 300; n++) {
        for (const f of positions(n)) {
          const s = simulate(n, workers, oracle(f), false);
          if (s.status !== "found" || s.first_bad !== `c${f}` || s.last_good !== `c${f - 1}`)
            misses.push(`${n}/${f}`);
          worstRounds = Math.max(worstRounds, s.rounds - (ceilLog(workers + 1, n) + 1));
          if (workers === 1) worstSteps = Math.max(worstSteps, s.steps - (ceilLog(2, n) + 2));
        }
      }
      expect(misses).toEqual([]);
      expect(worstRounds).toBeLessThanOrEqual(0);
      if (workers === 1) expect(worstSteps).toBeLessThanOrEqual(0);
    },
  );
});

describe("skipped candidates", () => {
  it("finds the first bad of 64 with untestable and differently failing candidates in log2(N) + 8 runs", () => {
    const overrides = {
      5: UNTESTABLE,
      16: OTHER,
      31: UNTESTABLE,
      32: UNTESTABLE,
      33: OTHER,
      40: OTHER,
      47: UNTESTABLE,
    };
    const summary = simulate(64, 1, oracle(37, overrides));
    expect(summary).toMatchObject({ status: "found", first_bad: "c37", last_good: "c36" });
    expect(summary.steps).toBeLessThanOrEqual(6 + 8);
    expect(summary.skipped.length).toBeGreaterThan(0);
  });

  it("stays within log2(N) + 8 runs for every first bad, with a seeded scatter of 8 skipped candidates", () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let trial = 0; trial < 40; trial++) {
      const overrides: Record<number, Outcome> = {};
      while (Object.keys(overrides).length < 8) {
        overrides[1 + Math.floor(random() * 62)] = random() < 0.5 ? UNTESTABLE : OTHER;
      }
      for (let f = 1; f < 64; f++) {
        if (overrides[f] || overrides[f - 1]) continue; // the neighbours must be testable to be found
        const summary = simulate(64, 1, oracle(f, overrides), false);
        expect(summary).toMatchObject({ status: "found", first_bad: `c${f}` });
        expect(summary.steps).toBeLessThanOrEqual(14);
      }
    }
  });

  it("is ambiguous when only skipped candidates lie between the last good and the first bad", () => {
    const summary = simulate(20, 2, oracle(10, { 8: UNTESTABLE, 9: OTHER, 10: UNTESTABLE }));
    expect(summary).toMatchObject({
      status: "ambiguous",
      last_good: "c7",
      first_bad: "c11",
      ambiguous: ["c8", "c9", "c10", "c11"],
    });
    expect(summary.skipped).toEqual(["c8", "c9", "c10"]);
  });

  it("skips a candidate that is flaky inside the range", () => {
    const summary = simulate(16, 1, oracle(12, { 8: { status: "flaky", signature: null } }));
    expect(summary).toMatchObject({ status: "found", first_bad: "c12", skipped: ["c8"] });
  });

  it("reports the first good -> bad transition when the breakage comes and goes", () => {
    const summary = simulate(32, 4, oracle(5, { 20: PASS, 21: PASS }));
    expect(summary).toMatchObject({ status: "found", first_bad: "c5", last_good: "c4" });
  });
});

describe("runs no smoke whose answer is known or not needed", () => {
  it("K=1: past the first two candidates, one smoke run fewer than ceil(log2 N) + 2, two with the bad end known from the night", () => {
    let worstCold = -Infinity;
    let worstNight = -Infinity;
    const misses: string[] = [];
    for (let n = 3; n <= 200; n++) {
      const night: RefVerdict[] = [
        { ref: `c${n - 1}`, verdict: "bad", reason: null, signature: BAD.signature, source: "night" },
      ];
      for (const f of positions(n)) {
        const cold = simulate(n, 1, oracle(f), false);
        const known = simulate(n, 1, oracle(f), false, night);
        if (cold.first_bad !== `c${f}` || known.first_bad !== `c${f}`) misses.push(`${n}/${f}`);
        // The first bad among the first two takes the good end along (the round that settles it).
        const goodEnd = f <= 2 ? 1 : 0;
        worstCold = Math.max(worstCold, cold.steps - (ceilLog(2, n) + 1 + goodEnd));
        worstNight = Math.max(worstNight, known.steps - (ceilLog(2, n) + goodEnd));
      }
    }
    expect(misses).toEqual([]);
    expect(worstCold).toBeLessThanOrEqual(0);
    expect(worstNight).toBeLessThanOrEqual(0);
  });

  it("says where each endpoint's verdict came from, and that the good end was not needed", () => {
    const night: RefVerdict[] = [
      { ref: "c63", verdict: "bad", reason: null, signature: BAD.signature, source: "night" },
    ];
    const summary = simulate(64, 1, oracle(41), true, night);
    expect(summary).toMatchObject({ status: "found", first_bad: "c41", steps: 6 });
    expect(summary.endpoints).toEqual({
      good: { ref: "c0", status: "not-needed", source: null },
      bad: { ref: "c63", status: "confirmed", source: "night" },
    });
    expect(summary.log.some((e) => e.ref === "c0" || (e.ref === "c63" && e.source === undefined))).toBe(
      false,
    );
  });

  it("confirms the good end when every candidate tried was bad", () => {
    const summary = simulate(16, 1, oracle(1));
    expect(summary).toMatchObject({ status: "found", first_bad: "c1", last_good: "c0" });
    expect(summary.endpoints.good).toEqual({ ref: "c0", status: "confirmed", source: "run" });
  });

  it("names the first bad above a good candidate even when the good end itself fails", () => {
    const summary = simulate(10, 1, oracle(4, { 0: OTHER }));
    expect(summary).toMatchObject({ status: "found", first_bad: "c4", last_good: "c3" });
  });
});

describe("endpoints", () => {
  it.each<[string, number, Record<number, Outcome>, string, RegExp, number]>([
    ["bad endpoint passes", 4, { 9: PASS }, "not-reproduced", /bad endpoint c9 passes/, 1],
    ["bad endpoint cannot be installed", 4, { 9: UNTESTABLE }, "not-reproduced", /c9 cannot be installed/, 1],
    [
      "bad endpoint is flaky",
      4,
      { 9: { status: "flaky", signature: null } },
      "flaky",
      /c9 passed and failed/,
      1,
    ],
    ["good endpoint fails the same way", 1, { 0: BAD }, "not-reproduced", /older than the range/, 6],
    ["good endpoint fails another way", 1, { 0: OTHER }, "not-reproduced", /c0 fails too/, 6],
    [
      "good endpoint cannot be installed",
      1,
      { 0: UNTESTABLE },
      "not-reproduced",
      /c0 cannot be installed/,
      6,
    ],
    [
      "good endpoint is flaky",
      1,
      { 0: { status: "flaky", signature: null } },
      "flaky",
      /c0 passed and failed/,
      6,
    ],
  ])("%s", (_name, firstBad, overrides, status, reason, steps) => {
    const summary = simulate(10, 1, oracle(firstBad, overrides));
    expect(summary.status).toBe(status);
    expect(summary.reason).toMatch(reason);
    expect(summary).toMatchObject({ first_bad: null, steps });
  });
});

describe("resuming", () => {
  it("continues a bisect cut short without re-running finished steps", () => {
    const run = oracle(23, { 12: UNTESTABLE });
    const candidates = Array.from({ length: 40 }, (_, i) => `c${i}`);
    const step = (state: BisectState) =>
      recordVerdicts(
        state,
        nextRound(state).map((ref) => ({ ref, ...verdictOf(run(Number(ref.slice(1))), state.badSignature) })),
      );
    let state = startBisect(candidates, { workers: 2 });
    state = step(step(state));
    const saved = JSON.stringify(state);
    let resumed = bisectStateSchema.parse(JSON.parse(saved));
    while (nextRound(resumed).length > 0) resumed = step(resumed);
    const refs = resumed.log.map((entry) => entry.ref);
    expect(new Set(refs).size).toBe(refs.length);
    expect(summarizeBisect(resumed)).toMatchObject({ status: "found", first_bad: "c23" });
    expect(summarizeBisect(bisectStateSchema.parse(JSON.parse(saved))).status).toBe("running");
  });
});
