/**
 * The interaction search: when `latest-all` (or `upstream-all`) fails, pinned passes and no
 * single moved package explains it, which moved packages break only together? A pure, resumable
 * state machine in the style of the bisect core: `startInteraction`, then rounds of
 * `nextSubsets` (run them, in parallel) and `recordSubsets`, until `nextSubsets` is empty; then
 * `summarizeInteraction`. The command runs each subset as a variant that moves only those
 * packages; everything here only takes data and returns data.
 */
import { frontierOf } from "./interaction-frontier.js";
import { entryOf, type InteractionState, type SubsetOutcome } from "./interaction-state.js";

export {
  DEFAULT_INTERACTION_BUDGET,
  type InteractionOptions,
  type InteractionState,
  interactionStateSchema,
  type SubsetEntry,
  type SubsetOutcome,
  type SubsetStatus,
  type SubsetVerdict,
  startInteraction,
} from "./interaction-state.js";
export {
  type InteractionStatus,
  type InteractionSummary,
  summarizeInteraction,
} from "./summarize-interaction.js";

/**
 * The subsets to run next, each in moved order, as one round that may run in parallel; an empty
 * list when the search is over or the budget is spent. The order is that of `frontierOf`: sizes
 * upward, lexicographic in moved order within a size. When the budget cannot cover the whole
 * size, the first subsets in that order run and the search stops there.
 */
export function nextSubsets(state: InteractionState): string[][] {
  const left = state.budget - state.steps;
  if (left <= 0) return [];
  return frontierOf(state).pending.slice(0, left);
}

/**
 * A new state with `outcomes` recorded as one round (call it once per round; an empty list
 * changes nothing; the old state is left as it was). `signature` is the subset's failure
 * signature, or its status when the failure left none, computed as triage computes the `-all`
 * one: a `fail` counts only with the `-all` signature, else it is `other`. A set run again takes
 * the new outcome and both stay in the log. Throws on a set that is not a proper, non-empty subset
 * of the moved packages: that is a bug in the caller.
 */
export function recordSubsets(state: InteractionState, outcomes: readonly SubsetOutcome[]): InteractionState {
  if (outcomes.length === 0) return state;
  const round = state.rounds + 1;
  const entries = outcomes.map((o) => entryOf(state, o, round));
  return {
    ...state,
    log: [...state.log, ...entries],
    rounds: round,
    steps: state.steps + entries.length,
  };
}
