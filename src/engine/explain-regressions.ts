/**
 * The explain stage in one process (`matrix nightly`): an unexplained multi-package failure gets
 * its interaction search (the smallest set of moved packages that fails together, saved in
 * `interactions/`), then each bisect `planBisects` lists, the same list `matrix plan --bisects`
 * hands the bisect jobs of a night split over runners: one per (culprit, job), none for a
 * breakage the history already explained or the matrix file expects. An interaction is bisected
 * on one member with the other members at their new versions, and the record says so. Every
 * bisect leaves `bisect/<package>--<job>.json`, one that cannot start too (its status says why),
 * and the conclude stage reads them from there.
 */

import { join } from "node:path";
import { writeRedactedJson } from "../adapters/fs.js";
import type { RunLayout } from "../adapters/run-folder.js";
import { type BisectCell, planBisects } from "../core/bisect/plan-bisects.js";
import { withStandIns } from "../core/variants/leave-out.js";
import type { ManifestVariant } from "../core/variants/manifest.js";
import { InputError, WorldError } from "../errors.js";
import { bisectPackage } from "./bisect-record.js";
import type { MachineFacts } from "./environment-spec.js";
import { searchInteraction } from "./interaction-search.js";
import type { Project } from "./load-project.js";
import { summarizeNight } from "./summarize-night.js";

/** What the explain stage needs: the project as the night ran it, its folder and this machine. */
export interface ExplainInput {
  project: Project;
  layout: RunLayout;
  facts: MachineFacts;
  reports: string;
  workers: number;
}

/** Interaction searches, then the bisects tonight still needs; returns how many bisects ran. */
export async function explainRegressions(input: ExplainInput): Promise<{ bisects: number }> {
  const { project, layout, facts, workers } = input;
  const before = await summarizeNight(input);
  // A blocked night is not explained: pinned itself fails (as `plan --bisects` plans none).
  if (before.summary.blocked) return { bisects: 0 };
  const failing = new Map<string, ManifestVariant>();
  for (const regression of before.summary.regressions) {
    const outcome = await searchInteraction(
      project,
      facts,
      layout,
      before.manifest,
      regression,
      before.results,
      workers,
    );
    if (outcome.failing) failing.set(`${regression.variant}\0${regression.job}`, outcome.failing);
  }
  // Read again: the searches' answers are in the folder now, and so the fingerprints as explained.
  const after = await summarizeNight(input);
  const open = after.summary.regressions.filter((r) => r.bisect === undefined);
  // A stand-in made during the run is bisected with the versions of the variant it stands in for.
  const variants = withStandIns(after.manifest.variants, after.results as Parameters<typeof withStandIns>[1]);
  const cells = planBisects(open, variants, project.matrix.jobs);
  for (const cell of cells) {
    const regression = open.find((r) => r.variant === cell.variant && r.job === cell.job);
    const others = (regression?.culprits ?? []).filter((c) => c !== cell.package);
    const kind = variants.find((v) => v.name === cell.variant)?.kind;
    await bisectOne(
      input,
      { ...cell, kind: kind === "upstream" ? "commits" : "releases" },
      others,
      failing.get(`${cell.variant}\0${cell.job}`) ?? null,
    );
  }
  return { bisects: cells.length };
}

async function bisectOne(
  input: ExplainInput,
  cell: BisectCell & { kind: "commits" | "releases" },
  others: string[],
  failing: ManifestVariant | null,
): Promise<void> {
  const { project, layout, facts, workers } = input;
  try {
    await bisectPackage(project, layout, facts, {
      package: cell.package,
      bad: cell.bad,
      job: cell.job,
      variant: "pinned",
      ...(failing && others.length > 0
        ? {
            baseVariant: failing,
            note: `interaction: ${others.join(", ")} held at ${cell.variant}'s versions`,
          }
        : {}),
      workers,
    });
  } catch (error) {
    // A bisect the night cannot run (an upstream out of reach, a range the index lacks) is said in
    // its record; a bug is not dressed up as one.
    if (!(error instanceof WorldError || error instanceof InputError)) throw error;
    await writeRedactedJson(join(layout.dir, "bisect", `${cell.package}--${cell.job}.json`), {
      status: `not run: ${error.message}`,
      reason: error.message,
      package: cell.package,
      job: cell.job,
      variant: "pinned",
      kind: cell.kind,
      first_bad: null,
      last_good: null,
    });
  }
}
