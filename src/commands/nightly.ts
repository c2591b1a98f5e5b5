/**
 * `matrix nightly`: the whole flow on one machine. Variants, run, triage, then each upstream
 * regression explained: interaction searches where no single package explains a failure, and a
 * bisect of each culprit (releases for `latest-*`, commits for `upstream-*`). The exit code is
 * the gate's: 1 when the pinned requirements fail.
 */
import { writeRedactedJson } from "../adapters/fs.js";
import { openRunFolder } from "../adapters/run-folder.js";
import { gatherMachineFacts } from "../engine/environment-spec.js";
import { explainRegressions } from "../engine/explain-regressions.js";
import { loadProject } from "../engine/load-project.js";
import { executeRun, summarizeRun } from "../engine/run-variants.js";
import { formatResults, formatTriage } from "./format-results.js";
import { emitResult } from "./output.js";
import type { RunCommandOptions } from "./run.js";

/** The `matrix nightly` command. */
export async function nightlyCommand(opts: RunCommandOptions): Promise<void> {
  const project = await loadProject(opts.matrix);
  const layout = await openRunFolder(opts.reports, opts.run);
  const facts = await gatherMachineFacts(project, opts.reports);
  const { manifest, results } = await executeRun(project, layout, facts, { workers: opts.workers });
  const triage = await summarizeRun(layout, manifest, results, facts);
  const explained = triage.blocked
    ? { regressions: triage.regressions, bisects: [] }
    : await explainRegressions(project, layout, facts, manifest, triage.regressions, results, opts.workers);
  const summary = { ...triage, ...explained };
  await writeRedactedJson(layout.summary, summary);
  const found = summary.bisects.map(
    (b) =>
      `  bisect ${b.package}${b.with ? ` (with ${b.with.join(", ")} moved)` : ""} / ${b.job}: ${b.status}${b.first_bad ? `, first bad ${b.first_bad.slice(0, 12)} ${b.title ?? ""}` : ""}`,
  );
  emitResult(opts, summary, [formatResults(layout.dir, results), formatTriage(summary), ...found].join("\n"));
  if (summary.blocked) process.exitCode = 1;
}
