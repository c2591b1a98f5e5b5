/**
 * The requirements-file model: parse pip requirements files losslessly, find and rewrite pins,
 * and plan the files of a variant folder. Everything here is pure.
 */
export type * from "./model.js";
export { normalizeName } from "./normalize-name.js";
export { parseRequirements, renderRequirements } from "./parse-requirements.js";
export { planVariantFiles, stripHashes, type VariantFile } from "./plan-variant-files.js";
export {
  locateRequirement,
  type RequirementLocation,
  type RequirementsTree,
  resolveIncludePath,
} from "./requirements-tree.js";
export { findRequirements, rewriteRequirement } from "./rewrite-requirement.js";
