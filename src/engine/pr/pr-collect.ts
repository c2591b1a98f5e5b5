/**
 * The two sides of a pull request's run read back from a run folder, for `matrix pr --collect`:
 * in Actions each job's side-by-side runs on its own runner and the comment job (which runs no
 * pull-request code) judges what they wrote. The ends come from the manifest `matrix pr` wrote
 * (`pr-base`, `pr-head`), the results from `results/`, the re-runs from `rerun/results/` and the
 * reversed order's re-measures from `remeasure/results/`.
 */
import { join } from "node:path";
import type { RunLayout } from "../../adapters/run-folder.js";
import { InputError } from "../../errors.js";
import { readManifest, readResultsIn } from "../triage/run-records.js";
import type { PrEnds } from "./pr-ends.js";

const FIX =
  "collect the artifacts of one `matrix pr` run (its manifest, results/, rerun/results/ and remeasure/results/)";

/** The ends, the results of both sides, the head's re-runs and the re-measures, as the side jobs wrote them. */
export async function collectPrSides(layout: RunLayout, pkg: string) {
  const manifest = await readManifest(layout);
  if (manifest === null)
    throw new InputError(
      `${layout.manifest}:1:1: no manifest of a \`matrix pr\` run here; ${FIX}, or pass --run DIR`,
    );
  const stateOf = (name: string) => {
    const state = manifest.variants.find((v) => v.name === name)?.packages[pkg];
    if (state?.source !== "upstream")
      throw new InputError(`${layout.manifest}:1:1: no ${name} variant moving ${pkg}; ${FIX}`);
    return state;
  };
  const base = stateOf("pr-base");
  const head = stateOf("pr-head");
  const ends: PrEnds = {
    head: { ref: head.branch, sha: head.sha },
    base: { branch: base.branch, sha: base.sha },
  };
  return {
    ends,
    results: await readResultsIn(layout.results),
    reruns: await readResultsIn(join(layout.dir, "rerun", "results")),
    remeasures: await readResultsIn(join(layout.dir, "remeasure", "results")),
  };
}
