/**
 * Where the first bad candidate can still be: between the newest good candidate and the oldest
 * bad one above it. Derived from the verdicts every time (never stored), so a resumed bisect and
 * an uninterrupted one see the same range.
 */
import type { BisectState, LogEntry } from "./bisect-state.js";

/**
 * The open range: `lo` is the index of the last known good candidate, `hi` of the first known bad
 * one, `untested` the indices strictly between them with no verdict yet and not inert (oldest
 * first).
 */
export interface OpenRange {
  lo: number;
  hi: number;
  untested: number[];
}

/** The verdict (log entry) of each candidate, by index; undefined where it has not run. */
export function verdictsByIndex(state: BisectState): (LogEntry | undefined)[] {
  // Filled from the few verdicts, not looked up per candidate: ranges run to thousands of commits.
  const byIndex = new Array<LogEntry | undefined>(state.candidates.length);
  for (const entry of Object.values(state.verdicts)) byIndex[entry.index] = entry;
  return byIndex;
}

/** The indices of the inert candidates (they install what the candidate before them does). */
export function inertIndices(state: BisectState): Set<number> {
  const refs = new Set(state.inert ?? []);
  const indices = new Set<number>();
  if (refs.size === 0) return indices;
  state.candidates.forEach((ref, i) => {
    if (refs.has(ref)) indices.add(i);
  });
  return indices;
}

/**
 * The open range of a bisect whose bad endpoint is confirmed, or null before that (or once the
 * good endpoint contradicts its claim). `hi` is the oldest bad candidate and `lo` the newest good
 * one below it, else the good endpoint, taken as good until it has to run: a good candidate above
 * a bad one (a breakage fixed and broken again, or a flake) is ignored, so the answer is still a
 * real good -> bad transition, the first one in the history.
 */
export function openRangeOf(state: BisectState): OpenRange | null {
  const good = state.endpoints.good;
  if (state.endpoints.bad !== "confirmed" || (good !== "confirmed" && good !== "unconfirmed")) return null;
  const verdicts = verdictsByIndex(state);
  const hi = verdicts.findIndex((v) => v?.verdict === "bad");
  let lo = 0;
  for (let i = hi - 1; i >= 0; i--) {
    if (verdicts[i]?.verdict === "good") {
      lo = i;
      break;
    }
  }
  // An inert candidate between them shares the verdict of the one before it: nothing to test.
  const inert = inertIndices(state);
  const untested: number[] = [];
  for (let i = lo + 1; i < hi; i++) if (verdicts[i] === undefined && !inert.has(i)) untested.push(i);
  return { lo, hi, untested };
}
