/**
 * The made-up regression `bench/bisect.ts` measures: `regpkg`, a pure-Python package whose upstream
 * git repo has `commits` first-parent commits and breaks at a known one, and `benchwrap`, a project
 * whose smoke job (`python -m benchwrap`, run outside the project folder) imports it, works for
 * `SMOKE_SECONDS` (a sleep standing for a short fine-tune) and checks one answer. Its failure names
 * `regpkg.scale`, which the breaking commit changed (the bisect's suspect); the quiet matrix's
 * smoke fails with a message that names nothing. Both build with
 * the standard-library backend of test/support/py-project.ts, so pip and uv install them offline;
 * the matrix's index is a local, empty one. Every commit changes the package, so none is inert:
 * matrix searches the same 63 places as `git bisect run` (the real range of bench/real-history.ts
 * has inert commits).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { stringify } from "yaml";
import { makeGitRepo } from "../test/support/git-repo.js";
import { type IndexServer, startIndexServer } from "../test/support/index-server.js";
import { makePyProject } from "../test/support/py-project.js";

/**
 * How long the smoke job works. A few seconds, as a real smoke fine-tune: with a smoke of a few
 * hundredths of a second the share of wall time outside smoke runs says nothing.
 */
export const SMOKE_SECONDS = 2;

/** Everything one bisect bench works on, under `root`. */
export interface BisectWorld {
  root: string;
  /** The upstream checkout (branch main). */
  upstream: string;
  /** Its first-parent commits, oldest first. */
  shas: string[];
  /** The first commit whose smoke run fails. */
  firstBad: string;
  /** The project the smoke job imports from. */
  project: string;
  /** Where the smoke job runs (not the project folder, so an import proves an install). */
  work: string;
  /** `matrices/bisect.yml`, relative to `root`. */
  matrix: string;
  /**
   * `matrices/bisect-quiet.yml`: the same smoke failing with a message that names no code
   * (`smoke check failed: got 63, expected 42`), so its bisect has no suspects: the plain search.
   */
  quietMatrix: string;
  /** The smoke command, as the matrix job runs it (and the naive baseline too). */
  smoke: string;
  index: IndexServer;
}

const PACKAGE = "regpkg";

/** `regpkg/__init__.py` at commit `i`: `scale` doubles until the regression, then triples. */
function packageInit(i: number, broken: boolean): string {
  return `__version__ = "0.1.0.dev0"
COMMIT = ${i}


def scale(x):
    return x * ${broken ? 3 : 2}


def check():
    got = scale(21)
    if got != 42:
        raise ValueError(f"regpkg.scale(21) returned {got}, expected 42")
    return got
`;
}

const WRAPPER_MAIN = `import sys
import time

import regpkg

# The training a real smoke job would do, after the import that proves the install.
time.sleep(${SMOKE_SECONDS})
if "--quiet" in sys.argv:
    # A check whose failure names no code, as a loss threshold's does: nothing to suspect.
    got = regpkg.scale(21)
    if got != 42:
        raise SystemExit(f"smoke check failed: got {got}, expected 42")
print("benchwrap smoke:", regpkg.check(), "at regpkg commit", regpkg.COMMIT)
`;

/** Builds the world in `root` (which must exist): `commits` commits, broken from `badIndex` on. */
export async function makeBisectWorld(root: string, commits: number, badIndex: number): Promise<BisectWorld> {
  const upstream = join(root, "upstreams", PACKAGE);
  await makePyProject({ name: PACKAGE, version: "0.1.0.dev0" }, upstream);
  const shas = await makeGitRepo(
    upstream,
    Array.from({ length: commits }, (_, i) => ({
      message: i === badIndex ? `Speed up scale() (#${1000 + i})` : `Change ${i} (#${1000 + i})`,
      files: { [`${PACKAGE}/__init__.py`]: packageInit(i, i >= badIndex) },
    })),
  );
  const first = shas[0] as string;
  const firstBad = shas[badIndex] as string;

  const project = await makePyProject(
    { name: "benchwrap", version: "0.1.0", requires: [PACKAGE] },
    join(root, "benchwrap"),
  );
  await writeFile(join(project, "benchwrap", "__main__.py"), WRAPPER_MAIN);
  const work = join(root, "work");
  await Promise.all(["work", "reqs", "matrices", "wheels"].map((d) => mkdir(join(root, d))));
  await writeFile(join(root, "reqs", "pins.txt"), `${PACKAGE} @ git+file://${upstream}@${first}\n`);
  const index = await startIndexServer({ root: join(root, "wheels") });

  const smoke = "python -m benchwrap";
  /** `matrices/<file>`: the world's project and upstream, with its own name, variants and smoke. */
  const writeMatrix = async (file: string, name: string, variants: string[], run: string) => {
    const path = join("matrices", file);
    await writeFile(
      join(root, path),
      stringify({
        name,
        project: { path: "../benchwrap", requirements: "../reqs/pins.txt" },
        index: index.url,
        installer: "uv",
        packages: { [PACKAGE]: { repo: `file://${upstream}` } },
        variants,
        jobs: { smoke: { run, cwd: "../work", timeout: "1m" } },
      }),
    );
    return path;
  };
  // The upstream variant is the night's (bench/bisect-night.ts); `matrix bisect` uses pinned.
  const matrix = await writeMatrix("bisect.yml", "bench-bisect", ["pinned", "upstream-regpkg"], smoke);
  // The same smoke failing with a message that names nothing: a matrix of its own, so the night
  // above bisects one job only (another command is another verdict key).
  const quietMatrix = await writeMatrix(
    "bisect-quiet.yml",
    "bench-bisect-quiet",
    ["pinned"],
    `${smoke} --quiet`,
  );
  return { root, upstream, shas, firstBad, project, work, matrix, quietMatrix, smoke, index };
}
