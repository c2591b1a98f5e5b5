/**
 * The saved state of one bisect, `<bisect dir>/<package>--<job>.state.json`: written after every
 * round, read back here only, so a bisect cut short resumes where it stopped.
 */
import { z } from "zod";
import { readTextIfPresent, writeRedactedJson } from "../../adapters/fs.js";
import { type BisectState, bisectStateSchema, startBisect } from "../../core/bisect/bisect-state.js";
import { parseJsonRecord } from "../../core/records/parse-json-record.js";

/** The state file of the bisect whose folder is `dir` (`<bisect dir>/<package>--<job>`). */
export function stateFileOf(dir: string): string {
  return `${dir}.state.json`;
}

/**
 * The saved state for exactly these candidates, with this run's worker count; a fresh one when
 * there is none or it was saved for another candidate list (or by an older matrix).
 */
export async function resumeState(file: string, refs: string[], workers: number): Promise<BisectState> {
  const saved = await readTextIfPresent(file);
  // A state of another shape (an older matrix) starts afresh; one that is not JSON is a located error.
  const json = saved
    ? parseJsonRecord(saved, file, z.unknown(), { what: "JSON", fix: "remove it to start afresh" })
    : null;
  const parsed = saved ? bisectStateSchema.safeParse(json) : null;
  // A saved state only counts for the very same candidate list; anything else starts afresh.
  if (parsed?.success && parsed.data.candidates.join() === refs.join()) return { ...parsed.data, workers };
  return startBisect(refs, { workers });
}

/** Saves the state (temp file, then rename: a kill never leaves half of it). Paths stay: only this machine reads it. */
export function saveState(file: string, state: BisectState): Promise<void> {
  return writeRedactedJson(file, state, process.env, { keepPaths: true });
}
