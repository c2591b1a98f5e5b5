/**
 * `matrix file-issues` on a night split over runners that has not been concluded yet (results,
 * bisect records and a manifest, no `summary.json`): the first half of the conclude stage
 * (`writeNightSummary`: the summary with each breakage's lifecycle, and the drafts) runs first,
 * so the drafts it files are the ones `matrix conclude` and `matrix nightly` write.
 */

import { dirname } from "node:path";
import { isPresent } from "../../adapters/fs.js";
import type { RunLayout } from "../../adapters/run-folder.js";
import { writeNightSummary } from "../conclude/conclude-night.js";
import { withPlannedKnobCells } from "../knobs/knob-run.js";
import { loadProject } from "../project/load-project.js";

/** Writes `summary.json` and the drafts when the run has no summary yet; true when it did. */
export async function assembleSplitRun(
  matrixFile: string,
  layout: RunLayout,
  reports = dirname(layout.dir),
  now = new Date(),
): Promise<boolean> {
  if (await isPresent(layout.summary)) return false;
  // Only now: a run that has its summary needs neither the project nor its requirements.
  const project = await withPlannedKnobCells(await loadProject(matrixFile), layout);
  await writeNightSummary({ project, layout, reports, now });
  return true;
}
