/**
 * `matrix run`: builds environments and runs smoke jobs into a run folder. It writes the variants
 * itself when the folder has no manifest yet, and installs from the manifest when it has one, so
 * every runner of one night (each taking one cell) installs the same SHAs and versions.
 */
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import { writeRedactedJson } from "../adapters/fs.js";
import { listGpus, resolveCacheDir, resolveUvPath } from "../adapters/machine.js";
import { createProgress } from "../adapters/progress.js";
import { openRunFolder, type RunLayout } from "../adapters/run-folder.js";
import type { ResultRecord } from "../core/results/result-record.js";
import { triageRun } from "../core/triage/triage-run.js";
import { type Manifest, manifestSchema } from "../core/variants/manifest.js";
import { InputError } from "../errors.js";
import { formatResults } from "./format-results.js";
import { loadProject, type Project } from "./load-project.js";
import { emitResult, type OutputOptions } from "./output.js";
import { runCells } from "./run-cells.js";
import { targetInRun, writeVariants } from "./variants.js";

/** Options of `matrix run` (and the run step of `matrix nightly`). */
export interface RunCommandOptions extends OutputOptions {
  matrix: string;
  reports: string;
  run?: string;
  variant?: string[];
  job?: string[];
  workers: number;
}

/** The manifest of the run folder, written first when it is not there yet. */
export async function readOrWriteManifest(project: Project, layout: RunLayout): Promise<Manifest> {
  const text = await readFile(layout.manifest, "utf8").catch(() => null);
  if (text === null) return writeVariants(project, targetInRun(layout));
  const parsed = manifestSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new InputError(
      `${layout.manifest}:1:1: not a matrix manifest (${parsed.error.issues[0]?.message}); remove it or pick another --run`,
    );
  }
  return parsed.data;
}

/** Runs the selected cells; returns the results and the manifest they ran from. */
export async function executeRun(project: Project, layout: RunLayout, opts: RunCommandOptions) {
  const manifest = await readOrWriteManifest(project, layout);
  const pick = <T extends { name: string }>(all: T[], wanted: string[] | undefined, what: string): T[] => {
    if (!wanted || wanted.length === 0) return all;
    const unknown = wanted.find((w) => !all.some((x) => x.name === w));
    if (unknown)
      throw new InputError(
        `${project.matrix.file}:1:1: no ${what} "${unknown}" in this run (have: ${all.map((x) => x.name).join(", ")})`,
      );
    return all.filter((x) => wanted.includes(x.name));
  };
  const results = await runCells({
    matrix: project.matrix,
    layout,
    variants: pick(manifest.variants, opts.variant, "variant"),
    jobs: pick(project.matrix.jobs, opts.job, "job"),
    workers: opts.workers,
    gpus: await listGpus(),
    cacheDir: resolveCacheDir(),
    uvPath: resolveUvPath(),
    progress: createProgress(),
  });
  return { manifest, results };
}

/** Triage of a run's results, written to `summary.json`. */
export async function summarizeRun(layout: RunLayout, manifest: Manifest, results: ResultRecord[]) {
  const triage = triageRun(
    results,
    manifest.variants.map((v) => ({ name: v.name, kind: v.kind, packages: v.moves })),
  );
  const summary = { run: basename(layout.dir), manifest: manifest.run, ...triage, results };
  await writeRedactedJson(layout.summary, summary);
  return summary;
}

/** The `matrix run` command: results are data, so it exits 0 whatever the cells did. */
export async function runCommand(opts: RunCommandOptions): Promise<void> {
  const project = await loadProject(opts.matrix);
  const layout = await openRunFolder(opts.reports, opts.run);
  const { results } = await executeRun(project, layout, opts);
  emitResult(opts, { run: layout.dir, results }, formatResults(layout.dir, results));
}
