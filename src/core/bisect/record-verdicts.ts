/**
 * Folds one round's verdicts into the bisect state, returning a new state (the old one is left as
 * it was, so the command can save either). Endpoint statuses and the bad signature follow from
 * the endpoints' verdicts.
 */
import type { BisectState, EndpointStatus, LogEntry, RefVerdict } from "./bisect-state.js";

/**
 * A new state with `verdicts` recorded as one round (call it once per round, with every verdict
 * of that round; an empty list changes nothing). A ref that already has a verdict takes the new
 * one, and both steps stay in the log. Throws on a ref that is not a candidate: that is a bug in
 * the caller, not an input a user can fix.
 */
export function recordVerdicts(state: BisectState, verdicts: readonly RefVerdict[]): BisectState {
  if (verdicts.length === 0) return state;
  const round = state.rounds + 1;
  const entries: LogEntry[] = verdicts.map((v) => {
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
    };
  });
  const byRef = { ...state.verdicts };
  for (const entry of entries) byRef[entry.ref] = entry;
  const goodRef = state.candidates[0] ?? "";
  const badRef = state.candidates[state.candidates.length - 1] ?? "";
  const good = endpointStatusOf(byRef[goodRef], "good");
  const bad = endpointStatusOf(byRef[badRef], "bad");
  // A failure that left no signature compares by its status, as verdictOf does.
  const badSignature = bad === "confirmed" ? (byRef[badRef]?.signature ?? "fail") : state.badSignature;
  return {
    ...state,
    badSignature,
    endpoints: { good, bad },
    verdicts: byRef,
    log: [...state.log, ...entries],
    rounds: round,
    steps: state.steps + entries.length,
  };
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
