/**
 * The answer of a bisect, in the fields of DESIGN.md's bisect record. The command adds what only
 * it knows (package, kind, titles, PR numbers, URLs) around these.
 */
import type { BisectState, EndpointStatus, LogEntry, VerdictSource } from "./bisect-state.js";
import { inertIndices, openRangeOf } from "./open-range.js";

/**
 * `found`: last_good and first_bad are neighbours. `ambiguous`: only skipped candidates lie
 * between them. `flaky`: an endpoint passed and failed across retries. `not-reproduced`: the
 * endpoints do not show the regression (see `reason`). `running`: the bisect is not over yet.
 */
export type BisectStatus = "found" | "ambiguous" | "flaky" | "not-reproduced" | "running";

/**
 * One endpoint in the record: how it stands and where its verdict came from. `not-needed`: it was
 * never run, because the search met a good candidate (the good end) or stopped first.
 */
export interface EndpointNote {
  ref: string;
  status: EndpointStatus | "not-needed";
  source: VerdictSource | null;
}

/** The record fields a bisect decides; refs are candidate refs as given to `startBisect`. */
export interface BisectSummary {
  status: BisectStatus;
  /** One line for a maintainer when the status is ambiguous, flaky or not-reproduced; else null. */
  reason: string | null;
  /** The oldest candidate known to fail with the bad signature (null when not reproduced). */
  first_bad: string | null;
  /** The newest candidate below first_bad known to pass. */
  last_good: string | null;
  /** Candidates that were skipped (untestable, different failure, flaky), oldest first. */
  skipped: string[];
  /** With `ambiguous`: the skipped candidates between last_good and first_bad, then first_bad. */
  ambiguous: string[];
  candidates: number;
  /** Candidates that install what the candidate before them does (tests, docs, CI): never run. */
  inert: number;
  /**
   * What the bad end's failure names (`clues`) and the candidates that touch it (`refs`, oldest
   * first), which the search tried first; both empty when none were looked for or found.
   */
  suspects: { clues: string[]; refs: string[] };
  steps: number;
  rounds: number;
  log: LogEntry[];
  endpoints: { good: EndpointNote; bad: EndpointNote };
}

/**
 * Summarises a bisect state. The endpoints decide first (see `endpointProblemOf`); then the open
 * range: neighbours are `found`, only skipped candidates between them is `ambiguous`, anything
 * still untested is `running`.
 */
export function summarizeBisect(state: BisectState): BisectSummary {
  const skipped = Object.values(state.verdicts)
    .filter((v) => v.verdict === "skip" || v.verdict === "flaky")
    .sort((a, b) => a.index - b.index)
    .map((v) => v.ref);
  const summary: BisectSummary = {
    status: "running",
    reason: null,
    first_bad: null,
    last_good: null,
    skipped,
    ambiguous: [],
    candidates: state.candidates.length,
    inert: state.inert?.length ?? 0,
    suspects: {
      clues: state.clues ?? [],
      refs: state.candidates.filter((ref) => (state.suspects?.[ref] ?? 0) > 0 && !state.inert?.includes(ref)),
    },
    steps: state.steps,
    rounds: state.rounds,
    log: state.log,
    endpoints: {
      good: endpointNoteOf(state, state.candidates[0] ?? "", state.endpoints.good),
      bad: endpointNoteOf(state, state.candidates[state.candidates.length - 1] ?? "", state.endpoints.bad),
    },
  };
  const problem = endpointProblemOf(state);
  if (problem !== null) return { ...summary, ...problem };
  const range = openRangeOf(state);
  if (range === null || range.untested.length > 0) return summary;
  // No good candidate below the first bad: the good endpoint has to pass before it counts.
  if (range.lo === 0 && state.endpoints.good !== "confirmed") return summary;
  // Inert candidates between the two install what the good one does: they are good too, and the
  // one right before the first bad is its last good (the diff a maintainer reads is one commit).
  const inert = inertIndices(state);
  const between = state.candidates
    .slice(range.lo + 1, range.hi)
    .filter((_, i) => !inert.has(range.lo + 1 + i));
  const found = {
    first_bad: state.candidates[range.hi] ?? null,
    last_good: state.candidates[between.length === 0 ? range.hi - 1 : range.lo] ?? null,
  };
  if (between.length === 0) return { ...summary, ...found, status: "found" };
  const ambiguous = [...between, state.candidates[range.hi] as string];
  const reason = `only skipped candidates lie between ${found.last_good} and ${found.first_bad}: the first bad is one of ${ambiguous.length}`;
  return { ...summary, ...found, status: "ambiguous", reason, ambiguous };
}

/**
 * Why the endpoints stop the bisect, or null when they do not (yet). A flaky endpoint gives
 * `flaky`; a bad endpoint that passes or cannot be run gives `not-reproduced`; so does a good
 * endpoint that fails, with any signature (the breakage is older than the range, or the good ref
 * is broken in another way: bisect again from an older good ref), or cannot be installed.
 */
function endpointProblemOf(state: BisectState): { status: BisectStatus; reason: string } | null {
  const good = `good endpoint ${state.candidates[0]}`;
  const bad = `bad endpoint ${state.candidates[state.candidates.length - 1]}`;
  const ends = state.endpoints;
  if (ends.bad === "flaky") return { status: "flaky", reason: `${bad} passed and failed across retries` };
  if (ends.good === "flaky") return { status: "flaky", reason: `${good} passed and failed across retries` };
  if (ends.bad === "contradicted") return { status: "not-reproduced", reason: `${bad} passes` };
  if (ends.bad === "untestable") {
    return { status: "not-reproduced", reason: `${bad} cannot be installed or built` };
  }
  if (ends.good === "contradicted") {
    const reason = `${good} fails too: the breakage is older than the range; bisect from an older good ref`;
    return { status: "not-reproduced", reason };
  }
  if (ends.good === "untestable") {
    return { status: "not-reproduced", reason: `${good} cannot be installed or built` };
  }
  return null;
}

function endpointNoteOf(state: BisectState, ref: string, status: EndpointStatus): EndpointNote {
  const entry = state.verdicts[ref];
  if (entry === undefined) return { ref, status: "not-needed", source: null };
  return { ref, status, source: entry.source ?? "run" };
}
