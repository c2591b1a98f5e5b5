/**
 * Reads one logical line the way pip's `parse_line` and `parse_req_from_line` do: strip the
 * comment, split requirement text from options at the first word starting with `-`, read options
 * with optparse rules, then classify the requirement text as URL, path or PEP 508 requirement.
 */
import { inputErrorAt } from "../../errors.js";
import type { EditableLine, IncludeLine, LineOption, RawSpan, ReqLine } from "./model.js";
import { normalizeName } from "./normalize-name.js";
import { OptionSyntaxError, type ParsedOption, parseOptions } from "./parse-options.js";
import { Pep508Error, parsePep508 } from "./parse-pep508.js";
import { type LogicalLine, locateInRaw } from "./split-lines.js";

/** Where a one-line source (a pyproject string) starts, when it is not a file of its own. */
export interface LineOrigin {
  line: number;
  col: number;
}

// pip's COMMENT_RE: `#` at the start or after whitespace starts a comment.
const COMMENT = /(^|\s+)#/;
const URL_SCHEMES = new Set(
  ["http", "https", "file", "ftp"].concat(
    ["ssh", "git", "http", "https", "file"].map((s) => `git+${s}`),
    ["http", "https", "ssh", "static-http", "file"].map((s) => `hg+${s}`),
    ["ssh", "http", "https", "svn", "file"].map((s) => `svn+${s}`),
    ["http", "https", "ssh", "sftp", "ftp", "lp", "file"].map((s) => `bzr+${s}`),
  ),
);
const ARCHIVE = /\.(whl|zip|tar\.gz|tgz|tar|tar\.bz2|tbz|tar\.xz|txz|tlz|tar\.lz|tar\.lzma)$/i;
const WHEEL_NAME = /^([^-/]+)-[^-]+(?:-\d[^-]*)?-[^-]+-[^-]+-[^-]+\.whl$/i;
const NAME_ONLY = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;

/** pip's `is_url`: a known scheme before the first colon. */
export function isUrl(text: string): boolean {
  const colon = text.indexOf(":");
  return colon !== -1 && URL_SCHEMES.has(text.slice(0, colon).toLowerCase());
}

function looksLikePath(text: string): boolean {
  return text.includes("/") || text.includes("\\") || text.startsWith(".");
}

/** The project name pip derives from a URL or path: `#egg=NAME` or a wheel's file name. */
function nameFromTarget(target: string): string | undefined {
  const egg = /[#&]egg=([^&]*)/.exec(target)?.[1];
  if (egg !== undefined && NAME_ONLY.test(egg)) return egg;
  const file = target.split(/[?#]/)[0]?.split(/[/\\]/).pop() ?? "";
  return WHEEL_NAME.exec(file)?.[1];
}

/** Parses one logical line; throws a located InputError when pip would reject it. */
export function parseLogicalLine(logical: LogicalLine, file: string, origin?: LineOrigin): ReqLine {
  const { joined: j, map } = logical;
  const at = (index: number) => map[Math.min(index, j.length)] ?? logical.raw.length;
  const span = (from: number, to: number): RawSpan => ({
    start: at(from),
    end: to > from ? at(to - 1) + 1 : at(from),
  });
  const fail = (index: number, message: string): never => {
    const pos = locateInRaw(logical, at(index));
    const where = origin ? { line: origin.line, col: origin.col + pos.col - 1 } : pos;
    throw inputErrorAt({ file, ...where }, message);
  };
  const base = { line: logical.line, raw: logical.raw, eol: logical.eol };
  const m = COMMENT.exec(j);
  const contentEnd = m ? m.index : j.length;
  const withComment = m ? { ...base, comment: logical.raw.slice(at(m.index + (m[1] ?? "").length)) } : base;
  const contentStart = contentEnd - j.slice(0, contentEnd).trimStart().length;
  const content = j.slice(contentStart, contentEnd).trimEnd();
  if (content === "") return { kind: "blank", ...withComment };

  // pip's break_args_options: requirement text runs up to the first space-separated word starting with "-".
  const dash = content.startsWith("-") ? 0 : content.indexOf(" -") + 1;
  const args = dash === 0 && content.startsWith("-") ? "" : dash > 0 ? content.slice(0, dash - 1) : content;
  const optionsAt = contentStart + (dash > 0 || content.startsWith("-") ? dash : content.length);
  let parsed: ParsedOption[] = [];
  try {
    parsed = parseOptions(j.slice(optionsAt, contentStart + content.length));
  } catch (e) {
    if (!(e instanceof OptionSyntaxError)) throw e;
    fail(optionsAt + e.index, e.message);
  }
  const options: LineOption[] = parsed.map((o) => ({
    name: o.name,
    ...(o.value === undefined ? {} : { value: o.value }),
    span: span(optionsAt + o.start, optionsAt + o.end),
    ...(o.valueStart === undefined
      ? {}
      : { valueSpan: span(optionsAt + o.valueStart, optionsAt + (o.valueEnd ?? 0)) }),
  }));

  if (args !== "") return parsePin(args, contentStart);
  const editable = parsed.findIndex((o) => o.name === "--editable");
  if (editable !== -1) return editableLine(parsed[editable] as ParsedOption, options[editable] as LineOption);
  const include =
    parsed.find((o) => o.name === "--requirement") ?? parsed.find((o) => o.name === "--constraint");
  if (include) {
    const mode = include.name === "--requirement" ? "requirement" : "constraint";
    const pathSpan = span(optionsAt + (include.valueStart ?? 0), optionsAt + (include.valueEnd ?? 0));
    return {
      kind: "include",
      ...withComment,
      mode,
      path: include.value ?? "",
      pathSpan,
      options,
    } satisfies IncludeLine;
  }
  return { kind: "option", ...withComment, options };

  function editableLine(option: ParsedOption, lineOption: LineOption): EditableLine {
    const { target, extras } = stripExtras(option.value ?? "");
    const name = nameFromTarget(target);
    const named = name === undefined ? {} : { name, normalizedName: normalizeName(name) };
    return {
      kind: "editable",
      ...withComment,
      ...named,
      target,
      extras,
      options,
      span: lineOption.span,
      argsEnd: lineOption.span.end,
    };
  }

  function parsePin(text: string, offset: number): ReqLine {
    // pip cuts the marker off first; after a bare URL only "; " separates, since ";" may be in URLs.
    const sep = isUrl(text) ? "; " : ";";
    const cut = text.indexOf(sep);
    const before = cut === -1 ? text : text.slice(0, cut);
    const marker = cut === -1 ? "" : text.slice(cut + sep.length).trim();
    const common = {
      ...withComment,
      ...(marker === "" ? {} : { marker }),
      options,
      argsEnd: span(offset, offset + text.trimEnd().length).end,
    };
    const nameAt = offset + before.length - before.trimStart().length;
    const target = before.trim();
    const urlLine = (): ReqLine => {
      const stripped = stripExtras(target);
      const name = nameFromTarget(stripped.target);
      const named = name === undefined ? {} : { name, normalizedName: normalizeName(name) };
      const where = span(nameAt, nameAt + target.length);
      return {
        kind: "url",
        ...common,
        ...named,
        target: stripped.target,
        extras: stripped.extras,
        span: where,
      };
    };
    if (isUrl(target)) return urlLine();
    // pip tries a path first, unless the text before an "@" is no path: then it is `name @ url`.
    const at = target.indexOf("@");
    const mayBePath = !(at !== -1 && !looksLikePath(target.slice(0, at)));
    if (ARCHIVE.test(target) && mayBePath) return urlLine();
    try {
      const req = parsePep508(before);
      return {
        kind: "requirement",
        ...common,
        name: req.name,
        normalizedName: normalizeName(req.name),
        extras: req.extras,
        specifier: req.specifier,
        ...(req.url === undefined ? {} : { url: req.url }),
        span: span(offset + req.start, offset + req.end),
      };
    } catch (e) {
      if (!(e instanceof Pep508Error)) throw e;
      // A directory to install from; pip checks it exists, which is the installer's job here.
      if (mayBePath && looksLikePath(target)) return urlLine();
      return fail(offset + e.index, e.message);
    }
  }
}

/** pip's `strip_extras`: `path[a,b]` -> `path` and `["a", "b"]`. */
function stripExtras(target: string): { target: string; extras: string[] } {
  const m = /^(.+)\[([^\]]+)\]$/.exec(target);
  if (!m) return { target, extras: [] };
  return { target: m[1] ?? target, extras: (m[2] ?? "").split(",").map((e) => e.trim()) };
}
