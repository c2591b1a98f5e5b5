/**
 * A variant the resolver refuses (the newest trl needs a newer transformers than the pinned one)
 * is not an install error: it is a fact about the release, with the resolver's explanation. And
 * the night says what taking it would cost: a companion variant that also moves the pins the
 * resolver needs, each to its lowest satisfying release, written beside the other variants and
 * run like them.
 */
import { dirname } from "node:path";
import type { RunLayout } from "../../adapters/run-folder.js";
import { listPins } from "../../core/requirements/relax-pins.js";
import { explainResolution } from "../../core/results/resolution-failure.js";
import type { ManifestVariant } from "../../core/variants/manifest.js";
import { editsOfPackages } from "../../core/variants/plan-variants.js";
import { type MachineFacts, variantFilesOf } from "../project/environment-spec.js";
import type { Project } from "../project/load-project.js";
import { findCompanion } from "./companion-variant.js";
import { writeExtraVariant } from "./write-variants.js";

/** What a refused variant's results record under `resolution`. */
export interface Refusal {
  /**
   * The resolver's explanation. When the companion search got further and found a deeper reason
   * (a release the index lacks), that reason comes first and the first refusal follows it.
   */
  explanation: string;
  /** The companion's name and what it moves, when one was found. */
  companion: { variant: string; moved: Record<string, { from: string | null; to: string }> } | null;
  /** Why there is no companion. */
  reason: string | null;
}

/** The refusal of `variant`, and its companion as a manifest variant whose files are written. */
export async function examineRefusal(
  project: Project,
  facts: MachineFacts,
  layout: RunLayout,
  variant: ManifestVariant,
  installLog: string,
): Promise<{ refusal: Refusal; companion: ManifestVariant | null }> {
  const explanation = explainResolution(installLog);
  const manifestDir = dirname(layout.manifest);
  const files = variantFilesOf(variant, manifestDir);
  // The lowest resolution is uv's (`--resolution lowest-direct`); pip has no such mode.
  if (files === null || facts.toolchain.installer !== "uv")
    return {
      refusal: { explanation, companion: null, reason: "companion variants need uv" },
      companion: null,
    };
  const edits = editsOfPackages(variant.packages);
  const search = await findCompanion({
    variantName: variant.name,
    edits,
    requirementsFile: files.requirementsFile,
    pins: listPins(project.tree),
    installOutput: installLog,
    uvPath: facts.toolchain.uvPath,
    python: facts.toolchain.interpreter,
    cwd: dirname(project.matrix.project.requirements),
    cacheDir: facts.cacheDir,
    ...(project.matrix.index ? { indexUrl: project.matrix.index } : {}),
    ...(files.overridesFile ? { overridesFile: files.overridesFile } : {}),
  });
  if (!search.ok) {
    // The deepest reason leads: what stops the variant once the first conflict is freed.
    const lead = search.blocker ? `${search.blocker}\n\nFirst refusal:\n${explanation}` : explanation;
    return { refusal: { explanation: lead, companion: null, reason: search.reason }, companion: null };
  }
  const { companion } = search;
  const packages = { ...variant.packages };
  for (const [name, move] of Object.entries(companion.moved))
    packages[name] = { source: "latest", version: move.to };
  const moves = [...variant.moves, ...Object.keys(companion.moved)];
  return {
    refusal: { explanation, companion: { variant: companion.name, moved: companion.moved }, reason: null },
    companion: await writeExtraVariant(project, layout, {
      name: companion.name,
      kind: variant.kind,
      moves,
      packages,
    }),
  };
}
