/**
 * Loosens exact pins into floors (`transformers==4.47.1` -> `transformers>=4.47.1`) across a
 * requirements tree, so a resolver may move those packages forward and nothing else; and lists
 * the exact pins of a tree. Like every rewrite here it touches only the lines concerned (extras,
 * marker, comment and line ending kept).
 */

import { valid } from "@renovatebot/pep440";
import { exactPinOf } from "./exact-pin.js";
import type { RequirementLine, RequirementsDoc } from "./model.js";
import { normalizeName } from "./normalize-name.js";
import { parseRequirements, renderRequirements } from "./parse-requirements.js";
import { stripHashes } from "./plan-variant-files.js";
import type { RequirementsTree } from "./requirements-tree.js";
import { applyEdits } from "./rewrite-requirement.js";

/** The version of an exact pin (see exact-pin.ts), else undefined. */
function exactVersion(line: RequirementLine): string | undefined {
  return exactPinOf(line)?.version;
}

/**
 * Every exact `name==version` pin of the tree, keyed by PEP 503 name, the first one met winning
 * (root first, then includes in order). URL, editable and range requirements are not pins.
 */
export function listPins(tree: RequirementsTree): Record<string, string> {
  const pins: Record<string, string> = {};
  for (const doc of tree.docs.values()) {
    for (const line of doc.lines) {
      if (line.kind !== "requirement") continue;
      const version = exactVersion(line);
      if (version !== undefined && !(line.normalizedName in pins)) pins[line.normalizedName] = version;
    }
  }
  return pins;
}

/**
 * Rewrites each exact pin of a package in `floors` (any spelling) to `name[extras]>=floor`.
 * Hashes are dropped from the whole document: a range selects no single file to hash, and a file
 * that keeps some hashes would make pip demand them for every line.
 */
export function relaxPins(doc: RequirementsDoc, floors: Record<string, string>): RequirementsDoc {
  const wanted = new Map(Object.entries(floors).map(([name, v]) => [normalizeName(name), v]));
  for (const [name, version] of wanted) {
    if (valid(version) === null)
      throw new Error(`relaxPins: "${version}" (${name}) is not a PEP 440 version`);
  }
  let changed = false;
  const lines = doc.lines.map((line) => {
    if (line.kind !== "requirement" || exactVersion(line) === undefined) return line;
    const floor = wanted.get(line.normalizedName);
    if (floor === undefined) return line;
    changed = true;
    const extras = line.extras.length > 0 ? `[${line.extras.join(",")}]` : "";
    return {
      ...line,
      raw: applyEdits(line.raw, [{ ...line.span, text: `${line.name}${extras}>=${floor}` }]),
    };
  });
  if (!changed) return doc;
  return stripHashes(parseRequirements(renderRequirements({ file: doc.file, lines }), doc.file));
}

/** `relaxPins` over every file of a tree; files without a relaxed pin lose their hashes too. */
export function relaxTree(tree: RequirementsTree, floors: Record<string, string>): RequirementsTree {
  const docs = new Map<string, RequirementsDoc>();
  for (const [file, doc] of tree.docs) {
    const relaxed = relaxPins(doc, floors);
    docs.set(file, relaxed === doc ? stripHashes(doc) : relaxed);
  }
  return { ...tree, docs };
}
