/**
 * What a pin line says, read from the parsed line (never by re-matching its text): the
 * requirement as a human writes it, the exact release it selects, the commit a VCS URL names, and
 * the local path it installs. Commands, bisect ranges and cache keys all ask these questions.
 */
import { exactPinOf } from "./exact-pin.js";
import type { PinLine } from "./model.js";

/** The facts of one pin line. */
export interface PinFacts {
  /** The requirement without comment, options or continuation: `transformers==4.47.1 ; python_version>"3.8"`. */
  text: string;
  /** The one release an `==V` / `===V` specifier selects (no wildcard), else null. */
  version: string | null;
  /** The commit a `git+URL@<sha>` reference names (7 to 40 hex digits), else null. */
  sha: string | null;
  /** The local file or folder the line installs (`./pkg`, `file:///w/x.whl`), else null. */
  localPath: string | null;
}

/** Reads the facts of a pin line. */
export function describePin(line: PinLine): PinFacts {
  const text = line.raw
    .slice(line.span.start, line.argsEnd)
    .replace(/\\\r?\n/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  const reference = line.kind === "requirement" ? (line.url ?? null) : line.target;
  return {
    text,
    version: line.kind === "requirement" ? (exactPinOf(line)?.version ?? null) : null,
    sha: reference ? shaOf(reference) : null,
    localPath: reference ? localPathOf(reference) : null,
  };
}

/** The commit of a VCS reference: `git+https://h/r.git@<sha>` (a fragment after `#` is ignored). */
function shaOf(reference: string): string | null {
  const url = reference.split("#")[0] ?? "";
  if (!/^git\+/i.test(url)) return null;
  const rev = /@([^@/]+)$/.exec(url)?.[1];
  return rev && /^[0-9a-f]{7,40}$/i.test(rev) ? rev : null;
}

/** A path or `file:` URL names something on this disk; every other scheme (and a bare name) does not. */
function localPathOf(reference: string): string | null {
  const target = reference.split("#")[0] ?? "";
  const file = /^file:(?:\/\/(?:localhost)?)?(\/.*)$/i.exec(target);
  if (file?.[1]) return decodeURIComponent(file[1]);
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return null;
  return /^(\.{1,2}\/|\/|\.{1,2}$)/.test(target) ? target : null;
}
