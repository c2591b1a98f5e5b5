/**
 * Splits a requirements file into logical lines exactly as pip's `preprocess` does
 * (`str.splitlines`, then `join_lines`), while remembering where every character of the joined
 * line came from, so that errors can name a physical line and column and edits can cut the raw text.
 */

/** One logical line before parsing. */
export interface LogicalLine {
  /** 1-based number of the first physical line. */
  line: number;
  /** Exact source text without the final line break. */
  raw: string;
  eol: string;
  /** What pip parses: continuation backslashes stripped, physical lines concatenated. */
  joined: string;
  /** `map[i]` is the index in `raw` of `joined[i]`; `map[joined.length]` is `raw.length`. */
  map: number[];
}

// Python's str.splitlines breaks on all of these, so pip's line numbers count them too.
// biome-ignore lint/suspicious/noControlCharactersInRegex: these separators are exactly what splitlines uses.
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/g;
// pip's COMMENT_RE used with re.match: a physical line that is a comment ends a continuation.
const COMMENT_START = /^\s*#/;

interface PhysicalLine {
  text: string;
  eol: string;
}

function splitPhysical(text: string): PhysicalLine[] {
  const lines: PhysicalLine[] = [];
  let last = 0;
  for (const m of text.matchAll(LINE_BREAK)) {
    lines.push({ text: text.slice(last, m.index), eol: m[0] });
    last = m.index + m[0].length;
  }
  // Text after the last break is a line without one; a file ending in a break has no such line.
  if (last < text.length) lines.push({ text: text.slice(last), eol: "" });
  return lines;
}

/** Groups physical lines into pip's logical lines; rendering `raw + eol` of each gives `text` back. */
export function splitLogicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  let group: PhysicalLine[] = [];
  let first = 1;
  let number = 0;
  for (const physical of splitPhysical(text)) {
    number += 1;
    if (group.length === 0) first = number;
    group.push(physical);
    const continues = physical.text.endsWith("\\") && !COMMENT_START.test(physical.text);
    if (!continues) {
      out.push(joinGroup(group, first));
      group = [];
    }
  }
  if (group.length > 0) out.push(joinGroup(group, first));
  return out;
}

function joinGroup(group: PhysicalLine[], line: number): LogicalLine {
  let raw = "";
  let joined = "";
  const map: number[] = [];
  group.forEach((physical, i) => {
    const isLast = i === group.length - 1;
    const { text } = physical;
    let from = 0;
    let to = text.length;
    if (!isLast || (text.endsWith("\\") && !COMMENT_START.test(text))) {
      // pip does `line.strip("\\")`: backslashes go from both ends of a continued line.
      while (from < to && text[from] === "\\") from += 1;
      while (to > from && text[to - 1] === "\\") to -= 1;
    } else if (i > 0 && COMMENT_START.test(text)) {
      // pip prefixes a comment that ends a continuation with a space so it is still stripped.
      joined += " ";
      map.push(raw.length);
    }
    for (let k = from; k < to; k += 1) {
      joined += text[k];
      map.push(raw.length + k);
    }
    raw += text;
    if (!isLast) raw += physical.eol;
  });
  map.push(raw.length);
  return { line, raw, eol: group[group.length - 1]?.eol ?? "", joined, map };
}

/** The 1-based physical line and column of `raw[index]` in a logical line. */
export function locateInRaw(
  logical: { line: number; raw: string },
  index: number,
): { line: number; col: number } {
  const before = logical.raw.slice(0, index);
  const breaks = [...before.matchAll(LINE_BREAK)];
  const lastBreak = breaks[breaks.length - 1];
  const lineStart = lastBreak ? lastBreak.index + lastBreak[0].length : 0;
  // Columns count code points, as an editor shows them, not UTF-16 units.
  return { line: logical.line + breaks.length, col: [...before.slice(lineStart)].length + 1 };
}
