/**
 * What leaving inert commits out is worth on one real range, beyond the one culprit a bench run
 * meets: the search is a pure function of its state, so it is replayed (in process, no smoke) for
 * every commit of the range that could be the first bad, once over all candidates and once with
 * the range's inert commits (those the bisect found changed nothing installed) left out, and
 * once more with the suspects the bisect found as well: for every culprit but the true one they
 * are wrong, which is what a misleading clue costs. The bad end is known, as in a night.
 */
import { readFile } from "node:fs/promises";
import {
  type BisectState,
  bisectStateSchema,
  markInert,
  markSuspects,
  type RefVerdict,
  startBisect,
} from "../src/core/bisect/bisect-state.js";
import { nextRound } from "../src/core/bisect/next-round.js";
import { recordVerdicts } from "../src/core/bisect/record-verdicts.js";
import { summarizeBisect } from "../src/core/bisect/summarize-bisect.js";

/** Smoke runs per possible culprit, without and with the inert commits left out. */
export interface ExpectedSmokes {
  culprits: number;
  plainMean: number;
  plainMax: number;
  inertMean: number;
  inertMax: number;
  /** With the inert commits left out and the run's suspects tried first. */
  suspectMean: number;
  suspectMax: number;
  /** How many suspects the run found. */
  suspects: number;
}

/** Replays a one-worker bisect whose first bad is candidate `first`; returns its smoke runs. */
function replay(
  candidates: readonly string[],
  inert: readonly string[],
  first: number,
  suspects: ReadonlyMap<string, number> = new Map(),
): number {
  let state: BisectState = markInert(startBisect(candidates, { workers: 1 }), inert);
  const verdict = (ref: string): RefVerdict =>
    candidates.indexOf(ref) >= first
      ? { ref, verdict: "bad", reason: null, signature: "replayed" }
      : { ref, verdict: "good", reason: null, signature: null };
  state = recordVerdicts(state, [
    { ...verdict(candidates[candidates.length - 1] as string), source: "night" },
  ]);
  state = markSuspects(state, suspects, []);
  for (let round = nextRound(state); round.length > 0; round = nextRound(state))
    state = recordVerdicts(state, round.map(verdict));
  const summary = summarizeBisect(state);
  if (summary.first_bad !== candidates[first])
    throw new Error(`replay named ${summary.first_bad}, not candidate ${first}`);
  return summary.steps;
}

/** Reads a finished bisect's state file and replays every possible culprit of its range. */
export async function expectSmokes(stateFile: string): Promise<ExpectedSmokes> {
  const state = bisectStateSchema.parse(JSON.parse(await readFile(stateFile, "utf8")));
  const inert = state.inert ?? [];
  const skip = new Set(inert);
  const culprits = state.candidates
    .map((_, i) => i)
    .filter((i) => i > 0 && !skip.has(state.candidates[i] ?? ""));
  const plain = culprits.map((i) => replay(state.candidates, [], i));
  const pruned = culprits.map((i) => replay(state.candidates, inert, i));
  const suspects = new Map(Object.entries(state.suspects ?? {}));
  const suspected = culprits.map((i) => replay(state.candidates, inert, i, suspects));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(xs.length, 1);
  return {
    culprits: culprits.length,
    plainMean: mean(plain),
    plainMax: Math.max(...plain),
    inertMean: mean(pruned),
    inertMax: Math.max(...pruned),
    suspectMean: mean(suspected),
    suspectMax: Math.max(...suspected),
    suspects: suspects.size,
  };
}
