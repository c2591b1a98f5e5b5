/**
 * The files a pyproject.toml source gives a variant: the dependencies as a requirements file with
 * the edits applied, and for uv the overrides alone (`uv pip install -r requirements.txt
 * --overrides overrides.txt`), which beat version conflicts coming from other dependencies.
 */
import type { RequirementEdit, RequirementsDoc } from "../requirements/model.js";
import { renderRequirements } from "../requirements/parse-requirements.js";
import { rewriteRequirement } from "../requirements/rewrite-requirement.js";

/** Requirements and uv overrides text of one variant of a pyproject document. */
export interface PyprojectVariant {
  /** Every dependency, one per line, rewritten where an edit applies. */
  requirementsText: string;
  /** Just the rewritten lines; `""` when no edit applied. */
  overridesText: string;
}

/** Applies `edits` to the document made by `pyprojectToDoc`. */
export function planPyprojectVariant(doc: RequirementsDoc, edits: RequirementEdit[]): PyprojectVariant {
  const after = edits.reduce((d, e) => rewriteRequirement(d, e.name, e.target), doc);
  // One dependency per line and no continuations, so lines correspond one to one.
  const overrides = after.lines
    .filter((line, i) => line.raw !== doc.lines[i]?.raw)
    .map((line) => `${line.raw}\n`);
  return { requirementsText: renderRequirements(after), overridesText: overrides.join("") };
}
