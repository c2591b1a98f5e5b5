/**
 * The issue a maintainer can act on, for one confirmed regression: what broke, the first bad
 * release or commit, a reproduction to paste, the environment, the failure excerpt and the
 * bisect log, then the hidden markers the filer finds the issue by. The body fits GitHub's
 * 65,536-character limit: the excerpt and the bisect log give way first (head and tail kept).
 */
import { parseTraceback } from "../results/parse-traceback.js";
import { bisectLogSection } from "./bisect-log.js";
import { labelsMarker } from "./draft-file.js";
import { type DraftInput, describeState, GITHUB_BODY_LIMIT, type IssueDraft } from "./draft-input.js";
import { firstBadSection, whatBrokeSection } from "./draft-sections.js";
import { cutEnd, cutMiddle, fenceBlock } from "./markdown.js";
import { environmentSection, reproductionSection } from "./reproduction-section.js";

const MAX_TITLE = 200;

/** Options of `draftIssue`: the body limit, and the redactor the body will pass through when written. */
export interface DraftOptions {
  maxBody?: number;
  /** Applied to the body before it is measured, so what is written is what fits. */
  redact?: (text: string) => string;
}

/** The failure in one line: the exception raised, the unmet expectation, or the signature. */
export function headlineOf(input: DraftInput): string {
  const failure = input.result?.failure;
  const r = input.regression;
  if (r.status === "timeout") return "timed out";
  const traceback = failure ? parseTraceback(failure.excerpt) : null;
  if (traceback) return `${traceback.type}${traceback.message ? `: ${traceback.message}` : ""}`;
  if (failure?.kind === "expectation") return failure.excerpt.split("\n").filter(Boolean).join("; ");
  return r.signature.replace(/ @ .*$/, "");
}

/** `[matrix] transformers 4.48.0 breaks lora-smoke: TypeError: ...`, under 200 characters. */
export function titleOf(input: DraftInput): string {
  const r = input.regression;
  const named = (pkg: string) => `${pkg} ${describeState(input.variant.packages[pkg])}`;
  const who =
    r.culprits.length > 1
      ? `${r.culprits.map(named).join(" + ")} break ${r.job} together`
      : r.culprits.length === 1
        ? `${named(r.culprits[0] as string)} breaks ${r.job}`
        : `${r.variant} breaks ${r.job}`;
  const head = `[matrix] ${who}`;
  const headline = headlineOf(input).replace(/\s+/g, " ").trim();
  return cutEnd(`${head}: ${headline}`, MAX_TITLE);
}

/** The labels: matrix's own, and one per culprit package. */
export function labelsOf(input: DraftInput): string[] {
  return ["matrix", "upstream-breakage", ...input.regression.culprits.map((p) => `pkg:${p}`)];
}

/** The hidden markers, last, one per line: the filer finds an issue by them. */
export function markersOf(input: DraftInput): string {
  const r = input.regression;
  return [
    `<!-- matrix:fingerprint=${r.fingerprint} -->`,
    `<!-- matrix:cell=${r.variant}/${r.job} -->`,
    labelsMarker(labelsOf(input)),
  ].join("\n");
}

/** The failure excerpt, fenced so nothing in it can close the block, cut to `max` characters. */
function excerptSection(input: DraftInput, max: number): string {
  const excerpt = input.result?.failure?.excerpt;
  if (!excerpt) return "## Failure excerpt\n\nThe result record of this cell has no failure excerpt.";
  return ["## Failure excerpt", "", fenceBlock(cutMiddle(excerpt, max), "text")].join("\n");
}

/** The body with the excerpt and the bisect log held to the given sizes. */
function renderBody(input: DraftInput, excerptMax: number, logMax: number): string {
  const footer = `Found by matrix in run \`${input.runId}\`. A later night that fails the same way finds this issue by its fingerprint \`${input.regression.fingerprint}\`.`;
  return [
    whatBrokeSection(input),
    firstBadSection(input),
    reproductionSection(input),
    environmentSection(input),
    excerptSection(input, excerptMax),
    bisectLogSection(input.bisect, logMax),
    footer,
    markersOf(input),
  ]
    .filter((s) => s !== "")
    .join("\n\n");
}

/** Drafts the issue of one regression. Pure: the input says everything the body says. */
export function draftIssue(input: DraftInput, options: DraftOptions = {}): IssueDraft {
  const limit = options.maxBody ?? GITHUB_BODY_LIMIT;
  const redact = options.redact ?? ((text: string) => text);
  const draft = (body: string): IssueDraft => ({
    fingerprint: input.regression.fingerprint,
    title: redact(titleOf(input)),
    body,
    labels: labelsOf(input),
  });
  const full = redact(renderBody(input, Number.POSITIVE_INFINITY, Number.POSITIVE_INFINITY));
  if (full.length <= limit) return draft(full);
  // What the rest of the body takes; the excerpt and the log share what is left, the log a quarter.
  const fixed = redact(renderBody(input, 0, 0)).length;
  const excerptLength = input.result?.failure?.excerpt.length ?? 0;
  const logLength = bisectLogSection(input.bisect).length;
  let room = Math.max(0, limit - fixed - 400);
  for (let attempt = 0; attempt < 8; attempt++) {
    const logMax = Math.min(logLength, Math.max(2_000, Math.floor(room / 4)));
    const excerptMax = Math.max(200, Math.min(excerptLength, room - logMax));
    const body = redact(renderBody(input, excerptMax, Math.max(0, room - excerptMax)));
    if (body.length <= limit) return draft(body);
    room -= body.length - limit + 200;
  }
  // Only an enormous rest (thousands of installed packages) gets here: cut before the markers.
  const markers = markersOf(input);
  const note = "\n\n[... the rest of this body was cut to fit GitHub's limit ...]\n\n";
  return draft(`${full.slice(0, limit - markers.length - note.length)}${note}${markers}`);
}
