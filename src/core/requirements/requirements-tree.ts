/**
 * A requirements file with everything it includes through `-r` / `-c`, already read. Paths are
 * POSIX strings; the loader makes the root absolute so every key is absolute too.
 */
import { posix } from "node:path";
import type { IncludeLine, PinLine, RequirementsDoc } from "./model.js";
import { findRequirements } from "./rewrite-requirement.js";

/** The root file plus every file reached from it, keyed by resolved path. */
export interface RequirementsTree {
  /** `requirements` for a pip requirements file, `pyproject` for PEP 621 dependencies. */
  kind: "requirements" | "pyproject";
  /** Key of the root file in `docs`. */
  root: string;
  /** Every file reached from the root, root first, then in the order includes are met. */
  docs: Map<string, RequirementsDoc>;
}

/** Where a package is pinned: which file, and the pinning line. */
export interface RequirementLocation {
  file: string;
  pin: PinLine;
}

/**
 * Where pip finds the file an include line names: relative to the including file's folder
 * (absolute paths stay). `undefined` for a URL include, which is left to pip and not followed.
 */
export function resolveIncludePath(fromFile: string, include: IncludeLine): string | undefined {
  if (/^(https?|file):/i.test(include.path)) return undefined;
  if (posix.isAbsolute(include.path)) return posix.normalize(include.path);
  return posix.normalize(posix.join(posix.dirname(fromFile), include.path));
}

/** Every line, in every file of the tree, that pins `name`; empty when the package is not mentioned. */
export function locateRequirement(tree: RequirementsTree, name: string): RequirementLocation[] {
  return [...tree.docs].flatMap(([file, doc]) => findRequirements(doc, name).map((pin) => ({ file, pin })));
}

/** `to` relative to the folder `fromDir`, both normalised POSIX paths of the same kind. */
export function relativePath(fromDir: string, to: string): string {
  const from = fromDir === "." ? [] : fromDir.split("/").filter((s) => s !== "");
  const target = to.split("/").filter((s) => s !== "");
  let common = 0;
  while (common < from.length && common < target.length && from[common] === target[common]) common += 1;
  const up = from.slice(common).map(() => "..");
  return [...up, ...target.slice(common)].join("/") || ".";
}
