/**
 * Tells a resolution conflict (the requirements exist but cannot hold together: `latest-trl`
 * needs a newer transformers than the project pins) from the other install failures, and keeps
 * the resolver's own explanation. Only a conflict can be cured by moving other pins, so a version
 * or package missing from the index, a Python or platform mismatch and an unreachable index are
 * not conflicts, even though uv words some of them as "No solution found" too.
 *
 * Read against captured outputs of uv 0.13 (`error:` / `cause:`), uv 0.4 (`×` / `╰─▶`, wrapped at
 * 80 columns) and pip 23.2 (fixtures/resolution/). Wrapped lines are rejoined before matching.
 */
import { satisfies } from "@renovatebot/pep440";
import { normalizeName } from "../requirements/normalize-name.js";
import { Pep508Error, parsePep508 } from "../requirements/parse-pep508.js";
import { excerptInstallError, isNetworkFailure } from "./install-excerpt.js";
import { cleanLines } from "./parse-traceback.js";

const UV_HEAD = /No solution found when resolving dependencies/;
const UV_HINT = /^\s*hint:/;
// uv's report: a derivation that needs a dependency edge, or two requirements that clash.
const UV_CONFLICT = /\bdepends? on\b|\bare incompatible\b|\byou require \S+ and \S+/;
// Leaves of a derivation that no other pin can cure: absent versions, packages, wheels, Pythons.
const UV_ABSENT =
  /there is no version of|was not found in the (package registry|provided package locations)|\bno (usable )?wheels\b|requires Python|does not satisfy Python|depends on Python(?![\w.-])|was yanked/;
const PIP_CONFLICT = /ResolutionImpossible|because these package versions have conflicting dependencies/;
const PIP_CAUSES = /^The conflict is caused by:/;
const PIP_CANNOT = /^(?:ERROR:\s*)?(Cannot install .* conflicting dependencies\.?)$/;
const PIP_NOT_FOUND =
  /Could not find a version that satisfies the requirement (.+?)(?: \(from [^()]*(?:\([^()]*\)[^()]*)*\))? \(from versions: ([^)]*)\)/;

/** The explanation of a uv report: the lines after its head up to the hint, markers cut, dedented. */
function uvExplanation(lines: string[]): string[] | null {
  const head = lines.findIndex((l) => UV_HEAD.test(l));
  if (head < 0) return null;
  const body: string[] = [];
  for (const line of lines.slice(head + 1)) {
    if (UV_HINT.test(line)) break;
    // A line back at the margin is a new message (a warning, the next error), not the report.
    if (line.trim() !== "" && !/^\s/.test(line)) break;
    body.push(
      line.replace(
        /^(\s*)(cause:|╰─▶)/,
        (_m, indent: string, mark: string) => indent + " ".repeat(mark.length),
      ),
    );
  }
  return dedent(body);
}

/** pip's words: the "Cannot install" line and the "The conflict is caused by:" block, or its not-found line. */
function pipExplanation(lines: string[]): string[] | null {
  const out: string[] = [];
  for (const line of lines) {
    const cannot = PIP_CANNOT.exec(line.trim());
    if (cannot?.[1]) out.push(cannot[1]);
  }
  const causes = lines.findIndex((l) => PIP_CAUSES.test(l.trim()));
  if (causes >= 0) {
    const end = lines.findIndex((l, i) => i > causes && l.trim() === "");
    out.push(...dedent(lines.slice(causes, end < 0 ? undefined : end)));
  }
  if (out.length === 0) {
    const notFound = lines.find((l) => PIP_NOT_FOUND.test(l));
    if (notFound) out.push(notFound.replace(/^\s*ERROR:\s*/, ""));
  }
  return out.length > 0 ? out : null;
}

/** Removes the indent every non-blank line shares, and blank lines at either end. */
function dedent(lines: string[]): string[] {
  const trimmed = lines.map((l) => l.trimEnd());
  while (trimmed.length > 0 && trimmed[0] === "") trimmed.shift();
  while (trimmed.length > 0 && trimmed[trimmed.length - 1] === "") trimmed.pop();
  const indents = trimmed.filter((l) => l !== "").map((l) => l.length - l.trimStart().length);
  const cut = indents.length > 0 ? Math.min(...indents) : 0;
  return trimmed.map((l) => l.slice(cut));
}

/** One line of text with wrapped lines rejoined, for matching phrases a wrap may have split. */
function collapse(lines: string[]): string {
  return lines.join(" ").replace(/\s+/g, " ");
}

/**
 * pip's single-requirement report ("Could not find a version that satisfies ...") is a conflict
 * only when a listed version satisfies the requirement: then the resolver ruled it out while
 * backtracking. With no such version the release is simply absent (or the index unreachable).
 */
function pipNotFoundIsConflict(line: string): boolean {
  const m = PIP_NOT_FOUND.exec(line);
  if (!m?.[1] || !m[2] || m[2].trim() === "none") return false;
  try {
    const specifier = parsePep508(m[1].split(";")[0] ?? "").specifier;
    if (specifier === "") return true;
    return m[2].split(",").some((v) => satisfies(v.trim(), specifier));
  } catch (e) {
    if (e instanceof Pep508Error) return false;
    throw e;
  }
}

/** True when the installer failed because the requirements conflict (see the module comment). */
export function isResolutionFailure(output: string): boolean {
  if (isNetworkFailure(excerptInstallError(output))) return false;
  const lines = cleanLines(output);
  const uv = uvExplanation(lines);
  if (uv) {
    const text = collapse(uv);
    return UV_CONFLICT.test(text) && !UV_ABSENT.test(text);
  }
  if (lines.some((l) => PIP_CONFLICT.test(l))) return true;
  return lines.some((l) => pipNotFoundIsConflict(l));
}

/**
 * The resolver's explanation without ANSI codes: uv's derivation up to its hint, pip's "Cannot
 * install" line and "The conflict is caused by:" block. Falls back to the install excerpt.
 */
export function explainResolution(output: string): string {
  const lines = cleanLines(output);
  const found = uvExplanation(lines) ?? pipExplanation(lines);
  return found && found.length > 0 ? found.join("\n") : excerptInstallError(output);
}

/**
 * The candidates (any spelling: PEP 503 compares `Foo.Bar`, `foo_bar` and `foo-bar` as one) that
 * the explanation names, in the order given, each once. A candidate that is also an English word
 * of the report could match falsely; callers relax it at its pin, so it only costs a wider search.
 */
export function implicatedPackages(output: string, candidates: string[]): string[] {
  const tokens = new Set(
    (explainResolution(output).match(/[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/g) ?? []).map(normalizeName),
  );
  const seen = new Set<string>();
  return candidates.filter((name) => {
    const key = normalizeName(name);
    if (seen.has(key) || !tokens.has(key)) return false;
    seen.add(key);
    return true;
  });
}
