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
import { writeRedactedJson } from "../../adapters/fs.js";
import type { RunLayout } from "../../adapters/run-folder.js";
import { type BisectCell, planBisects } from "../../core/bisect/plan-bisects.js";
import type { ResultRecord } from "../../core/results/result-record.js";
import type { Regression } from "../../core/triage/triage-run.js";
import { withStandIns } from "../../core/variants/leave-out.js";
import type { Manifest, ManifestVariant } from "../../core/variants/manifest.js";
import { editsOfPackages } from "../../core/variants/plan-variants.js";
import { InputError, WorldError } from "../../errors.js";
import { bisectPackage } from "../bisect/bisect-record.js";
import type { KnownOutcome } from "../bisect/bisect-verdicts.js";
import type { MachineFacts } from "../project/environment-spec.js";
import { type Project, pinFactsOf } from "../project/load-project.js";
import { listResultFiles } from "../triage/run-records.js";
import { summarizeNight } from "../triage/summarize-night.js";
import { searchInteraction } from "./interaction-search.js";

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
    const failingVariant = failing.get(`${cell.variant}\0${cell.job}`) ?? null;
    const known = regression
      ? knownEndsOfCell(project, after, variants, cell, regression, failingVariant)
      : [];
    await bisectOne(
      input,
      { ...cell, kind: kind === "upstream" ? "commits" : "releases" },
      others,
      failingVariant,
      known,
    );
  }
  return { bisects: cells.length };
}

type Night = Awaited<ReturnType<typeof summarizeNight>>;

/** knownEndsOf for one planned bisect; stand-ins (one package left out) are no manifest entries. */
function knownEndsOfCell(
  project: Project,
  night: Night,
  variants: ManifestVariant[],
  cell: BisectCell,
  regression: Regression,
  failing: ManifestVariant | null,
): KnownOutcome[] {
  const pinVersion = pinFactsOf(project, cell.package)?.version ?? null;
  const manifest = { ...night.manifest, variants };
  return knownEndsOf(manifest, night.results, regression, { bad: cell.bad, pinVersion }, failing);
}

/**
 * What a bisect job of a night split over runners knows of its ends, from the cells' results
 * merged into its run folder: the same answer `matrix nightly` hands its bisect (no interaction
 * search runs there), so both modes run the same smokes. Nothing when the folder has no results.
 */
export async function knownEndsInRun(
  input: Omit<ExplainInput, "facts" | "workers">,
  ask: { package: string; job: string; bad?: string },
): Promise<KnownOutcome[]> {
  if (!(await hasResults(input.layout))) return [];
  const night = await summarizeNight(input);
  const open = night.summary.regressions.filter((r) => r.bisect === undefined);
  const variants = withStandIns(night.manifest.variants, night.results as Parameters<typeof withStandIns>[1]);
  const cell = planBisects(open, variants, input.project.matrix.jobs).find(
    (c) => c.package === ask.package && c.job === ask.job && (ask.bad === undefined || c.bad === ask.bad),
  );
  const regression = cell && open.find((r) => r.variant === cell.variant && r.job === cell.job);
  return cell && regression ? knownEndsOfCell(input.project, night, variants, cell, regression, null) : [];
}

async function hasResults(layout: RunLayout): Promise<boolean> {
  return (await listResultFiles(layout)).length > 0;
}

/**
 * What tonight's cells already answered for the bisect: the failing cell ran the bad end, with
 * the same job, installed the same way over the same other packages, when its variant moved
 * nothing the bisect's base does not (an `-all` variant blamed by traceback moved more: its bad end
 * runs). For a release bisect over pinned, the pinned cell that passed is the good end (the same
 * release from the index); a commit bisect's good end is a source build, which no cell made.
 */
export function knownEndsOf(
  manifest: Manifest,
  results: readonly ResultRecord[],
  regression: Regression,
  ends: { bad: string; pinVersion: string | null },
  failing: ManifestVariant | null,
): KnownOutcome[] {
  const culprit = regression.culprit as string;
  const variant = manifest.variants.find((v) => v.name === regression.variant);
  const pinned = manifest.variants.find((v) => v.name === "pinned");
  const interaction = regression.culprits.length > 1 && failing !== null;
  const base = interaction ? failing : pinned;
  if (!variant || !base) return [];
  const others = (v: ManifestVariant) => JSON.stringify(editsOfPackages(v.packages, culprit));
  const known: KnownOutcome[] = [];
  const failed = regression.status === "fail" || regression.status === "timeout";
  if (failed && others(variant) === others(base))
    known.push({ ref: ends.bad, outcome: { status: "fail", signature: regression.signature } });
  const moved = variant.packages[culprit];
  const pinnedCell = results.find((r) => r.variant === "pinned" && r.job === regression.job);
  if (!interaction && moved?.source === "latest" && pinnedCell?.status === "pass" && ends.pinVersion)
    known.push({ ref: ends.pinVersion, outcome: { status: "pass", signature: null } });
  return known;
}

async function bisectOne(
  input: ExplainInput,
  cell: BisectCell & { kind: "commits" | "releases" },
  others: string[],
  failing: ManifestVariant | null,
  known: KnownOutcome[],
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
      known,
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
