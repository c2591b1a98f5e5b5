/**
 * The files of one variant's folder, for either kind of requirements source. A pip requirements
 * tree keeps its include layout; a PEP 621 pyproject gives a requirements file plus, for uv, an
 * overrides file holding just the rewritten lines.
 */
import { planPyprojectVariant } from "../pyproject/plan-pyproject-variant.js";
import type { RequirementEdit } from "../requirements/model.js";
import { planVariantFiles, type VariantFile } from "../requirements/plan-variant-files.js";
import type { RequirementsTree } from "../requirements/requirements-tree.js";
import type { VariantEdit } from "./plan-variants.js";

/** Name of the uv overrides file inside a variant folder. */
export const OVERRIDES_FILE = "overrides.txt";

/** Files (root `requirements.txt` first) for a variant's edits. */
export function makeVariantFiles(tree: RequirementsTree, edits: VariantEdit[]): VariantFile[] {
  const requirementEdits: RequirementEdit[] = edits.map((e) => ({ name: e.package, target: e.target }));
  if (tree.kind === "requirements") return planVariantFiles(tree, requirementEdits);
  const doc = tree.docs.get(tree.root);
  if (!doc) throw new Error(`requirements tree lacks its root ${tree.root}`);
  const planned = planPyprojectVariant(doc, requirementEdits);
  const files = [{ relPath: "requirements.txt", text: planned.requirementsText }];
  if (planned.overridesText) files.push({ relPath: OVERRIDES_FILE, text: planned.overridesText });
  return files;
}
