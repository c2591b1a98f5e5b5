/**
 * The state of one interaction search as plain JSON data. When `latest-all` (or `upstream-all`)
 * fails and no single moved package explains it, the search runs subsets of the moved packages
 * to find the smallest set that breaks together. Like a bisect, the command saves this state
 * after every round and reads it back with `interactionStateSchema`, so a search cut short resumes
 * without re-running finished subsets: the next round is a pure function of this state.
 */
import { z } from "zod";
import { InputError } from "../../errors.js";

/** How a subset's run ended, as the command reports it. */
export const subsetStatuses = ["fail", "pass", "other"] as const;

/**
 * What a subset's outcome says. `fail`: it failed with the `-all` signature. `pass`: it passed.
 * `other`: it failed differently, could not be installed or was flaky: no evidence either way.
 */
export const subsetVerdicts = ["fail", "pass", "other"] as const;

/** One judged subset, in the order the search learnt it. Round 0 holds the known outcomes. */
export const subsetEntrySchema = z.object({
  /** Moved packages, in moved order. */
  set: z.array(z.string()).min(1),
  status: z.enum(subsetStatuses),
  signature: z.string().nullable(),
  verdict: z.enum(subsetVerdicts),
  round: z.number().int().min(0),
});

/** The whole resumable state. The log keeps every outcome; for a set run twice the last one counts. */
export const interactionStateSchema = z.object({
  version: z.literal(1),
  /** The packages the failing `-all` variant moved, in matrix order. */
  moved: z.array(z.string()).min(1),
  /** The `-all` failure signature: a subset fails only with this one. */
  signature: z.string(),
  /** The most subsets the search may run (known outcomes are free). */
  budget: z.number().int().min(0),
  log: z.array(subsetEntrySchema),
  rounds: z.number().int().min(0),
  /** Subsets the search has run so far: what the budget counts. */
  steps: z.number().int().min(0),
});

/** How a subset's run ended. */
export type SubsetStatus = (typeof subsetStatuses)[number];
/** What a subset's outcome says about the interaction. */
export type SubsetVerdict = (typeof subsetVerdicts)[number];
/** One judged subset of the log. */
export type SubsetEntry = z.infer<typeof subsetEntrySchema>;
/** The resumable interaction search state. */
export type InteractionState = z.infer<typeof interactionStateSchema>;

/** One subset's outcome, as the command (or tonight's single-package variants) reports it. */
export interface SubsetOutcome {
  set: string[];
  status: SubsetStatus;
  signature: string | null;
}

/** What a search starts from. */
export interface InteractionOptions {
  /** The packages the failing `-all` variant moved, in matrix order. */
  moved: string[];
  /** The `-all` failure signature. */
  signature: string;
  /** Outcomes already known, e.g. tonight's single-package variants of the same kind and job. */
  known?: SubsetOutcome[];
  /** The most subsets to run; default `DEFAULT_INTERACTION_BUDGET`. */
  budget?: number;
}

/** Every proper subset of the four default tracked packages is 14 runs: the default covers it. */
export const DEFAULT_INTERACTION_BUDGET = 20;

/**
 * A fresh search, with the known outcomes recorded as round 0. Throws InputError for an empty or
 * repeated moved list or a budget that is not a whole number >= 0 (they come from the matrix and
 * its options); a known outcome that names a package the variant did not move is a caller bug.
 */
export function startInteraction(opts: InteractionOptions): InteractionState {
  if (opts.moved.length === 0) throw new InputError("interaction search needs at least one moved package");
  if (new Set(opts.moved).size !== opts.moved.length) {
    throw new InputError(`interaction search: moved packages repeat (${opts.moved.join(", ")})`);
  }
  const budget = opts.budget ?? DEFAULT_INTERACTION_BUDGET;
  if (!Number.isInteger(budget) || budget < 0) {
    throw new InputError(`interaction budget must be a whole number of at least 0 (got ${budget})`);
  }
  const state: InteractionState = {
    version: 1,
    moved: [...opts.moved],
    signature: opts.signature,
    budget,
    log: [],
    rounds: 0,
    steps: 0,
  };
  const known = (opts.known ?? []).map((o) => entryOf(state, o, 0));
  return { ...state, log: known };
}

/**
 * The log entry for one outcome: the set in moved order, and its verdict. A failure counts only
 * with the `-all` signature (a failure that left none compares by its status, as in bisect).
 * Throws on an empty set, a repeated package, one that was not moved, or the whole moved set (that
 * is the `-all` variant itself, not a subset).
 */
export function entryOf(state: InteractionState, outcome: SubsetOutcome, round: number): SubsetEntry {
  const set = orderSet(state.moved, outcome.set);
  if (set.length === state.moved.length) {
    throw new Error(`interaction search: {${set.join(", ")}} is every moved package, not a subset`);
  }
  const matches = (outcome.signature ?? "fail") === state.signature;
  const verdict: SubsetVerdict =
    outcome.status === "pass" ? "pass" : outcome.status === "fail" && matches ? "fail" : "other";
  return { set, status: outcome.status, signature: outcome.signature, verdict, round };
}

/** `set` in moved order; throws on an empty set, a repeat or a package that was not moved. */
export function orderSet(moved: readonly string[], set: readonly string[]): string[] {
  const label = `{${set.join(", ")}}`;
  if (set.length === 0) throw new Error("interaction search: an empty subset");
  if (new Set(set).size !== set.length) throw new Error(`interaction search: ${label} repeats a package`);
  for (const pkg of set) {
    if (!moved.includes(pkg)) throw new Error(`interaction search: ${pkg} in ${label} was not moved`);
  }
  return moved.filter((pkg) => set.includes(pkg));
}

/** A set's identity for lookups; package names never contain spaces. */
export function keyOf(set: readonly string[]): string {
  return set.join(" ");
}

/** The verdict of each judged set, by key: the last outcome of a set run twice counts. */
export function verdictsOf(state: InteractionState): Map<string, SubsetEntry> {
  return new Map(state.log.map((entry) => [keyOf(entry.set), entry]));
}
