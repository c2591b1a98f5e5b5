/**
 * The two sides of a pull request's run read back from a run folder, for `matrix pr --collect`:
 * in Actions each job's side-by-side runs on its own runner and the comment job (which runs no
 * pull-request code) judges what they wrote. The ends come from the manifest `matrix pr` wrote
 * (`pr-base`, `pr-head`), the results from `results/`, the re-runs from `rerun/results/` and the
 * reversed order's re-measures from `remeasure/results/`.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { readInputFile } from "../../adapters/fs.js";
import type { RunLayout } from "../../adapters/run-folder.js";
import { parseJsonRecord } from "../../core/records/parse-json-record.js";
import { type ResultRecord, resultRecordSchema } from "../../core/results/result-record.js";
import { manifestSchema } from "../../core/variants/manifest.js";
import { InputError } from "../../errors.js";
import type { PrEnds } from "./pr-ends.js";

const FIX =
  "collect the artifacts of one `matrix pr` run (its manifest, results/, rerun/results/ and remeasure/results/)";

/** The ends, the results of both sides, the head's re-runs and the re-measures, as the side jobs wrote them. */
export async function collectPrSides(layout: RunLayout, pkg: string) {
  const text = await readInputFile(layout.manifest, "manifest of a `matrix pr` run (pass --run DIR)");
  const manifest = parseJsonRecord(text, layout.manifest, manifestSchema, {
    what: "a matrix manifest",
    fix: FIX,
  });
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
    results: await readResults(layout.results),
    reruns: await readResults(join(layout.dir, "rerun", "results")),
    remeasures: await readResults(join(layout.dir, "remeasure", "results")),
  };
}

async function readResults(dir: string): Promise<ResultRecord[]> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith(".json")).sort();
  const results: ResultRecord[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const text = await readFile(path, "utf8");
    results.push(parseJsonRecord(text, path, resultRecordSchema, { what: "a result record", fix: FIX }));
  }
  return results;
}
