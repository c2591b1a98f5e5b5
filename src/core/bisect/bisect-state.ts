/**
 * The state of one bisect as plain JSON data. The command saves it after every round (temp file,
 * then rename) and reads it back with `bisectStateSchema`, so a bisect cut short by a lost runner
 * resumes without re-running finished steps: the next round is a pure function of this state.
 */
import { z } from "zod";
import { InputError } from "../../errors.js";

/** What a tested candidate turned out to be. `flaky`: it passed and failed across retries. */
export const verdictKinds = ["good", "bad", "skip", "flaky"] as const;

/**
 * Why a candidate was skipped: it could not be installed or built (`untestable`), it failed with
 * a signature other than the bad endpoint's (`different-failure`), it was flaky (`flaky`), or it
 * failed to import a dependency it declares itself (`missing-dependency`: the environment's
 * fault, never the candidate's code).
 */
export const skipReasons = ["untestable", "different-failure", "flaky", "missing-dependency"] as const;

/**
 * Where a verdict came from: a smoke run of this bisect (`run`), the night's own cell that ran the
 * same ref with the same job (`night`), or the verdict cache an earlier bisect filled (`cache`).
 * Only `run` verdicts are smoke runs (`steps`).
 */
export const verdictSources = ["run", "night", "cache"] as const;

/** Where an endpoint stands: not run yet, confirmed as claimed, or contradicting the claim. */
export const endpointStatuses = ["unconfirmed", "confirmed", "contradicted", "untestable", "flaky"] as const;

/** A verdict without its ref, as `verdictOf` computes it from one outcome. */
export const verdictSchema = z.object({
  verdict: z.enum(verdictKinds),
  reason: z.enum(skipReasons).nullable(),
  /** The failure signature seen (null when the candidate passed or left none). */
  signature: z.string().nullable(),
  /** One line on why a candidate was skipped (the resolver's words, the missing module). */
  detail: z.string().nullable().optional(),
});

/** One step of the bisect: a candidate, its verdict, how long the smoke run took, in which round. */
export const logEntrySchema = verdictSchema.extend({
  ref: z.string(),
  /** The ref's position in `candidates` (0 = the good endpoint), kept so lookups stay cheap. */
  index: z.number().int().min(0),
  seconds: z.number().nullable(),
  /** Of `seconds`, how long the smoke job itself ran (the rest is installs and bookkeeping). */
  smoke: z.number().nullable().optional(),
  /** Round 0: known before the first smoke run (from the night or the cache). */
  round: z.number().int().min(0),
  /** Absent: `run`. */
  source: z.enum(verdictSources).optional(),
});

/** The whole resumable state. Verdicts are keyed by ref; the log keeps every step in order. */
export const bisectStateSchema = z.object({
  version: z.literal(1),
  /** Oldest first: index 0 is the claimed good endpoint, the last the claimed bad endpoint. */
  candidates: z.array(z.string()).min(2),
  workers: z.number().int().min(1),
  /** The bad endpoint's failure signature, once it is known; a candidate is bad only on a match. */
  badSignature: z.string().nullable(),
  endpoints: z.object({ good: z.enum(endpointStatuses), bad: z.enum(endpointStatuses) }),
  verdicts: z.record(z.string(), logEntrySchema),
  log: z.array(logEntrySchema),
  rounds: z.number().int().min(0),
  steps: z.number().int().min(0),
  /**
   * Interior candidates that install the very files of the candidate before them (a commit that
   * touched only tests, docs or CI): their verdict is that candidate's, so none of them can be
   * the first bad and none runs. Absent: none known (a release range, a compiled package).
   */
  inert: z.array(z.string()).optional(),
  /**
   * Candidates that touch what the bad end's failure names (failure-clues.ts), with their scores
   * (suspect-commits.ts: rarer clues weigh more): the search tries them first. Absent: not looked for yet (the bad
   * end's signature unknown); empty: none found, or nothing to look for.
   */
  suspects: z.record(z.string(), z.number().positive()).optional(),
  /** The clues the suspects were found by, for the record. */
  clues: z.array(z.string()).optional(),
});

/** A verdict computed from one outcome. */
export type Verdict = z.infer<typeof verdictSchema>;
/** Where a verdict came from. */
export type VerdictSource = (typeof verdictSources)[number];
/** A verdict for a ref, as the command records it (seconds optional, for the log; source `run` when absent). */
export type RefVerdict = Verdict & {
  ref: string;
  seconds?: number | null;
  smoke?: number | null;
  source?: VerdictSource;
};
/** One entry of the bisect log. */
export type LogEntry = z.infer<typeof logEntrySchema>;
/** The resumable bisect state. */
export type BisectState = z.infer<typeof bisectStateSchema>;
/** Why a candidate was skipped. */
export type SkipReason = (typeof skipReasons)[number];
/** Where an endpoint stands. */
export type EndpointStatus = (typeof endpointStatuses)[number];

/** Options of a bisect: how many smoke runs go at once in one round. */
export interface BisectOptions {
  workers: number;
}

/**
 * A fresh bisect over `candidates` (oldest first; the first is the claimed good endpoint, the
 * last the claimed bad one). Throws InputError for fewer than two candidates, a repeated ref or
 * fewer than one worker: the caller built the list from user input.
 */
export function startBisect(candidates: readonly string[], opts: BisectOptions): BisectState {
  if (candidates.length < 2) {
    throw new InputError(
      `bisect needs a good and a bad ref that differ (got ${candidates.length} candidate)`,
    );
  }
  const seen = new Set<string>();
  for (const ref of candidates) {
    if (seen.has(ref)) throw new InputError(`bisect candidates list ${ref} twice`);
    seen.add(ref);
  }
  if (!Number.isInteger(opts.workers) || opts.workers < 1) {
    throw new InputError(`--workers must be a whole number of at least 1 (got ${opts.workers})`);
  }
  return {
    version: 1,
    candidates: [...candidates],
    workers: opts.workers,
    badSignature: null,
    endpoints: { good: "unconfirmed", bad: "unconfirmed" },
    verdicts: {},
    log: [],
    rounds: 0,
    steps: 0,
  };
}

/**
 * The state with its suspects: `scores` by ref, from `clues`. The good end is never one (it is
 * the base of the search), nor an inert candidate (it never runs); the bad end can be: then its
 * parent is tried early.
 */
export function markSuspects(
  state: BisectState,
  scores: ReadonlyMap<string, number>,
  clues: readonly string[],
): BisectState {
  const inert = new Set(state.inert ?? []);
  const suspects: Record<string, number> = {};
  state.candidates.forEach((ref, i) => {
    const score = scores.get(ref) ?? 0;
    if (i > 0 && score > 0 && !inert.has(ref)) suspects[ref] = score;
  });
  return { ...state, suspects, clues: [...clues] };
}

/**
 * The state with `refs` marked inert (see `inert`). The endpoints never are: the good end is the
 * base of the search and the bad end's verdict is the claim being checked.
 */
export function markInert(state: BisectState, refs: Iterable<string>): BisectState {
  const wanted = new Set(refs);
  const last = state.candidates.length - 1;
  const inert = state.candidates.filter((ref, i) => i > 0 && i < last && wanted.has(ref));
  return { ...state, inert };
}
