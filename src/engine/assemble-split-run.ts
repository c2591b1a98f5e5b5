/**
 * A night split over runners has results, bisect records and a manifest, but no `summary.json`
 * and no drafts: `matrix nightly` writes those on the one machine it runs on. Before filing, the
 * triage job assembles them the same way (the matrix file's `expected:` entries applied as of
 * now, bisects attached), so `matrix file-issues` drafts and files a split night like a whole one.
 */
import { access } from "node:fs/promises";
import { writeRedactedJson } from "../adapters/fs.js";
import type { RunLayout } from "../adapters/run-folder.js";
import { markExpected } from "../core/triage/mark-expected.js";
import { withPlannedKnobCells } from "./knob-run.js";
import { readSupportMatrix } from "./knob-support.js";
import { loadProject } from "./load-project.js";
import { triageSplitRun } from "./read-run-summary.js";
import { writeDrafts } from "./write-drafts.js";

/** Writes `summary.json` and the drafts when the run has no summary yet; true when it did. */
export async function assembleSplitRun(
  matrixFile: string,
  layout: RunLayout,
  now = new Date(),
): Promise<boolean> {
  const exists = await access(layout.summary).then(
    () => true,
    () => false,
  );
  if (exists) return false;
  // Only now: a run that has its summary needs neither the project nor its requirements.
  const project = await withPlannedKnobCells(await loadProject(matrixFile), layout);
  const { summary, manifest } = await triageSplitRun(layout);
  const support = await readSupportMatrix(layout, summary.results);
  const marked = markExpected(
    { regressions: summary.regressions, blockers: summary.blockers, results: summary.results },
    project.matrix.expected,
    now,
  );
  const night = { ...summary, manifest: manifest.run, ...marked, ...(support ? { support } : {}) };
  await writeRedactedJson(layout.summary, night);
  await writeDrafts(layout, night, manifest, project);
  return true;
}
