/**
 * The run stage: a night's cells from its manifest, the part `matrix run` and `matrix nightly`
 * share (triage is the conclude stage's, over the run folder). The manifest is written first when the run folder has none, and read
 * back when it has one, so every runner of one night installs the same SHAs and versions.
 */

import { envCapBytes, pruneEnvironments } from "../../adapters/env-prune.js";
import { createProgress } from "../../adapters/progress.js";
import type { RunLayout } from "../../adapters/run-folder.js";
import { planCells } from "../../core/matrix/plan-cells.js";
import { normalizeVariantName } from "../../core/matrix/variant-names.js";
import type { Manifest } from "../../core/variants/manifest.js";
import { InputError } from "../../errors.js";
import { pickJobs, planKnobCells } from "../knobs/knob-run.js";
import type { MachineFacts } from "../project/environment-spec.js";
import type { Project } from "../project/load-project.js";
import { readManifest } from "../triage/run-records.js";
import { writePlannedCells } from "../triage/summarize-night.js";
import { targetInRun, writeVariants } from "../variants/write-variants.js";
import { runCells } from "./run-cells.js";

/** Which cells to run. */
export interface CellSelection {
  variant?: string[];
  job?: string[];
  /** Knob combination ids (`--knobs ID`): only those cells of jobs with knobs. */
  knobs?: string[];
  workers: number;
}

/**
 * The manifest of the run folder, written first when it is not there yet. `only` (the `--variant`
 * names of a run) narrows a new manifest to those variants, so `run --variant pinned` resolves no
 * upstream tip and no latest release it does not install (pinned, which resolves nothing, stays
 * for the knob verdicts and the import smoke's baseline); a name the matrix lacks narrows nothing
 * (the selection then says which names there are).
 */
export async function readOrWriteManifest(
  project: Project,
  layout: RunLayout,
  only?: string[],
): Promise<Manifest> {
  const found = await readManifest(layout);
  if (found) return found;
  const names = (only ?? []).map(normalizeVariantName);
  const known = names.length > 0 && names.every((n) => project.variants.some((v) => v.name === n));
  const narrowed = known
    ? { ...project, variants: project.variants.filter((v) => v.name === "pinned" || names.includes(v.name)) }
    : project;
  return writeVariants(narrowed, targetInRun(layout));
}

const PRUNE_GRACE_MS = 6 * 3_600_000;

/** Runs the selected cells; returns the results and the manifest they ran from. */
export async function executeRun(
  project: Project,
  layout: RunLayout,
  facts: MachineFacts,
  selection: CellSelection,
) {
  const started = Date.now();
  const manifest = await readOrWriteManifest(project, layout, selection.variant);
  // Knob cells become jobs of their own (`<job>--<id>`); the project handed back carries them,
  // so a night's bisects and drafts find a knob cell's job like any other.
  const knobbed = await planKnobCells(project, facts, layout, selection);
  const pick = <T extends { name: string }>(all: T[], wanted: string[] | undefined, what: string): T[] => {
    if (!wanted || wanted.length === 0) return all;
    const names = what === "variant" ? wanted.map(normalizeVariantName) : wanted;
    const unknown = names.find((w) => !all.some((x) => x.name === w));
    // A flag is not in a file: the message names the flag, not a made-up file:1:1.
    if (unknown)
      throw new InputError(
        `--${what} ${unknown}: no such ${what} in this run (have: ${all.map((x) => x.name).join(", ")})`,
      );
    return all.filter((x) => names.includes(x.name));
  };
  const picked = pick(manifest.variants, selection.variant, "variant");
  // A variant's planned stand-in (upstream-all without an unreachable upstream) runs with it.
  const standIns = manifest.variants.filter(
    (v) => v.left_out && picked.some((p) => p.name === v.left_out?.of) && !picked.includes(v),
  );
  // A whole night keeps its plan as a split one does: conclude names any cell left unreported.
  const whole = !selection.variant?.length && !selection.job?.length && !selection.knobs?.length;
  if (whole) await writePlannedCells(layout, planCells(project.variants, knobbed.project.matrix.jobs));
  const pinned = manifest.variants.find((v) => v.name === "pinned");
  const results = await runCells({
    project,
    facts,
    layout,
    variants: [...picked, ...standIns],
    jobs: pickJobs(knobbed.project.matrix.jobs, selection, project.matrix.file),
    workers: selection.workers,
    progress: createProgress(),
    // A cell run without pinned's makes pinned's import smoke baseline from it (a split runner).
    ...(pinned ? { pinned } : {}),
  });
  // The environments this run used stay, and so do those another run on this machine used in the
  // hours before (it may still be in a job); older ones go, least recently used first, past the cap.
  await pruneEnvironments(facts.cacheDir, started - PRUNE_GRACE_MS, envCapBytes());
  return { manifest, results, project: knobbed.project, knobs: knobbed.judged };
}
