/**
 * The interaction search of one regression, run for real: when `latest-all` fails and no
 * single-package variant explains it, subsets of the moved packages are written as variants
 * (`latest-a+b`: a and b moved, the rest pinned), run for the failing job, and judged by the
 * `-all` failure's signature until the smallest failing set is known. The search state is saved
 * after each round (`interactions/<variant>--<job>.json`); the packages in no failing set are
 * cleared.
 */
import { join } from "node:path";
import { writeRedactedJson } from "../../adapters/fs.js";
import { createProgress } from "../../adapters/progress.js";
import type { RunLayout } from "../../adapters/run-folder.js";
import type { ResultRecord } from "../../core/results/result-record.js";
import {
  applyInteraction,
  interactionStartOf,
  subsetOutcomeOf,
} from "../../core/triage/apply-interaction.js";
import {
  nextSubsets,
  recordSubsets,
  startInteraction,
  summarizeInteraction,
} from "../../core/triage/find-interaction.js";
import type { InteractionSummary } from "../../core/triage/summarize-interaction.js";
import type { Regression } from "../../core/triage/triage-run.js";
import type { Manifest, ManifestVariant } from "../../core/variants/manifest.js";
import type { MachineFacts } from "../project/environment-spec.js";
import type { Project } from "../project/load-project.js";
import { runCells } from "../run/run-cells.js";
import { writeExtraVariant } from "../variants/write-variants.js";

/** The regression with the search's answer, the variant of its smallest failing set, and the search. */
export interface InteractionOutcome {
  regression: Regression;
  /** The failing set as a variant (its members moved, the rest pinned), for the bisect; null when none. */
  failing: ManifestVariant | null;
  summary: InteractionSummary | null;
}

/** The variant that moves exactly `set` the way `all` moved them. */
export async function writeSubsetVariant(
  project: Project,
  layout: RunLayout,
  all: ManifestVariant,
  set: string[],
): Promise<ManifestVariant> {
  const name = `${all.kind}-${set.join("+")}`;
  const packages = Object.fromEntries(
    Object.entries(all.packages).map(([pkg, state]) => [
      pkg,
      set.includes(pkg) ? state : { source: "pinned" as const, requirement: project.pins[pkg] ?? pkg },
    ]),
  );
  return writeExtraVariant(project, layout, { name, kind: all.kind, moves: set, packages });
}

/** Runs the search for `regression` (a no-op when it needs none) and folds the answer in. */
export async function searchInteraction(
  project: Project,
  facts: MachineFacts,
  layout: RunLayout,
  manifest: Manifest,
  regression: Regression,
  results: ResultRecord[],
  workers: number,
): Promise<InteractionOutcome> {
  const moves = manifest.variants.map((v) => ({ name: v.name, kind: v.kind, packages: v.moves }));
  const start = interactionStartOf(regression, results, moves);
  const all = manifest.variants.find((v) => v.name === regression.variant);
  const job = project.matrix.jobs.find((j) => j.name === regression.job);
  if (!start || !all || !job) return { regression, failing: null, summary: null };
  const stateFile = join(layout.dir, "interactions", `${regression.variant}--${regression.job}.json`);
  const progress = createProgress();
  let state = startInteraction(start);
  for (let round = nextSubsets(state); round.length > 0; round = nextSubsets(state)) {
    progress.note(`interaction ${regression.variant}`, `testing ${round.map((s) => s.join("+")).join(", ")}`);
    const variants = await Promise.all(round.map((set) => writeSubsetVariant(project, layout, all, set)));
    const ran = await runCells({
      project,
      facts,
      layout,
      variants,
      jobs: [job],
      workers,
      progress,
      probeOf: regression.variant,
    });
    state = recordSubsets(
      state,
      round.map((set, i) => {
        const result = ran.find((r) => r.variant === variants[i]?.name);
        return result
          ? { set, ...subsetOutcomeOf(result) }
          : { set, status: "other" as const, signature: null };
      }),
    );
    await writeRedactedJson(stateFile, state, process.env, { keepPaths: true });
  }
  const summary = summarizeInteraction(state);
  await writeRedactedJson(stateFile, { ...state, summary }, process.env, { keepPaths: true });
  const answered = applyInteraction(regression, summary);
  const failing =
    answered.evidence === "interaction"
      ? await writeSubsetVariant(project, layout, all, answered.culprits)
      : null;
  return { regression: answered, failing, summary };
}
