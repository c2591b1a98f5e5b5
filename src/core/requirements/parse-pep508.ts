/**
 * The PEP 508 part of a requirement line (name, extras, specifiers or ` @ url`), after pip has
 * already cut the marker off at `;`. Validation follows `packaging`, so a line we accept pip accepts.
 */
import { valid } from "@renovatebot/pep440";

/** A syntax problem at `index` of the parsed text. */
export class Pep508Error extends Error {
  constructor(
    message: string,
    readonly index: number,
  ) {
    super(message);
  }
}

/** A parsed `name[extras] spec` or `name[extras] @ url`, with offsets into the parsed text. */
export interface Pep508 {
  name: string;
  extras: string[];
  specifier: string;
  url?: string;
  /** Where the name starts and where the last non-space character ends. */
  start: number;
  end: number;
}

const NAME = /[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/y;
const SPEC = /^(===|~=|==|!=|<=|>=|<|>)\s*(.*)$/s;
const EXAMPLE = 'for example "transformers==4.48.0" or "transformers>=4.40,<5"';

function skipSpace(text: string, i: number): number {
  let k = i;
  while (k < text.length && /\s/.test(text[k] ?? "")) k += 1;
  return k;
}

/** Parses `text` (no marker) as a PEP 508 requirement, or throws a Pep508Error. */
export function parsePep508(text: string): Pep508 {
  const start = skipSpace(text, 0);
  NAME.lastIndex = start;
  const nameMatch = NAME.exec(text);
  if (!nameMatch) {
    throw new Pep508Error(`expected a package name (letters, digits, "-", "_", "."); ${EXAMPLE}`, start);
  }
  const name = nameMatch[0];
  let i = skipSpace(text, start + name.length);
  let extras: string[] = [];
  if (text[i] === "[") {
    const close = text.indexOf("]", i);
    if (close === -1) throw new Pep508Error('extras are not closed; add "]" after the last extra', i);
    extras = parseExtras(text.slice(i + 1, close), i + 1);
    i = skipSpace(text, close + 1);
  }
  const end = text.trimEnd().length;
  if (text[i] === "@") {
    const urlStart = skipSpace(text, i + 1);
    const url = text.slice(urlStart, end);
    if (url === "")
      throw new Pep508Error(`expected a URL after "@"; write "${name} @ git+https://host/repo.git@<sha>"`, i);
    const space = url.search(/\s/);
    if (space !== -1) {
      throw new Pep508Error(
        'unexpected text after the URL; put a marker after " ; " or remove it',
        urlStart + space,
      );
    }
    return { name, extras, specifier: "", url, start, end };
  }
  const specifier = text.slice(i, end);
  checkSpecifier(specifier, i);
  return { name, extras, specifier, start, end };
}

function parseExtras(inner: string, base: number): string[] {
  if (inner.trim() === "") return [];
  let offset = 0;
  return inner.split(",").map((part) => {
    const extra = part.trim();
    if (!/^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/.test(extra)) {
      const at = base + offset + (part.length - part.trimStart().length);
      throw new Pep508Error(
        `invalid extra "${extra}"; extras are names separated by commas, as in "[torch,deepspeed]"`,
        at,
      );
    }
    offset += part.length + 1;
    return extra;
  });
}

function checkSpecifier(specifier: string, base: number): void {
  if (specifier === "") return;
  let body = specifier;
  let offset = 0;
  if (body.startsWith("(")) {
    if (!body.endsWith(")")) throw new Pep508Error('parenthesised specifier is not closed; add ")"', base);
    body = body.slice(1, -1);
    offset = 1;
  }
  for (const part of body.split(",")) {
    const item = part.trim();
    const at = base + offset + (part.length - part.trimStart().length);
    checkClause(item, at);
    offset += part.length + 1;
  }
}

function checkClause(item: string, at: number): void {
  const m = SPEC.exec(item);
  if (!m) {
    const hint = /^=[^=]/.test(item)
      ? '"=" is not an operator, use "=="'
      : "expected an operator (==, !=, <=, >=, <, >, ~=, ===)";
    throw new Pep508Error(`invalid version specifier "${item}": ${hint}; ${EXAMPLE}`, at);
  }
  const op = m[1] ?? "";
  const version = m[2] ?? "";
  const versionAt = at + item.length - version.length;
  if (op === "===") {
    if (version === "" || /\s/.test(version))
      throw new Pep508Error('"===" needs a version without spaces', versionAt);
    return;
  }
  const wildcard = (op === "==" || op === "!=") && version.endsWith(".*");
  const bare = wildcard ? version.slice(0, -2) : version;
  if (valid(bare) === null || (wildcard && bare.includes("+"))) {
    throw new Pep508Error(
      `invalid version "${version}" after "${op}"; use a PEP 440 version such as 4.48.0`,
      versionAt,
    );
  }
  if (op === "~=" && !/^v?(\d+!)?\d+\.\d+/.test(bare)) {
    throw new Pep508Error(`"~=" needs at least two release numbers, as in "~=4.48"`, versionAt);
  }
}
