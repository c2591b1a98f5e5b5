/**
 * Suspects for a commit bisect, once the bad end's signature is known: the commits of the range
 * whose patches touch what the failure names (failure-clues.ts, suspect-commits.ts). They only
 * order the search; verdicts still decide, and a wrong suspect costs about one smoke run.
 */
import { readPatchLog } from "../../adapters/commit-patches.js";
import type { Progress } from "../../adapters/progress.js";
import { type BisectState, markSuspects } from "../../core/bisect/bisect-state.js";
import { cluesOf, hasClues } from "../../core/bisect/failure-clues.js";
import { parsePatchLog, scoreSuspects } from "../../core/bisect/suspect-commits.js";
import type { BisectRange } from "./bisect-range.js";

/**
 * The state with its suspects, when they can be looked for now: a commit range with a mirror and
 * a known bad signature, not looked for before (a resumed bisect keeps the ones it found).
 */
export async function findSuspects(
  state: BisectState,
  range: BisectRange,
  progress: Pick<Progress, "note">,
  scope: string,
): Promise<BisectState> {
  if (state.suspects !== undefined || state.badSignature === null) return state;
  if (range.kind !== "commits" || range.mirror === null) return state;
  const clues = cluesOf(state.badSignature);
  const said = [...clues.names, ...clues.modules.map((m) => m.replaceAll("/", "."))];
  if (!hasClues(clues)) return markSuspects(state, new Map(), []);
  const first = state.candidates[0] as string;
  const last = state.candidates[state.candidates.length - 1] as string;
  // A name is looked for as written; a module by its last part (its path is on the file lines).
  const needles = [...clues.names, ...clues.modules.map((m) => m.split("/").pop() ?? m)];
  const log = await readPatchLog(range.mirror, first, last, needles);
  const scores = log === null ? new Map<string, number>() : scoreSuspects(clues, parsePatchLog(log));
  const next = markSuspects(state, scores, said);
  const count = Object.keys(next.suspects ?? {}).length;
  if (count > 0)
    progress.note(
      scope,
      `${count} commit${count === 1 ? " touches" : "s touch"} ${said.join(", ")}: tried first`,
    );
  return next;
}
