/**
 * Folds one round's verdicts into the bisect state, returning a new state (the old one is left as
 * it was, so the command can save either). Endpoint statuses and the bad signature follow from
 * the endpoints' verdicts.
 */
import type { BisectState, EndpointStatus, LogEntry, RefVerdict } from "./bisect-state.js";

/**
 * A new state with `verdicts` recorded as one round (call it once per round, with every verdict
 * of that round; an empty list changes nothing). Verdicts known without a smoke run (`source`
 * night or cache) are recorded too but are neither steps nor a round. A ref that already has a
 * verdict takes the new one, and both steps stay in the log. When the bad endpoint's signature
 * becomes known in this round, the failures recorded before it were judged without it (every
 * failure was "bad"): those with another signature become `different-failure` skips here. Throws on a ref
 * that is not a candidate: that is a bug in the caller, not an input a user can fix.
 */
export function recordVerdicts(state: BisectState, verdicts: readonly RefVerdict[]): BisectState {
  if (verdicts.length === 0) return state;
  const ran = verdicts.some((v) => (v.source ?? "run") === "run");
  const round = ran ? state.rounds + 1 : state.rounds;
  let entries: LogEntry[] = verdicts.map((v) => {
    const index = state.candidates.indexOf(v.ref);
    if (index < 0) throw new Error(`bisect: ${v.ref} is not one of the candidates`);
    return {
      ref: v.ref,
      index,
      verdict: v.verdict,
      reason: v.verdict === "skip" ? (v.reason ?? "untestable") : null,
      signature: v.signature,
      ...(v.detail ? { detail: v.detail } : {}),
      seconds: v.seconds ?? null,
      ...(v.smoke !== undefined && v.smoke !== null ? { smoke: v.smoke } : {}),
      round,
      ...(v.source && v.source !== "run" ? { source: v.source } : {}),
    };
  });
  const goodRef = state.candidates[0] ?? "";
  const badRef = state.candidates[state.candidates.length - 1] ?? "";
  const bad = endpointStatusOf(latest(state, entries, badRef), "bad");
  // A failure that left no signature compares by its status, as verdictOf does.
  const badSignature =
    bad === "confirmed" ? (latest(state, entries, badRef)?.signature ?? "fail") : state.badSignature;
  const learnt = state.badSignature === null && badSignature !== null;
  if (learnt) entries = entries.map((e) => rejudged(e, badSignature));
  const byRef: Record<string, LogEntry> = {};
  for (const [ref, entry] of Object.entries(state.verdicts))
    byRef[ref] = learnt ? rejudged(entry, badSignature) : entry;
  for (const entry of entries) byRef[entry.ref] = entry;
  const good = endpointStatusOf(byRef[goodRef], "good");
  return {
    ...state,
    badSignature,
    endpoints: { good, bad },
    verdicts: byRef,
    log: [...state.log, ...entries],
    rounds: round,
    steps: state.steps + entries.filter((e) => e.source === undefined).length,
  };
}

/** The newest entry for `ref`: this round's, else the state's. */
function latest(state: BisectState, entries: readonly LogEntry[], ref: string): LogEntry | undefined {
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i]?.ref === ref) return entries[i];
  return state.verdicts[ref];
}

/** A failure judged before the bad signature was known, judged again against it. */
function rejudged(entry: LogEntry, badSignature: string): LogEntry {
  if (entry.verdict !== "bad" || (entry.signature ?? "fail") === badSignature) return entry;
  return { ...entry, verdict: "skip", reason: "different-failure" };
}

/**
 * How an endpoint's verdict stands against its claim. A good endpoint that fails at all,
 * whatever the signature, is contradicted: with no passing start there is nothing to bisect.
 */
function endpointStatusOf(entry: LogEntry | undefined, claim: "good" | "bad"): EndpointStatus {
  if (entry === undefined) return "unconfirmed";
  if (entry.verdict === "flaky") return "flaky";
  if (entry.verdict === claim) return "confirmed";
  if (entry.verdict === "skip" && (entry.reason === "untestable" || entry.reason === "missing-dependency"))
    return "untestable";
  return "contradicted";
}
