/**
 * The stand-in of a variant one package keeps from being installed: the night tests the other
 * moved packages together (`core/variants/leave-out.ts`) rather than nothing at all. Run-time
 * half; an unreachable upstream's stand-in is planned by write-variants.ts.
 */
import type { Progress } from "../../adapters/progress.js";
import type { RunLayout } from "../../adapters/run-folder.js";
import { explainResolution, implicatedPackages } from "../../core/results/resolution-failure.js";
import { leaveOut } from "../../core/variants/leave-out.js";
import type { ManifestVariant } from "../../core/variants/manifest.js";
import type { Project } from "../project/load-project.js";
import { writeExtraVariant } from "./write-variants.js";

/**
 * A multi-package variant that cannot be installed (refused with no companion, or a release
 * that needs what the index lacks): the moved package the install's words name first goes back
 * to its pin and the others are tested together (`leaveOut`), so one bad release does not hide
 * the rest. Null when those words name none of the moved packages.
 */
export async function leaveOutBlocker(
  project: Project,
  layout: RunLayout,
  variants: readonly ManifestVariant[],
  refused: ManifestVariant,
  installLog: string,
  progress: Progress,
): Promise<ManifestVariant | null> {
  if (refused.moves.length < 2 || refused.left_out) return null;
  const [blocker] = implicatedPackages(installLog, refused.moves);
  if (blocker === undefined) return null;
  const explanation = explainResolution(installLog);
  const why =
    explanation
      .split("\n")
      .find((l) => l.trim() !== "")
      ?.trim() ?? "the resolver refuses it";
  const taken = new Set(variants.map((v) => v.name));
  const standIn = leaveOut(refused, [blocker], project.pins, `${blocker}: ${why}`, taken);
  if (standIn === null) return null;
  progress.note(refused.name, `${blocker} left out: the others tested together as ${standIn.name}`);
  return writeExtraVariant(project, layout, standIn);
}
