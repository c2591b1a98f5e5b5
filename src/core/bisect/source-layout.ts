/**
 * Whether a commit's source tree can stand in for its wheel, and where its importable root is. A
 * bisect step then puts the tree on a `.pth` path instead of building and installing a wheel: no
 * build backend, no installer, a checkout of the changed files. That holds only for a pure-Python
 * package whose installed files all come straight from the tree: a wheel with compiled parts, a
 * `.data` folder or a `.pth` of its own, or any file the build generates (a `_version.py` written
 * by setuptools-scm) rules it out, since the tree would then not be what the wheel installs.
 */

/** The importable layout of a source tree: the folder that holds the top-level names. */
export interface SourceLayout {
  /** The root, relative to the repository, with a trailing slash (`src/`), or "" for the top. */
  importRoot: string;
  /** The top-level packages and modules the distribution installs (`regpkg`, `six.py`). */
  topLevel: string[];
}

/** The layout, or why the source tree cannot stand in for the wheel. */
export type SourceLayoutPlan = { ok: true; layout: SourceLayout } | { ok: false; reason: string };

/** What the plan reads: the installed distribution's RECORD and WHEEL, and the tree's file list. */
export interface SourceLayoutInput {
  /** The `*.dist-info` folder's name (its files are the metadata, not code). */
  distInfo: string;
  record: string;
  wheel: string;
  /** Every file of the source tree at the installed commit, relative to the repository. */
  files: readonly string[];
}

/** The path of a RECORD line (`path,hash,size`; the path may be quoted). */
function recordPath(line: string): string {
  const quoted = /^"((?:[^"]|"")*)"/.exec(line);
  if (quoted?.[1] !== undefined) return quoted[1].replace(/""/g, '"');
  const parts = line.split(",");
  return parts.slice(0, Math.max(1, parts.length - 2)).join(",");
}

/** Decides whether the tree can stand in for the wheel, and where it is imported from. */
export function planSourceLayout(input: SourceLayoutInput): SourceLayoutPlan {
  const wheel = input.wheel.split(/\r?\n/);
  const tags = wheel.filter((l) => l.startsWith("Tag:")).map((l) => l.slice(4).trim());
  if (
    !wheel.some((l) => /^Root-Is-Purelib:\s*true\s*$/i.test(l)) ||
    tags.some((t) => !t.endsWith("-none-any"))
  )
    return { ok: false, reason: `not pure Python (wheel tags ${tags.join(", ") || "unknown"})` };
  const installed = input.record
    .split(/\r?\n/)
    .filter((l) => l.trim() !== "")
    .map(recordPath)
    // Entry-point scripts (`../../../bin/x`) import the package and stay as they are.
    .filter(
      (p) => !p.startsWith(`${input.distInfo}/`) && !p.includes("__pycache__/") && !p.startsWith("../"),
    );
  const outside = installed.find((p) => p.endsWith(".pth") || /\.data\//.test(p));
  if (outside !== undefined)
    return { ok: false, reason: `the wheel installs ${outside}, which no path can stand for` };
  if (installed.length === 0) return { ok: false, reason: "the wheel installs no files" };
  const files = new Set(input.files);
  const probe = installed[0] as string;
  const roots = input.files
    .filter((f) => f === probe || f.endsWith(`/${probe}`))
    .map((f) => f.slice(0, f.length - probe.length));
  const importRoot = roots.find((root) => installed.every((p) => files.has(`${root}${p}`)));
  if (importRoot === undefined) {
    const missing = installed.find((p) => !roots.some((root) => files.has(`${root}${p}`))) ?? probe;
    return { ok: false, reason: `${missing} is made by the build, not in the source tree` };
  }
  const topLevel = [...new Set(installed.map((p) => p.split("/")[0] as string))];
  return { ok: true, layout: { importRoot, topLevel } };
}

/**
 * Pathspecs of the files a build may read beyond the package's own code: every file at the top
 * of the repository (pyproject.toml, setup.py, setup.cfg, MANIFEST.in, requirements files, an
 * in-tree backend such as `_backend.py`, CMakeLists.txt) and sources of compiled parts anywhere.
 */
export const BUILD_INPUT_PATHSPECS = [
  ":(top,glob)*",
  ...["c", "cc", "cpp", "cxx", "h", "hpp", "cu", "cuh", "pyx", "pxd", "rs", "f90"].map(
    (ext) => `:(top,glob)**/*.${ext}`,
  ),
];

/**
 * Pathspecs of every file that can change what a commit installs: the package's own files under
 * its import root and what its build reads. A commit that changed none of them installs the
 * files of its parent, so it shares its parent's verdict (see `changesInstall`).
 */
export function installPathspecs(layout: SourceLayout): string[] {
  return [...ownRootsOf(layout).map((root) => `:(top,literal)${root}`), ...BUILD_INPUT_PATHSPECS];
}

/**
 * The folders and modules that hold the package's files: its top-level names, or with a `src/`
 * style root the whole root (a top-level package added there ships without any build edit).
 */
function ownRootsOf(layout: SourceLayout): string[] {
  if (layout.importRoot !== "") return [layout.importRoot.replace(/\/$/, "")];
  return layout.topLevel;
}

/**
 * Whether a commit that changed `changed` (as matched by `installPathspecs`) changes what is
 * installed: a file of the package, or an input of its build. A top-level README, licence or
 * dotfile changes neither.
 */
export function changesInstall(changed: readonly string[], layout: SourceLayout): boolean {
  const own = ownRootsOf(layout);
  const ofPackage = (path: string) => own.some((root) => path === root || path.startsWith(`${root}/`));
  return changed.some(ofPackage) || buildInputsChanged(changed, layout).length > 0;
}

/** Top-level files no build reads: documentation, licences, repository settings. */
const NOT_BUILD =
  /^(.*\.(md|rst)|(LICEN[CS]E|COPYING|NOTICE|AUTHORS|CITATION|CODEOWNERS)(\..*)?|\..*|Makefile|conftest\.py)$/i;

/**
 * Of the files that differ between the installed commit and a candidate (as matched by
 * `BUILD_INPUT_PATHSPECS`), those that can change what the build makes: the candidate needs a
 * wheel when there is any. A top-level module of the package itself (`six.py`) is code, not build.
 */
export function buildInputsChanged(changed: readonly string[], layout: SourceLayout): string[] {
  return changed.filter((path) => {
    if (path.includes("/")) return true;
    return !NOT_BUILD.test(path) && !(layout.importRoot === "" && layout.topLevel.includes(path));
  });
}
