/**
 * The answer of an interaction search: which moved packages break together, which are cleared,
 * and the evidence. The command stores it next to the regression and `applyInteraction` folds it
 * into the triage record.
 */
import { combinationsOf, frontierOf } from "./interaction-frontier.js";
import { type InteractionState, keyOf, type SubsetEntry, verdictsOf } from "./interaction-state.js";

/**
 * `single`: one package alone fails with the `-all` signature (not an interaction). `found`: the
 * smallest failing set has two packages or more; when no proper subset fails and every set of all
 * moved packages but one passes, it is the whole moved set. `not-found`: every subset was tried,
 * none fails, and some could not be judged (failed differently, not installed, flaky), so the
 * smallest failing set is unknown. `budget`: the budget ran out before any subset failed.
 * `running`: `nextSubsets` still has subsets to run.
 */
export type InteractionStatus = "found" | "single" | "not-found" | "budget" | "running";

/** What an interaction search decided. */
export interface InteractionSummary {
  status: InteractionStatus;
  /** One line for a maintainer when the answer is partial (budget, not-found); else null. */
  reason: string | null;
  /** The smallest failing set (ties: the first in moved order, the order the search runs them). */
  culprits: string[];
  /** Moved packages in no failing set: a failing set without them was run, so they are not needed. */
  cleared: string[];
  /** Every minimal failing set found, smallest first, then in moved order. */
  failing: string[][];
  /** Every outcome in the order learnt: round 0 the known ones, then each round's. */
  tested: SubsetEntry[];
  /** Subsets the search ran (known outcomes excluded), and in how many rounds. */
  steps: number;
  rounds: number;
}

/** Summarises an interaction state; see `InteractionStatus` for what each status means. */
export function summarizeInteraction(state: InteractionState): InteractionSummary {
  const { moved } = state;
  const judged = [...verdictsOf(state).values()];
  const failing = minimalOf(
    judged.filter((e) => e.verdict === "fail").map((e) => e.set),
    moved,
  );
  const frontier = frontierOf(state);
  const budgetSpent = state.steps >= state.budget;
  const base = { tested: state.log, steps: state.steps, rounds: state.rounds };
  const cutShort = frontier.pending.length > 0 && budgetSpent;
  if (frontier.pending.length > 0 && !budgetSpent) {
    return { ...base, ...answerOf(failing, moved), status: "running", reason: null };
  }
  if (failing.length > 0) {
    const answer = answerOf(failing, moved);
    const reason = cutShort
      ? `the budget of ${state.budget} subsets ran out during the sets of ${frontier.size}: other failing sets of that size may exist`
      : null;
    return { ...base, ...answer, status: answer.culprits.length === 1 ? "single" : "found", reason };
  }
  if (cutShort) {
    const reason = `the budget of ${state.budget} subsets ran out at sets of ${frontier.size} packages before any failed`;
    return { ...base, ...answerOf([], moved), status: "budget", reason };
  }
  // Nothing smaller fails. The whole set is the smallest failing one only if every set that
  // leaves one package out passes: a set that could not be judged might hide the real culprits.
  const maximal = moved.length === 1 ? [] : combinationsOf(moved, moved.length - 1);
  const byKey = verdictsOf(state);
  const unjudged = maximal.filter((set) => byKey.get(keyOf(set))?.verdict !== "pass");
  if (unjudged.length === 0) {
    const answer = answerOf([[...moved]], moved);
    return { ...base, ...answer, status: moved.length === 1 ? "single" : "found", reason: null };
  }
  const sets = unjudged.map((set) => `{${set.join(", ")}}`).join(", ");
  const reason = `no subset fails with the signature, but ${sets} could not be judged (failed differently, not installed or flaky)`;
  return { ...base, ...answerOf([], moved), status: "not-found", reason };
}

/** Culprits, cleared and failing from the minimal failing sets (already ordered). */
function answerOf(
  failing: string[][],
  moved: readonly string[],
): Pick<InteractionSummary, "culprits" | "cleared" | "failing"> {
  const culprits = failing[0] ?? [];
  const cleared = failing.length === 0 ? [] : moved.filter((pkg) => !failing.some((f) => f.includes(pkg)));
  return { culprits: [...culprits], cleared, failing };
}

/**
 * The failing sets that contain no other failing set, smallest first, then in moved order. The
 * search never runs a superset of a failing set, but known outcomes may include one.
 */
function minimalOf(sets: string[][], moved: readonly string[]): string[][] {
  const minimal = sets.filter(
    (set) => !sets.some((other) => other.length < set.length && other.every((pkg) => set.includes(pkg))),
  );
  const positions = (set: string[]) => set.map((pkg) => moved.indexOf(pkg));
  return minimal.sort((a, b) => {
    if (a.length !== b.length) return a.length - b.length;
    const pa = positions(a);
    const pb = positions(b);
    const i = pa.findIndex((p, j) => p !== pb[j]);
    return i < 0 ? 0 : (pa[i] ?? 0) - (pb[i] ?? 0);
  });
}
