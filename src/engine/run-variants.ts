/**
 * The run stage: a night's cells from its manifest, the part `matrix run` and `matrix nightly`
 * share (triage is the conclude stage's, over the run folder). The manifest is written first when the run folder has none, and read
 * back when it has one, so every runner of one night installs the same SHAs and versions.
 */
import { readFile } from "node:fs/promises";
import { createProgress } from "../adapters/progress.js";
import type { RunLayout } from "../adapters/run-folder.js";
import { planCells } from "../core/matrix/plan-cells.js";
import { normalizeVariantName } from "../core/matrix/variant-names.js";
import { parseJsonRecord } from "../core/records/parse-json-record.js";
import { type Manifest, manifestSchema } from "../core/variants/manifest.js";
import { InputError } from "../errors.js";
import type { MachineFacts } from "./environment-spec.js";
import { pickJobs, planKnobCells } from "./knob-run.js";
import type { Project } from "./load-project.js";
import { runCells } from "./run-cells.js";
import { writePlannedCells } from "./summarize-night.js";
import { targetInRun, writeVariants } from "./write-variants.js";

/** Which cells to run. */
export interface CellSelection {
  variant?: string[];
  job?: string[];
  /** Knob combination ids (`--knobs ID`): only those cells of jobs with knobs. */
  knobs?: string[];
  workers: number;
}

/** The manifest of the run folder, or null when it has none yet. */
export async function readManifest(layout: RunLayout): Promise<Manifest | null> {
  const text = await readFile(layout.manifest, "utf8").catch(() => null);
  if (text === null) return null;
  return parseJsonRecord(text, layout.manifest, manifestSchema, {
    what: "a matrix manifest",
    fix: "remove it or pick another --run",
  });
}

/** The manifest of the run folder, written first when it is not there yet. */
export async function readOrWriteManifest(project: Project, layout: RunLayout): Promise<Manifest> {
  return (await readManifest(layout)) ?? writeVariants(project, targetInRun(layout));
}

/** Runs the selected cells; returns the results and the manifest they ran from. */
export async function executeRun(
  project: Project,
  layout: RunLayout,
  facts: MachineFacts,
  selection: CellSelection,
) {
  const manifest = await readOrWriteManifest(project, layout);
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
  const results = await runCells({
    project,
    facts,
    layout,
    variants: [...picked, ...standIns],
    jobs: pickJobs(knobbed.project.matrix.jobs, selection, project.matrix.file),
    workers: selection.workers,
    progress: createProgress(),
  });
  return { manifest, results, project: knobbed.project, knobs: knobbed.judged };
}
