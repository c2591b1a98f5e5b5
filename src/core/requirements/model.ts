/**
 * The lossless model of a pip requirements file. Every logical line keeps its exact source text
 * (`raw` + `eol`), so rendering the lines back in order gives the input byte for byte; the parsed
 * fields and offsets sit beside the text and are only ever used to rewrite a slice of it.
 *
 * Offsets (`start`, `end`, ...) are UTF-16 indexes into the line's `raw`, half-open.
 */

/** A raw-text range of one logical line: `raw.slice(start, end)`. */
export interface RawSpan {
  start: number;
  end: number;
}

/** One option on a line, as pip's optparse sees it (`--hash=sha256:..`, `-r base.txt`, `--pre`). */
export interface LineOption {
  /** Canonical long name, aliases and unambiguous prefixes resolved (`-i` -> `--index-url`). */
  name: string;
  /** The option's argument, unquoted, for options that take one. */
  value?: string;
  /** The whole option (flag and argument) in `raw`; used to cut it out. */
  span: RawSpan;
  /** The argument alone in `raw` (quotes included); used to rewrite include paths. */
  valueSpan?: RawSpan;
}

/** What every logical line has. */
interface LineBase {
  /** 1-based number of the line's first physical line. */
  line: number;
  /** Exact source text, continuation backslashes and inner line breaks included, without `eol`. */
  raw: string;
  /** The line break that ends the line (`\n`, `\r\n`, `\r`, ...) or `""` at the end of the file. */
  eol: string;
  /** Comment text from its `#`, when the line has one (pip: `#` at the start or after whitespace). */
  comment?: string;
}

/** A line with nothing for pip: empty, whitespace or a whole-line comment. */
export interface BlankLine extends LineBase {
  kind: "blank";
}

/** A line of global options (`--extra-index-url URL`, `--pre`, `--trusted-host h`, ...). */
export interface OptionLine extends LineBase {
  kind: "option";
  options: LineOption[];
}

/** `-r FILE` / `--requirement FILE` or `-c FILE` / `--constraint FILE`. */
export interface IncludeLine extends LineBase {
  kind: "include";
  mode: "requirement" | "constraint";
  /** The path as written (unquoted); pip resolves it against the including file's folder. */
  path: string;
  /** Where the path sits in `raw`, so a planner can point it elsewhere. */
  pathSpan: RawSpan;
  options: LineOption[];
}

/** Fields shared by the three line kinds that can pin a package. */
interface PinBase extends LineBase {
  /** The package name as written, or from `#egg=` / a wheel file name; absent when unknown. */
  name?: string;
  /** PEP 503 normalised `name`: what lookups compare. */
  normalizedName?: string;
  extras: string[];
  /** Environment marker after `;`, trimmed. */
  marker?: string;
  /** Per-requirement options (`--hash`, `--config-settings`, `--global-option`). */
  options: LineOption[];
  /** The slice a rewrite replaces: the requirement without its marker, options and comment. */
  span: RawSpan;
  /** End of the requirement text, marker included: per-requirement options start after it. */
  argsEnd: number;
}

/** A PEP 508 requirement: `name[extras] specifiers ; marker` or `name[extras] @ url ; marker`. */
export interface RequirementLine extends PinBase {
  kind: "requirement";
  name: string;
  normalizedName: string;
  /** The version specifier text as written (`>=4.0,<5`, `==4.*`), `""` when there is none. */
  specifier: string;
  /** The direct reference after ` @ `. */
  url?: string;
}

/** A bare URL or path (`./wheels/x.whl`, `git+https://...#egg=x`). */
export interface UrlLine extends PinBase {
  kind: "url";
  /** The URL or path as written, extras stripped. */
  target: string;
}

/** `-e TARGET` / `--editable TARGET`. */
export interface EditableLine extends PinBase {
  kind: "editable";
  target: string;
}

/** A line that can pin a package. */
export type PinLine = RequirementLine | UrlLine | EditableLine;

/** One logical line of a requirements file. */
export type ReqLine = BlankLine | OptionLine | IncludeLine | PinLine;

/** A parsed requirements file. */
export interface RequirementsDoc {
  /** The path used in error messages. */
  file: string;
  lines: ReqLine[];
}

/** What a tracked package is rewritten to in a variant. */
export type RewriteTarget = { kind: "version"; version: string } | { kind: "url"; url: string };

/** One package rewrite of a variant. */
export interface RequirementEdit {
  name: string;
  target: RewriteTarget;
}
