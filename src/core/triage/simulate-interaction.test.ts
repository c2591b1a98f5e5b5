/**
 * Whole interaction searches against a fake oracle, in process: every possible culprit set of up
 * to six moved packages, the number of subsets run, known outcomes, the default budget, subsets
 * that cannot be judged, and resuming from saved JSON.
 */
import { describe, expect, it } from "vitest";
import {
  type InteractionOptions,
  type InteractionState,
  type InteractionSummary,
  interactionStateSchema,
  nextSubsets,
  recordSubsets,
  type SubsetOutcome,
  startInteraction,
  summarizeInteraction,
} from "./find-interaction.js";
import { combinationsOf } from "./interaction-frontier.js";

const SIG = "RuntimeError: expected scalar type Half but found Float @ peft/tuners/lora.py";

/** An oracle: a set fails with SIG when it holds every culprit; some sets are overridden. */
function oracle(culprits: string[], overrides: Record<string, SubsetOutcome["status"]> = {}) {
  return (set: string[]): SubsetOutcome => {
    const status = overrides[set.join("")] ?? (culprits.every((c) => set.includes(c)) ? "fail" : "pass");
    return { set, status, signature: status === "fail" ? SIG : null };
  };
}

/**
 * Runs a whole search the way the command will, the state going through JSON and the schema
 * every round as a resumed search's would. Checks on the way that no set runs twice and none
 * holds a set already known to fail.
 */
function simulate(
  opts: Omit<InteractionOptions, "signature">,
  run: (set: string[]) => SubsetOutcome,
): InteractionSummary {
  let state: InteractionState = startInteraction({ ...opts, signature: SIG });
  const seen = new Set(state.log.map((e) => e.set.join("")));
  for (let guard = 0; guard < 100; guard++) {
    const sets = nextSubsets(state);
    if (sets.length === 0) break;
    const failing = state.log.filter((e) => e.verdict === "fail").map((e) => e.set);
    for (const set of sets) {
      expect(seen.has(set.join(""))).toBe(false);
      expect(failing.some((f) => f.every((pkg) => set.includes(pkg)))).toBe(false);
      seen.add(set.join(""));
    }
    state = recordSubsets(state, sets.map(run));
    state = interactionStateSchema.parse(JSON.parse(JSON.stringify(state)));
  }
  return summarizeInteraction(state);
}

const letters = (n: number) => [..."abcdef"].slice(0, n);
const choose = (n: number, k: number): number => (k === 0 ? 1 : (choose(n, k - 1) * (n - k + 1)) / k);
/** Subsets run to settle culprits of size t among n: every size up to t (the whole: up to n-1). */
const expectedSteps = (n: number, t: number) =>
  Array.from({ length: Math.min(t, n - 1) }, (_, i) => choose(n, i + 1)).reduce((a, b) => a + b, 0);

describe("every culprit set of 1 to 6 moved packages", () => {
  it.each([1, 2, 3, 4, 5, 6])(
    "n = %i: names the set, clears the rest, in the expected number of runs",
    (n) => {
      const moved = letters(n);
      const misses: string[] = [];
      for (let t = 1; t <= n; t++) {
        for (const culprits of combinationsOf(moved, t)) {
          const summary = simulate({ moved, budget: 1000 }, oracle(culprits));
          const cleared = moved.filter((p) => !culprits.includes(p));
          const ok =
            summary.status === (t === 1 ? "single" : "found") &&
            summary.culprits.join("") === culprits.join("") &&
            summary.cleared.join("") === cleared.join("") &&
            summary.steps === expectedSteps(n, t) &&
            summary.rounds === Math.min(t, n - 1);
          if (!ok)
            misses.push(
              `${n}/${culprits.join("")}: ${summary.status} ${summary.culprits} in ${summary.steps}`,
            );
        }
      }
      expect(misses).toEqual([]);
    },
  );
});

describe("budget and known outcomes", () => {
  it.each<[string, number, string[], string, number]>([
    ["four packages, a pair", 4, ["b", "d"], "found", 10],
    ["four packages, only all four together", 4, ["a", "b", "c", "d"], "found", 14],
    ["five packages, a pair", 5, ["a", "e"], "found", 15],
    ["five packages, the last triple: past the default budget", 5, ["c", "d", "e"], "budget", 20],
  ])("default budget: %s", (_name, n, culprits, status, steps) => {
    const summary = simulate({ moved: letters(n) }, oracle(culprits));
    expect(summary).toMatchObject({ status, steps });
  });

  it("known single-package variants save one run per package", () => {
    const moved = letters(4);
    const run = oracle(["a", "c"]);
    const known = moved.map((pkg) => run([pkg]));
    const cold = simulate({ moved }, run);
    const warm = simulate({ moved, known }, run);
    expect(cold.steps - warm.steps).toBe(4);
    expect(warm).toMatchObject({ status: "found", culprits: ["a", "c"], cleared: ["b", "d"] });
    expect(warm.tested.slice(0, 4).every((t) => t.round === 0)).toBe(true);
  });

  it("a pair that cannot be installed hides nothing when its size already found the culprits", () => {
    const summary = simulate({ moved: letters(4) }, oracle(["b", "c"], { ad: "other" }));
    expect(summary).toMatchObject({ status: "found", culprits: ["b", "c"], cleared: ["a", "d"] });
  });

  it("not found when the real culprits could not be judged and only bigger sets fail", () => {
    // {a,b} is the interaction but never installs: triples with it fail, the smallest is unknown.
    const summary = simulate({ moved: letters(3) }, oracle(["a", "b"], { ab: "other" }));
    expect(summary).toMatchObject({ status: "not-found", culprits: [], failing: [] });
  });
});

describe("resuming", () => {
  it("continues a search cut short without re-running finished subsets", () => {
    const run = oracle(["b", "d"]);
    const moved = letters(5);
    let state = startInteraction({ moved, signature: SIG });
    state = recordSubsets(state, nextSubsets(state).map(run));
    const saved = JSON.stringify(state);
    let resumed = interactionStateSchema.parse(JSON.parse(saved));
    expect(summarizeInteraction(resumed).status).toBe("running");
    while (nextSubsets(resumed).length > 0) resumed = recordSubsets(resumed, nextSubsets(resumed).map(run));
    const sets = resumed.log.map((e) => e.set.join(""));
    expect(new Set(sets).size).toBe(sets.length);
    expect(summarizeInteraction(resumed)).toMatchObject({ status: "found", culprits: ["b", "d"], steps: 15 });
  });
});
