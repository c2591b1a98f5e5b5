/**
 * What every command starts from: the matrix file, the project's requirements (read through the
 * lossless model) and the variants they allow. Tracked packages the requirements never mention
 * are `skipped`, not invented. A project folder is installed only when it is a Python project.
 */
import { dirname, resolve } from "node:path";
import { readInputFile } from "../../adapters/fs.js";
import { isPythonProject } from "../../adapters/python-project.js";
import { loadRequirementsTree } from "../../adapters/requirements-files.js";
import type { Matrix } from "../../core/matrix/model.js";
import { parseMatrix } from "../../core/matrix/parse-matrix.js";
import { expandVariants, explainEmptySelectors, type VariantSpec } from "../../core/matrix/variant-names.js";
import { describePin } from "../../core/requirements/describe-pin.js";
import { locateRequirement, type RequirementsTree } from "../../core/requirements/requirements-tree.js";

/** The loaded project: matrix, requirements tree, pins of tracked packages, variants. */
export interface Project {
  matrix: Matrix;
  tree: RequirementsTree;
  /** Tracked package -> its pin line as written (first occurrence), for the manifest. */
  pins: Record<string, string>;
  variants: VariantSpec[];
  skipped: Array<{ package: string; reason: string }>;
  /**
   * The project folder to install into every environment (`--no-deps`), or null: no
   * `project.path`, or a folder that is no Python project (no build system, setup.py, setup.cfg).
   */
  installPath: string | null;
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
    if (first) pins[pkg.name] = describePin(first.pin).text;
    else skipped.push({ package: pkg.name, reason: `not in ${matrix.project.requirements}` });
  }
  const variants = expandVariants(matrix.variants, matrix.packages, new Set(Object.keys(pins)));
  for (const warning of explainEmptySelectors(matrix.variants, matrix.packages, new Set(Object.keys(pins))))
    process.stderr.write(`matrix: warning: ${warning}\n`);
  return { matrix, tree, pins, variants, skipped, installPath: await installPathOf(matrix) };
}

/** The project folder every environment installs on top (`--no-deps`), or null (see Project.installPath). */
export async function installPathOf(matrix: Matrix): Promise<string | null> {
  const path = matrix.project.path;
  return path !== null && (await isPythonProject(path)) ? path : null;
}

/** The pin line of a tracked package, parsed: its exact version, its commit, as the bisect range needs. */
export function pinFactsOf(project: Project, name: string) {
  const [first] = locateRequirement(project.tree, name);
  return first ? describePin(first.pin) : null;
}
