/**
 * Turns a requirements tree plus a variant's edits into the files of the variant's folder.
 *
 * Layout: the root file becomes `requirements.txt`; an included file keeps its path relative to
 * the root file's folder, so pip (which resolves `-r`/`-c` against the including file) finds it
 * as before. A file outside that folder (`../common.txt`, an absolute path) cannot be mirrored
 * inside the variant folder, so it goes under `_included/` at its path relative to the root
 * folder with each `..` spelled `_up` (`../common/base.txt` -> `_included/_up/common/base.txt`),
 * and every include line pointing at a moved file is rewritten to the new relative path.
 *
 * Hashes: when an edit had to drop a requirement's `--hash` options, pip would still be in
 * hash-checking mode because of the other hashed lines, and would refuse the rewritten (and any
 * newly needed) requirement. So in that case every `--hash` and `--require-hashes` of the tree is
 * removed; the other lines stay pinned by version.
 */
import { posix } from "node:path";
import type { RequirementEdit, RequirementsDoc } from "./model.js";
import { parseRequirements, renderRequirements } from "./parse-requirements.js";
import { type RequirementsTree, relativePath, resolveIncludePath } from "./requirements-tree.js";
import { applyEdits, cutOptions, rewriteRequirement } from "./rewrite-requirement.js";

/** One file of a variant folder. */
export interface VariantFile {
  /** Path inside the variant folder, POSIX separators. */
  relPath: string;
  text: string;
}

/** The files a variant folder must hold for `edits` applied to `tree`; root file first. */
export function planVariantFiles(tree: RequirementsTree, edits: RequirementEdit[]): VariantFile[] {
  let docs = new Map<string, RequirementsDoc>();
  for (const [file, doc] of tree.docs) {
    docs.set(
      file,
      edits.reduce((d, e) => rewriteRequirement(d, e.name, e.target), doc),
    );
  }
  const hashesBefore = countHashes(tree.docs.values());
  if (countHashes(docs.values()) < hashesBefore)
    docs = new Map([...docs].map(([f, d]) => [f, stripHashes(d)]));

  const places = placeFiles(tree);
  const files: VariantFile[] = [];
  for (const [file, doc] of docs) {
    const place = places.get(file) ?? "requirements.txt";
    files.push({ relPath: place, text: renderRequirements(repointIncludes(doc, file, place, places)) });
  }
  return files;
}

function countHashes(docs: Iterable<RequirementsDoc>): number {
  let n = 0;
  for (const doc of docs) {
    for (const line of doc.lines)
      if (line.kind !== "blank") n += line.options.filter((o) => o.name === "--hash").length;
  }
  return n;
}

/** Removes every `--hash` and `--require-hashes` option of a document (see the module comment). */
export function stripHashes(doc: RequirementsDoc): RequirementsDoc {
  const lines = doc.lines.map((line) => {
    const cuts = [...cutOptions(line, "--hash"), ...cutOptions(line, "--require-hashes")];
    return cuts.length === 0 ? line : { ...line, raw: applyEdits(line.raw, cuts) };
  });
  return parseRequirements(renderRequirements({ file: doc.file, lines }), doc.file);
}

/** Variant-folder path of every file of the tree. */
function placeFiles(tree: RequirementsTree): Map<string, string> {
  const rootDir = tree.root.includes("/") ? tree.root.slice(0, tree.root.lastIndexOf("/")) || "/" : ".";
  const places = new Map<string, string>([[tree.root, "requirements.txt"]]);
  const taken = new Set(["requirements.txt"]);
  for (const file of tree.docs.keys()) {
    if (file === tree.root) continue;
    const rel = relativePath(rootDir, file);
    const escapes = rel.split("/")[0] === ".." || file.startsWith("/") !== tree.root.startsWith("/");
    let place = escapes ? `_included/${escapedName(rel, file)}` : rel;
    // A file that would land on another's place (e.g. a `requirements.txt` beside a differently named root).
    for (let n = 2; taken.has(place); n += 1) place = `_included/${n}/${rel.replace(/^(\.\.\/)+/, "")}`;
    taken.add(place);
    places.set(file, place);
  }
  return places;
}

function escapedName(rel: string, file: string): string {
  if (rel.split("/")[0] !== "..") return `_abs${file.startsWith("/") ? "" : "/"}${file}`;
  return rel
    .split("/")
    .map((s) => (s === ".." ? "_up" : s))
    .join("/");
}

/** Points each followed include line of `doc` at where its target now lives. */
function repointIncludes(
  doc: RequirementsDoc,
  file: string,
  place: string,
  places: Map<string, string>,
): RequirementsDoc {
  const placeDir = place.includes("/") ? place.slice(0, place.lastIndexOf("/")) : ".";
  let changed = false;
  const lines = doc.lines.map((line) => {
    if (line.kind !== "include") return line;
    const target = resolveIncludePath(file, line);
    const targetPlace = target === undefined ? undefined : places.get(target);
    if (targetPlace === undefined) return line;
    const wanted = relativePath(placeDir, targetPlace);
    if (wanted === posix.normalize(line.path)) return line;
    changed = true;
    const quoted = /[\s'"\\]/.test(wanted) ? `'${wanted}'` : wanted;
    return { ...line, raw: applyEdits(line.raw, [{ ...line.pathSpan, text: quoted }]) };
  });
  return changed ? parseRequirements(renderRequirements({ file: doc.file, lines }), doc.file) : doc;
}
