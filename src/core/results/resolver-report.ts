/**
 * The one reading of a resolver's report. uv (0.13 `error:` / `cause:`, 0.4 `×` / `╰─▶` wrapped at
 * 80 columns, either coloured) and pip (`ERROR: Cannot install ...` with "The conflict is caused
 * by:", or its "Could not find a version" line) say why a set of requirements cannot be installed;
 * every place that shows, classifies or mines that reason reads it here, from captured real
 * outputs (fixtures/resolution/). Colours, `\r` redraws and wraps never reach a reader.
 *
 * The reason that leads is the deepest one: uv's derivation starts from its leaves ("Because only
 * kernels==0.18.0 is available and transformers==5.25.0 depends on kernels>=0.19.1, ..."), and its
 * later "And because ..." sentences only carry that up to "your requirements are unsatisfiable".
 */
import { cleanLines } from "./parse-traceback.js";

/** A resolver's report, read once. */
export interface ResolverReport {
  installer: "uv" | "pip";
  /** The explanation as the resolver laid it out, markers and colours cut, dedented. */
  lines: string[];
  /** The deepest reason, on one line: uv's first derivation sentence, pip's conflict or not-found line. */
  reason: string;
  /** The whole explanation on one line (wraps rejoined), for matching phrases a wrap may split. */
  text: string;
  /**
   * The user's own requirements the report names (uv's "you require hf-xet==1.4.3", pip's "The
   * user requested ..."), in order, each once: often in a later sentence than the deepest reason,
   * so they are a field of their own, shown beside the reason and never instead of it.
   */
  required: string[];
}

const UV_HEAD = /No solution found when resolving dependencies/;
const UV_HINT = /^\s*hint:/;
const PIP_CAUSES = /^The conflict is caused by:/;
const PIP_CANNOT = /^(?:ERROR:\s*)?(Cannot install .* conflicting dependencies\.?)$/;
const PIP_NOT_FOUND = /^(?:ERROR:\s*)?(Could not find a version that satisfies the requirement .*)$/;
// uv's closing formula says nothing the start of its sentence does not.
const CONCLUSION = /,? (?:and )?we can conclude that your requirements are unsatisfiable\.?$/;
// A requirement as the reports write one: a name, then a version clause (`hf-xet==1.4.3`, `x>=2`).
const REQUIREMENT = /^[A-Za-z0-9][A-Za-z0-9._[\],-]*(?:===|==|~=|!=|<=|>=|<|>)\S+$/;
// "we can conclude that you require faketrl>=2" is derived, not the user's.
const UV_REQUIRE = /(?<!\bconclude that )\byou require (\S+)(?: and (\S+))?/g;
const PIP_REQUESTED = /\bThe user requested (?:\(constraint\) )?(\S+)/g;

/** The requirements `pattern` names in `text`, trailing punctuation cut, each once, in order. */
function requiredIn(text: string, pattern: RegExp): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(pattern))
    for (const raw of m.slice(1)) {
      const requirement = raw?.replace(/[,.;:]+$/, "");
      if (requirement && REQUIREMENT.test(requirement) && !found.includes(requirement))
        found.push(requirement);
    }
  return found;
}

/** The report in an installer's output, or null when the output holds none. */
export function parseResolverReport(output: string): ResolverReport | null {
  const lines = cleanLines(output).map((l) => l.trimEnd());
  return uvReport(lines) ?? pipReport(lines);
}

/** uv: the lines after its head up to the hint, `cause:` / `╰─▶` cut, dedented. */
function uvReport(lines: string[]): ResolverReport | null {
  const head = lines.findIndex((l) => UV_HEAD.test(l));
  // A report already cut to its derivation (an unsatisfiable result's excerpt) starts at "Because".
  const derivation = head < 0 ? lines.findIndex((l) => l.trim() !== "") : -1;
  if (head < 0 && !/^\s*Because\b/.test(lines[derivation] ?? "")) return null;
  const body: string[] = [];
  for (const line of lines.slice(head < 0 ? derivation : head + 1)) {
    if (UV_HINT.test(line)) break;
    // After uv's head, a line back at the margin is a new message (a warning, the next error).
    if (head >= 0 && line.trim() !== "" && !/^\s/.test(line)) break;
    body.push(
      line.replace(
        /^(\s*)(cause:|╰─▶)/,
        (_m, indent: string, mark: string) => indent + " ".repeat(mark.length),
      ),
    );
  }
  const explained = dedent(body);
  if (explained.length === 0) return null;
  const text = collapse(explained);
  // Sentences of the derivation; the first is the deepest (its leaves), the rest carry it up.
  const first = text.split(/(?<=\.)\s+(?=(?:And because|Because|And|Then)\b)/)[0] ?? text;
  const reason = first.replace(CONCLUSION, "") || first;
  return { installer: "uv", lines: explained, reason, text, required: requiredIn(text, UV_REQUIRE) };
}

/** pip: its "Cannot install" line and the "The conflict is caused by:" block, or its not-found line. */
function pipReport(lines: string[]): ResolverReport | null {
  const out: string[] = [];
  for (const line of lines) {
    const cannot = PIP_CANNOT.exec(line.trim());
    if (cannot?.[1]) out.push(cannot[1]);
  }
  const causes = lines.findIndex((l) => PIP_CAUSES.test(l.trim()));
  const caused: string[] = [];
  if (causes >= 0) {
    // The block is its indented lines: a blank line or one back at the margin ends it.
    const end = lines.findIndex((l, i) => i > causes && (l.trim() === "" || !/^\s/.test(l)));
    caused.push(...dedent(lines.slice(causes, end < 0 ? undefined : end)));
    out.push(...caused);
  }
  if (out.length > 0) {
    const why = caused.slice(1).map((l) => l.trim());
    const reason = why.length > 0 ? `The conflict is caused by: ${why.join("; ")}` : (out[0] ?? "");
    const text = collapse(out);
    return { installer: "pip", lines: out, reason, text, required: requiredIn(text, PIP_REQUESTED) };
  }
  const notFound = lines.map((l) => PIP_NOT_FOUND.exec(l.trim())?.[1]).find(Boolean);
  return notFound
    ? { installer: "pip", lines: [notFound], reason: notFound, text: notFound, required: [] }
    : null;
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

/** One line of text with wrapped lines rejoined. */
function collapse(lines: string[]): string {
  return lines.join(" ").replace(/\s+/g, " ").trim();
}
