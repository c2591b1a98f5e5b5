/**
 * Markdown for text that comes from elsewhere (job output, commit titles, resolver messages): it
 * must never close our fences, break our tables, mention people (`@name`) or link other
 * repositories' issues (`#123`), so it goes into code blocks and code spans, never bare.
 */

/** The longest run of `char` in `text`. */
function longestRun(text: string, char: string): number {
  let longest = 0;
  let run = 0;
  for (const c of text) {
    run = c === char ? run + 1 : 0;
    if (run > longest) longest = run;
  }
  return longest;
}

/**
 * A fenced code block holding `text` exactly: the fence is one backtick longer than any run of
 * backticks inside, so a ``` in job output cannot end the block early.
 */
export function fenceBlock(text: string, info = ""): string {
  const fence = "`".repeat(Math.max(3, longestRun(text, "`") + 1));
  return `${fence}${info}\n${text.replace(/\n+$/, "")}\n${fence}`;
}

/** A code span of `text` on one line, with a delimiter longer than any backtick run inside. */
export function codeSpan(text: string): string {
  const flat = text.replace(/\s*\n\s*/g, " ").trim();
  if (flat === "") return "";
  const ticks = "`".repeat(longestRun(flat, "`") + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

/** A table cell: a code span (or `-` when empty) with pipes escaped, as GFM tables require even in code. */
export function tableCell(text: string | null | undefined, max = 300): string {
  if (text === null || text === undefined || text.trim() === "") return "-";
  return codeSpan(cutEnd(text, max)).replace(/\|/g, "\\|");
}

/** `text` cut to at most `max` characters, ending with `…` when cut. */
export function cutEnd(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * `text` cut to at most `max` characters by dropping its middle, at line breaks where it can:
 * a traceback's head says where it started, its tail what was raised. The cut is said in place.
 */
export function cutMiddle(text: string, max: number, why = "to fit GitHub's limit"): string {
  if (text.length <= max) return text;
  const lines = (s: string) => s.split("\n").length - (s.endsWith("\n") ? 1 : 0);
  const noteFor = (chars: number, count: number) =>
    `[... ${chars.toLocaleString("en-US")} characters (${count} lines) cut ${why} ...]`;
  const room = Math.max(0, max - noteFor(text.length, lines(text)).length - 2);
  let headEnd = Math.floor(room / 3);
  let tailStart = text.length - (room - headEnd);
  // Snap to line breaks when one is near, so no line is shown half.
  const headBreak = text.lastIndexOf("\n", headEnd);
  if (headBreak > headEnd / 2) headEnd = headBreak;
  const tailBreak = text.indexOf("\n", tailStart);
  if (tailBreak !== -1 && tailBreak < tailStart + (text.length - tailStart) / 2) tailStart = tailBreak + 1;
  const cut = text.slice(headEnd, tailStart);
  return `${text.slice(0, headEnd)}\n${noteFor(cut.length, lines(cut))}\n${text.slice(tailStart)}`;
}

/** `1 step`, `2 steps`. */
export function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** A GFM table: header cells, then rows of ready-made cells. */
export function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}
