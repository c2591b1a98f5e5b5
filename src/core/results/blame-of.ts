/**
 * Which installed package a failure happened in: the distribution owning the innermost traceback
 * frame that is not the standard library. An `ImportError: cannot import name X from 'pkg'` names
 * the package that dropped X, which is the one that changed, so it wins over the importing frame.
 */
import { distributionsOfImport, type ImportNames } from "./import-names.js";
import { parseTraceback } from "./parse-traceback.js";

const SITE = /[\\/](?:site|dist)-packages[\\/]([^\\/]+)/;
// Frames inside the interpreter's own library: skipped, they only pass the failure along.
const STDLIB = /^<[^>]+>$|[\\/]lib[\\/]python\d+(?:\.\d+)?t?[\\/](?!(?:site|dist)-packages[\\/])/;
const IMPORT_FROM = /cannot import name '[^']+' from '([\w.]+)'/;

/** The distribution name of a top-level import name or site-packages entry. */
export function distributionOf(topLevel: string, known: ImportNames = {}): string {
  return distributionsOfImport(topLevel, known)[0] ?? topLevel;
}

/**
 * The package to blame for the failure in `output`, or null (no traceback, or the innermost
 * non-stdlib frame is the job's own script). `known` maps import names to distributions when the
 * caller has read them from the environment.
 */
export function blameOf(output: string, known: ImportNames = {}): string | null {
  const traceback = parseTraceback(output);
  if (!traceback) return null;
  const importFrom = IMPORT_FROM.exec(traceback.message);
  if (/ImportError$/.test(traceback.type) && importFrom?.[1]) {
    return distributionOf(importFrom[1].split(".")[0] as string, known);
  }
  return blameOfFiles(
    [...traceback.frames].reverse().map((f) => f.file),
    known,
  );
}

/**
 * The package owning the innermost frame that is not the standard library, from frame files
 * innermost first (a traceback's, or a fault handler's crash site); null for the job's own code.
 */
export function blameOfFiles(files: string[], known: ImportNames = {}): string | null {
  const file = files.find((f) => !STDLIB.test(f));
  const site = file ? SITE.exec(file) : null;
  return site?.[1] ? distributionOf(site[1], known) : null;
}
