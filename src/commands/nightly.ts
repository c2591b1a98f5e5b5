/**
 * `matrix nightly`: the whole flow on one machine. Variants, run, triage, then a bisect of each
 * upstream regression whose culprit package is known (releases for `latest-*`, commits for
 * `upstream-*`). The exit code is the gate's: 1 when the pinned requirements fail.
 */

import { writeRedactedJson } from "../adapters/fs.js";
import { openRunFolder, type RunLayout } from "../adapters/run-folder.js";
import type { Regression } from "../core/triage/triage-run.js";
import type { Manifest } from "../core/variants/manifest.js";
import { bisectPackage } from "../engine/bisect-record.js";
import { gatherMachineFacts, type MachineFacts } from "../engine/environment-spec.js";
import { loadProject, type Project } from "../engine/load-project.js";
import { executeRun, summarizeRun } from "../engine/run-variants.js";
import { formatResults, formatTriage } from "./format-results.js";
import { emitResult } from "./output.js";
import type { RunCommandOptions } from "./run.js";

/** One bisect the night ran (or could not run), for the summary. */
export interface NightBisect {
  package: string;
  job: string;
  variant: string;
  status: string;
  first_bad: string | null;
  title: string | null;
}

/** The bad end of a regression's culprit: the version or SHA its variant installed. */
function badRefOf(regression: Regression, manifest: Manifest): string | undefined {
  const state = manifest.variants.find((v) => v.name === regression.variant)?.packages[
    regression.culprit ?? ""
  ];
  if (state?.source === "latest") return state.version;
  if (state?.source === "upstream") return state.sha;
  return undefined;
}

/** Bisects each (culprit, job) once; a bisect that cannot start is noted, never fatal to the night. */
async function bisectRegressions(
  project: Project,
  layout: RunLayout,
  facts: MachineFacts,
  manifest: Manifest,
  regressions: Regression[],
  opts: RunCommandOptions,
): Promise<NightBisect[]> {
  const done: NightBisect[] = [];
  const seen = new Set<string>();
  for (const regression of regressions) {
    const bad = badRefOf(regression, manifest);
    if (!regression.culprit || !bad || seen.has(`${regression.culprit}/${regression.job}`)) continue;
    seen.add(`${regression.culprit}/${regression.job}`);
    const base = { package: regression.culprit, job: regression.job, variant: regression.variant };
    try {
      const record = await bisectPackage(project, layout, facts, {
        package: regression.culprit,
        bad,
        job: regression.job,
        variant: "pinned",
        workers: opts.workers,
      });
      done.push({
        ...base,
        status: record.status,
        first_bad: record.first_bad?.ref ?? null,
        title: record.first_bad?.title ?? null,
      });
    } catch (error) {
      done.push({
        ...base,
        status: `not run: ${error instanceof Error ? error.message : String(error)}`,
        first_bad: null,
        title: null,
      });
    }
  }
  return done;
}

/** The `matrix nightly` command. */
export async function nightlyCommand(opts: RunCommandOptions): Promise<void> {
  const project = await loadProject(opts.matrix);
  const layout = await openRunFolder(opts.reports, opts.run);
  const facts = await gatherMachineFacts(project, opts.reports);
  const { manifest, results } = await executeRun(project, layout, facts, { workers: opts.workers });
  const triage = await summarizeRun(layout, manifest, results);
  const bisects = triage.blocked
    ? []
    : await bisectRegressions(project, layout, facts, manifest, triage.regressions, opts);
  const summary = { ...triage, bisects };
  await writeRedactedJson(layout.summary, summary);
  const found = bisects.map(
    (b) =>
      `  bisect ${b.package} / ${b.job}: ${b.status}${b.first_bad ? `, first bad ${b.first_bad.slice(0, 12)} ${b.title ?? ""}` : ""}`,
  );
  emitResult(opts, summary, [formatResults(layout.dir, results), formatTriage(summary), ...found].join("\n"));
  if (summary.blocked) process.exitCode = 1;
}
