/**
 * Rewrites the pin of one package in place, touching nothing but the lines that pin it.
 *
 * Hashes: a `--hash` names the exact files of one release. They are kept when the rewritten line
 * still selects that release (the old line was `==V` / `===V` and the target is V, or the same URL)
 * and dropped otherwise, because a stale hash makes pip refuse the new files. A VCS URL can never
 * be hashed, so a URL target always drops them. See `stripHashes` for what that means for the
 * rest of the file.
 */

import { eq, valid } from "@renovatebot/pep440";
import { exactPinOf } from "./exact-pin.js";
import type { PinLine, RawSpan, ReqLine, RequirementsDoc, RewriteTarget } from "./model.js";
import { normalizeName } from "./normalize-name.js";
import { parseRequirements, renderRequirements } from "./parse-requirements.js";

/** The lines of `doc` that pin `name` (PEP 503 comparison; `transformers-x` never matches `transformers`). */
export function findRequirements(doc: RequirementsDoc, name: string): PinLine[] {
  const wanted = normalizeName(name);
  return doc.lines.filter((line): line is PinLine => isPin(line) && line.normalizedName === wanted);
}

function isPin(line: ReqLine): line is PinLine {
  return line.kind === "requirement" || line.kind === "url" || line.kind === "editable";
}

/**
 * Returns a new document where every line pinning `name` says `name[extras]==V` or
 * `name[extras] @ URL`; marker, other per-requirement options, comment and line ending are kept.
 * An editable or bare-URL pin becomes a plain requirement (the variant wants that exact release).
 */
export function rewriteRequirement(
  doc: RequirementsDoc,
  name: string,
  target: RewriteTarget,
): RequirementsDoc {
  checkTarget(target);
  const wanted = normalizeName(name);
  let changed = false;
  const lines = doc.lines.map((line) => {
    if (!isPin(line) || line.normalizedName !== wanted) return line;
    const raw = rewriteLineText(line, target);
    changed ||= raw !== line.raw;
    return { ...line, raw };
  });
  if (!changed) return doc;
  // Re-reading the text keeps every offset and line number true after the line changed length.
  return parseRequirements(renderRequirements({ file: doc.file, lines }), doc.file);
}

function checkTarget(target: RewriteTarget): void {
  if (target.kind === "version" && valid(target.version) === null) {
    throw new Error(`rewriteRequirement: "${target.version}" is not a PEP 440 version`);
  }
  // pip cuts a marker at ";" and options at " -", so such a URL could not be read back as written.
  if (target.kind === "url" && (/[\s;]/.test(target.url) || target.url === "")) {
    throw new Error(`rewriteRequirement: "${target.url}" is not a URL pip can read on a requirement line`);
  }
}

/** The new `raw` text of one pin line for `target`. */
export function rewriteLineText(line: PinLine, target: RewriteTarget): string {
  const shown = line.name ?? line.normalizedName ?? "";
  const extras = line.extras.length > 0 ? `[${line.extras.join(",")}]` : "";
  let text =
    target.kind === "version" ? `${shown}${extras}==${target.version}` : `${shown}${extras} @ ${target.url}`;
  // A URL must be followed by whitespace before ";", or the marker would be read as part of it.
  const next = line.raw[line.span.end];
  if (target.kind === "url" && next !== undefined && !/\s/.test(next)) text += " ";
  const edits: Array<RawSpan & { text: string }> = [{ ...line.span, text }];
  if (!hashesStillApply(line, target)) edits.push(...cutOptions(line, "--hash"));
  return applyEdits(line.raw, edits);
}

function hashesStillApply(line: PinLine, target: RewriteTarget): boolean {
  if (line.kind !== "requirement") return false;
  if (target.kind === "url") return line.url === target.url;
  const pin = exactPinOf(line);
  if (!pin) return false;
  if (pin.operator === "===") return pin.version === target.version;
  return eq(pin.version, target.version);
}

/**
 * Cuts every option called `name` out of a line, with the whitespace or continuation before it,
 * so what is left still reads as one line.
 */
export function cutOptions(line: ReqLine, name: string): Array<RawSpan & { text: string }> {
  if (line.kind === "blank") return [];
  let keptEnd = "argsEnd" in line ? line.argsEnd : (line.options[0]?.span.start ?? 0);
  const cuts: Array<RawSpan & { text: string }> = [];
  for (const option of line.options) {
    if (option.name === name) cuts.push({ start: keptEnd, end: option.span.end, text: "" });
    keptEnd = option.span.end;
  }
  return cuts;
}

/** Applies non-overlapping replacements to `raw`, last first so earlier offsets stay valid. */
export function applyEdits(raw: string, edits: Array<RawSpan & { text: string }>): string {
  const ordered = [...edits].sort((a, b) => b.start - a.start);
  return ordered.reduce((text, e) => text.slice(0, e.start) + e.text + text.slice(e.end), raw);
}
