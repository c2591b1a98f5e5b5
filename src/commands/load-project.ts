/**
 * What every command starts from: the matrix file, the project's requirements (read through the
 * lossless model) and the variants they allow. Tracked packages the requirements never mention
 * are `skipped`, not invented.
 */
import { dirname, resolve } from "node:path";
import { readInputFile } from "../adapters/fs.js";
import { loadRequirementsTree } from "../adapters/requirements-files.js";
import type { Matrix } from "../core/matrix/model.js";
import { parseMatrix } from "../core/matrix/parse-matrix.js";
import { expandVariants, type VariantSpec } from "../core/matrix/variant-names.js";
import { locateRequirement, type RequirementsTree } from "../core/requirements/requirements-tree.js";

/** The loaded project: matrix, requirements tree, pins of tracked packages, variants. */
export interface Project {
  matrix: Matrix;
  tree: RequirementsTree;
  /** Tracked package -> its pin line as written (first occurrence), for the manifest. */
  pins: Record<string, string>;
  variants: VariantSpec[];
  skipped: Array<{ package: string; reason: string }>;
}

/** Reads and validates the matrix file and the requirements it points at. */
export async function loadProject(matrixFile: string): Promise<Project> {
  const text = await readInputFile(matrixFile, "matrix file (pass -m FILE)");
  const matrix = parseMatrix(text, matrixFile, dirname(resolve(matrixFile)));
  const tree = await loadRequirementsTree(matrix.project.requirements);
  const pins: Record<string, string> = {};
  const skipped: Project["skipped"] = [];
  for (const pkg of matrix.packages) {
    const [first] = locateRequirement(tree, pkg.name);
    if (first) pins[pkg.name] = requirementText(first.pin.raw);
    else skipped.push({ package: pkg.name, reason: `not in ${matrix.project.requirements}` });
  }
  const variants = expandVariants(matrix.variants, matrix.packages, new Set(Object.keys(pins)));
  return { matrix, tree, pins, variants, skipped };
}

/** The requirement without comment, continuation or line ending: what a human calls the pin. */
function requirementText(raw: string): string {
  return raw
    .replace(/\\\r?\n/g, " ")
    .replace(/(^|\s)#.*$/s, "")
    .trim();
}
