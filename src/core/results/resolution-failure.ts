/**
 * Tells a resolution conflict (the requirements exist but cannot hold together: `latest-trl`
 * needs a newer transformers than the project pins) from the other install failures, and keeps
 * the resolver's own explanation. Only a conflict can be cured by moving other pins, so a version
 * or package missing from the index, a Python or platform mismatch and an unreachable index are
 * not conflicts, even though uv words some of them as "No solution found" too.
 *
 * The report itself is read by `resolver-report.ts` (captured outputs of uv 0.13, uv 0.4 and pip
 * 23.2, coloured and not, in fixtures/resolution/); this module only judges it.
 */
import { satisfies } from "@renovatebot/pep440";
import { normalizeName } from "../requirements/normalize-name.js";
import { Pep508Error, parsePep508 } from "../requirements/parse-pep508.js";
import { excerptInstallError, isNetworkFailure } from "./install-excerpt.js";
import { parseResolverReport } from "./resolver-report.js";

// uv's report: a derivation that needs a dependency edge, or two requirements that clash.
const UV_CONFLICT = /\bdepends? on\b|\bare incompatible\b|\byou require \S+ and \S+/;
// Leaves of a derivation that no other pin can cure: absent versions, packages, wheels, Pythons;
// "only kernels==0.18.0 is available and transformers==5.25.0 depends on kernels>=0.19.1" is the
// index lacking the release a dependency needs (the same package on both sides of the "and").
const UV_ABSENT =
  /there is no version of|only ([A-Za-z0-9._-]+)[=<>!~]\S* (?:is|are) available and \S+ depends on \1[=<>!~]|was not found in the (package registry|provided package locations)|\bno (usable )?wheels\b|requires Python|does not satisfy Python|depends on Python(?![\w.-])|was yanked/;
const PIP_CONFLICT = /ResolutionImpossible|because these package versions have conflicting dependencies/;
const PIP_NOT_FOUND =
  /Could not find a version that satisfies the requirement (.+?)(?: \(from [^()]*(?:\([^()]*\)[^()]*)*\))? \(from versions: ([^)]*)\)/;

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
  const report = parseResolverReport(output);
  if (!report) return false;
  if (report.installer === "uv") return UV_CONFLICT.test(report.text) && !UV_ABSENT.test(report.text);
  if (PIP_CONFLICT.test(report.text)) return true;
  return pipNotFoundIsConflict(report.text);
}

/**
 * The resolver's explanation without ANSI codes: uv's derivation up to its hint, pip's "Cannot
 * install" line and "The conflict is caused by:" block. Falls back to the install excerpt.
 */
export function explainResolution(output: string): string {
  return parseResolverReport(output)?.lines.join("\n") ?? excerptInstallError(output);
}

/**
 * The candidates (any spelling: PEP 503 compares `Foo.Bar`, `foo_bar` and `foo-bar` as one) that
 * the explanation names, in the order given, each once. A candidate that is also an English word
 * of the report could match falsely; callers relax it at its pin, so it only costs a wider search.
 */
export function implicatedPackages(output: string, candidates: string[]): string[] {
  return packagesNamedIn(explainResolution(output), candidates);
}

/**
 * The packages a resolver's deepest reason names among `candidates` (a variant's moved
 * packages): "transformers==5.25.0 depends on kernels>=0.19.1, which is absent" names the
 * release to blame. Empty when the report is not a resolver's or names none of them.
 */
export function blamedByResolver(explanation: string, candidates: string[]): string[] {
  const reason = parseResolverReport(explanation)?.reason;
  return reason ? packagesNamedIn(reason, candidates) : [];
}

/** `candidates` that occur in `text` as whole names, in the order given, each once. */
function packagesNamedIn(text: string, candidates: string[]): string[] {
  const tokens = new Set(
    (text.match(/[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/g) ?? []).map(normalizeName),
  );
  const seen = new Set<string>();
  return candidates.filter((name) => {
    const key = normalizeName(name);
    if (seen.has(key) || !tokens.has(key)) return false;
    seen.add(key);
    return true;
  });
}
