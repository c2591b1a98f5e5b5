/**
 * PEP 621 `[project].dependencies` as a requirements source. Each dependency string becomes one
 * requirement line of a document, so the same finding and rewriting code serves both sources,
 * and each keeps the line and column where its string sits in pyproject.toml for error reports.
 */
import { parse, TomlError } from "smol-toml";
import { InputError, inputErrorAt } from "../../errors.js";
import type { RequirementsDoc } from "../requirements/model.js";
import { parseLogicalLine } from "../requirements/parse-line.js";
import type { RequirementsTree } from "../requirements/requirements-tree.js";

/** One dependency string and where its text starts in the source (1-based). */
export interface PyprojectDependency {
  text: string;
  line: number;
  col: number;
}

/** Reads `[project].dependencies`; a missing table or array, or bad TOML, is an InputError. */
export function parsePyprojectDependencies(text: string, file: string): PyprojectDependency[] {
  let data: Record<string, unknown>;
  try {
    data = parse(text) as Record<string, unknown>;
  } catch (e) {
    if (!(e instanceof TomlError)) throw e;
    const first = e.message.split("\n")[0] ?? "invalid TOML";
    throw inputErrorAt({ file, line: e.line, col: e.column }, `${first}; fix the TOML syntax`);
  }
  const project = data.project as Record<string, unknown> | undefined;
  const deps = project?.dependencies;
  if (!Array.isArray(deps) || !deps.every((d) => typeof d === "string")) {
    throw new InputError(
      `${file}:1:1: no [project].dependencies list of strings (PEP 621); add one, or point project.requirements at a requirements.txt`,
    );
  }
  const keyAt = findDependenciesKey(text);
  let cursor = keyAt;
  return deps.map((dep) => {
    const found = findLiteral(text, dep, cursor);
    cursor = found === -1 ? cursor : found + dep.length;
    return { text: dep, ...positionOf(text, found === -1 ? keyAt : found) };
  });
}

function findDependenciesKey(text: string): number {
  const table = /^[ \t]*\[[ \t]*project[ \t]*\]/m.exec(text);
  const from = table ? table.index : 0;
  const key = /^[ \t]*(project\.)?dependencies[ \t]*=/m.exec(text.slice(from));
  return key ? from + key.index + key[0].length - key[0].trimStart().length : from;
}

/** Index of the first character of `value` inside its TOML string literal, or -1. */
function findLiteral(text: string, value: string, from: number): number {
  const forms = [JSON.stringify(value), `'${value}'`, `"""${value}"""`, `'''${value}'''`];
  let best = -1;
  let quote = 0;
  for (const form of forms) {
    const at = text.indexOf(form, from);
    if (at !== -1 && (best === -1 || at < best))
      [best, quote] = [at, form.startsWith('"""') || form.startsWith("'''") ? 3 : 1];
  }
  // An escaped string (`\u00e9`) has a different length in the source; point at its opening quote.
  return best === -1 ? -1 : best + quote;
}

function positionOf(text: string, index: number): { line: number; col: number } {
  const before = text.slice(0, index);
  const lineStart = Math.max(before.lastIndexOf("\n"), before.lastIndexOf("\r")) + 1;
  return { line: before.split(/\r\n|\n|\r/).length, col: [...before.slice(lineStart)].length + 1 };
}

/**
 * The dependencies as a requirements document, one line each: what a variant's requirements.txt
 * holds. A string that is not a PEP 508 requirement is an InputError at its place in pyproject.toml.
 */
export function pyprojectToDoc(text: string, file: string): RequirementsDoc {
  const lines = parsePyprojectDependencies(text, file).map((dep) => {
    const origin = { line: dep.line, col: dep.col };
    if (/[\r\n\v\f\u2028\u2029]/.test(dep.text) || dep.text.endsWith("\\")) {
      throw inputErrorAt(
        { file, ...origin },
        "a dependency must be a single-line PEP 508 requirement; remove the line break",
      );
    }
    const map = [...Array(dep.text.length + 1).keys()];
    const logical = { line: dep.line, raw: dep.text, eol: "\n", joined: dep.text, map };
    const parsed = parseLogicalLine(logical, file, origin);
    if (parsed.kind !== "requirement" || parsed.options.length > 0 || parsed.comment !== undefined) {
      throw inputErrorAt(
        { file, ...origin },
        `"${dep.text}" is not a PEP 508 requirement; write "name[extras] specifier ; marker"`,
      );
    }
    return parsed;
  });
  return { file, lines };
}

/** A one-file tree for a pyproject.toml, so variants are planned the same way as for requirements files. */
export function pyprojectToTree(text: string, file: string): RequirementsTree {
  return { kind: "pyproject", root: file, docs: new Map([[file, pyprojectToDoc(text, file)]]) };
}
