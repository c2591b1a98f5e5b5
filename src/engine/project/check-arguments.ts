/**
 * The flags of a command that makes a run folder (`run`, `nightly`, `bisect`, `knobs probe`),
 * checked against the matrix before the folder is made: a refused command writes nothing. Names
 * are checked against the run's manifest when `--run` points at one, else against the variants
 * and jobs the matrix plans. The cells are picked later from the manifest itself.
 */
import { layoutOf } from "../../adapters/run-folder.js";
import { normalizeVariantName } from "../../core/matrix/variant-names.js";
import { normalizeName } from "../../core/requirements/normalize-name.js";
import { InputError } from "../../errors.js";
import { readManifest } from "../triage/run-records.js";
import type { Project } from "./load-project.js";

/** The flags that name things in the matrix. */
export interface RunArguments {
  run?: string;
  variant?: string[];
  job?: string[];
  package?: string;
}

/** Throws the command's InputError for the first flag that names nothing; writes nothing. */
export async function checkRunArguments(project: Project, args: RunArguments): Promise<void> {
  if (args.package !== undefined) checkTrackedPackage(project, args.package);
  const jobs = project.matrix.jobs;
  for (const name of args.job ?? []) {
    const known = jobs.some((j) => j.name === name || (j.knobs && name.startsWith(`${j.name}--`)));
    if (!known)
      throw new InputError(
        `${project.matrix.file}:1:1: no job "${name}" in this run (have: ${jobs.map((j) => j.name).join(", ")})`,
      );
  }
  if (!args.variant || args.variant.length === 0) return;
  const manifest = args.run ? await readManifest(layoutOf(args.run)) : null;
  const have = (manifest?.variants ?? project.variants).map((v) => v.name);
  const unknown = args.variant.map(normalizeVariantName).find((v) => !have.includes(v));
  // A flag is not in a file: the message names the flag, not a made-up file:1:1.
  if (unknown !== undefined)
    throw new InputError(`--variant ${unknown}: no such variant in this run (have: ${have.join(", ")})`);
}

/** The package a bisect is asked for, normalised, when the matrix tracks it and the requirements pin it. */
export function checkTrackedPackage(project: Project, asked: string): string {
  const name = normalizeName(asked);
  if (!project.matrix.packages.some((p) => p.name === name) || !project.pins[name])
    throw new InputError(
      `--package ${asked}: not a tracked package pinned in ${project.matrix.project.requirements} (tracked: ${Object.keys(project.pins).join(", ") || "none"})`,
    );
  return name;
}
