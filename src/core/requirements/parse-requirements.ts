/**
 * Entry points of the requirements-file model: text in, lossless document out, and back.
 */
import type { RequirementsDoc } from "./model.js";
import { parseLogicalLine } from "./parse-line.js";
import { splitLogicalLines } from "./split-lines.js";

/**
 * Parses a requirements file as pip reads it. Throws an InputError located at `file:line:col`
 * for a line pip would reject. `renderRequirements(parseRequirements(t, f)) === t` for any `t`.
 */
export function parseRequirements(text: string, file: string): RequirementsDoc {
  return { file, lines: splitLogicalLines(text).map((logical) => parseLogicalLine(logical, file)) };
}

/** Writes a document back out: each line's exact text and line ending, in order. */
export function renderRequirements(doc: RequirementsDoc): string {
  return doc.lines.map((line) => line.raw + line.eol).join("");
}
