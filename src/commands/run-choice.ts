/**
 * Says which run a reading command (`gate`, `report`, `file-issues`) took when `--run` was not
 * given, and which newer folders it passed over, on stderr: the human channel in both modes.
 */
import { basename } from "node:path";
import type { FoundRun } from "../adapters/run-folder.js";

/** The line, or null when `--run` named the folder. */
export function describeRunChoice(found: FoundRun): string | null {
  if (found.picked === null) return null;
  const { skipped, pullRequests = [] } = found.picked;
  const passed =
    (skipped.length === 0
      ? ""
      : `; passed over ${skipped.join(", ")} (no results: a crash or a refused command)`) +
    (pullRequests.length === 0 ? "" : `; passed over ${pullRequests.join(", ")} (matrix pr runs, no nights)`);
  return `matrix: using run ${basename(found.dir)}, the newest with results${passed}`;
}

/** Prints the line, when there is one. */
export function sayRunChoice(found: FoundRun, stderr: NodeJS.WritableStream = process.stderr): void {
  const line = describeRunChoice(found);
  if (line !== null) stderr.write(`${line}\n`);
}
