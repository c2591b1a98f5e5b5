/**
 * The second looks of `matrix pr`, each in its own folders of the run so the first measurement is
 * never overwritten: the head's failing cells once more (`rerun/`: a failure that does not come
 * back is flaky, not the pull request's), and the cells that drifted past a `pr:` limit measured
 * again in the reversed order, head first and then base (`remeasure/`: a drift that does not hold
 * in both orders is the machine's noise, not the pull request's; core/pr/confirm-drifts.ts).
 */
import { join } from "node:path";
import type { RunLayout } from "../../adapters/run-folder.js";
import type { JobSpec } from "../../core/matrix/model.js";
import type { ResultRecord } from "../../core/results/result-record.js";
import type { ManifestVariant } from "../../core/variants/manifest.js";
import { runCells } from "../run/run-cells.js";

/** What both second looks share with the first run: project, machine, workers, progress. */
export type SecondLookOptions = Omit<Parameters<typeof runCells>[0], "layout" | "variants" | "jobs">;

/** The results and logs of `layout` moved under `<run>/<folder>/`; the manifest and variants stay. */
export function subLayoutOf(layout: RunLayout, folder: "rerun" | "remeasure"): RunLayout {
  return {
    ...layout,
    results: join(layout.dir, folder, "results"),
    logs: join(layout.dir, folder, "logs"),
  };
}

/**
 * The head's failing cells once more (`rerun/`), on the next GPU when the machine has several:
 * a failure that does not come back is noise, not the pull request's.
 */
export async function rerunHead(
  common: SecondLookOptions,
  layout: RunLayout,
  head: ManifestVariant,
  jobs: JobSpec[],
): Promise<ResultRecord[]> {
  const gpus = common.facts.gpus;
  const facts =
    gpus.length > 1 ? { ...common.facts, gpus: [...gpus.slice(1), gpus[0] as string] } : common.facts;
  return runCells({ ...common, facts, jobs, layout: subLayoutOf(layout, "rerun"), variants: [head] });
}

/**
 * The drifting cells measured again into `remeasure/`, in the order reversed from the first run:
 * every head cell, then every base cell (two runs, one after the other, so a side never shares
 * the machine with the other side of its cell). Returns the head's results, then the base's.
 */
export async function remeasureReversed(
  common: SecondLookOptions,
  layout: RunLayout,
  sides: { base: ManifestVariant; head: ManifestVariant },
  jobs: JobSpec[],
): Promise<ResultRecord[]> {
  const at = subLayoutOf(layout, "remeasure");
  const done = common.progress.start("pr", `re-measuring ${jobs.length} drifting cell(s): head, then base`);
  const head = await runCells({ ...common, jobs, layout: at, variants: [sides.head] });
  const base = await runCells({ ...common, jobs, layout: at, variants: [sides.base] });
  done(`${head.length + base.length} result(s) in ${join(layout.dir, "remeasure")}`);
  return [...head, ...base];
}
