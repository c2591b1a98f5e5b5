/**
 * What `matrix bisect` tests search, on top of the mini world's `minitune` project and smoke job:
 *
 * - an upstream `fakeformers` git repo with 64 first-parent commits on `main`, built by the
 *   offline stdlib backend, whose Trainer starts raising the TypeError at commit 41; commit 32
 *   and commits 47-48 cannot be built; commit 43 fails differently (an ImportError at import);
 *   and a branch `side` off commit 10 whose only commits before its breaking one are unbuildable;
 * - a local index with fakeformers 1.0.0 .. 1.19.0 (breaking from 1.13.0), plus releases a
 *   bisect must leave out: a breaking yanked 1.12.1, a breaking pre-release 1.13.0rc1, a yanked
 *   1.20.0 and a pre-release 1.21.0rc1 (newer than any final release).
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { stringify } from "yaml";
import { addCommits, type CommitSpec, makeGitRepo } from "./git-repo.js";
import { type IndexServer, startIndexServer } from "./index-server.js";
import { makeWheel } from "./make-wheel.js";
import {
  BREAKING_INIT,
  fakeformersFiles,
  GOOD_INIT,
  type MiniWorld,
  makeMiniWorld,
  SMOKE_JOB,
} from "./mini-world.js";
import { makePyProject } from "./py-project.js";

/** The commit (index on main) that introduces the regression. */
export const FIRST_BAD = 41;
/** Commits whose build fails: a broken pyproject.toml (32), a backend that raises (47, 48). */
export const UNBUILDABLE = [32, 47, 48];
/** A commit that fails with another signature: `import fakeformers` raises ModuleNotFoundError. */
export const DIFFERENT = [43];
/** Number of first-parent commits on main. */
export const COMMITS = 64;

const TOPICS = ["generation", "attention mask", "docs", "tokenizer cache", "logging", "padding side"];
const VERBS = ["Fix", "Refactor", "Speed up", "Clean up"];

/** `Fix generation (#35007)`: squash-merge titles, each naming its PR. */
export function titleOf(i: number): string {
  if (i === FIRST_BAD) return `Rename tokenizer to processing_class in Trainer (#${35000 + i})`;
  return `${VERBS[i % VERBS.length]} ${TOPICS[i % TOPICS.length]} (#${35000 + i})`;
}

/** The bisect world: the mini world plus the history, the side branch and the releases index. */
export interface BisectWorld {
  mini: MiniWorld;
  root: string;
  /** `file://` URL of the 64-commit upstream. */
  upstreamUrl: string;
  /** SHAs of main, oldest first (index = commit number). */
  shas: string[];
  /** SHAs of the side branch off commit 10, oldest first (the last is the breaking one). */
  sideShas: string[];
  /** The index with the many releases. */
  index: IndexServer;
  /** `matrices/<name>.yml` pinning fakeformers at commit 0 of the upstream (commit bisects). */
  commitsMatrix: string;
  /** `matrices/<name>.yml` pinning fakeformers==1.0.0 on the releases index. */
  releasesMatrix: string;
  /** `git log -1 --format=%aI` of a commit of the upstream. */
  authorDateOf(sha: string): Promise<string>;
  close(): Promise<void>;
}

/** Builds the bisect world in a mini world whose temp dir starts with `prefix`. */
export async function makeBisectWorld(prefix: string): Promise<BisectWorld> {
  const mini = await makeMiniWorld(prefix);
  const root = mini.root;
  const wheels = join(root, "bisect-wheels");
  const releases = Array.from({ length: 20 }, (_, i) => `1.${i}.0`);
  const broken = (v: string) => ["1.12.1", "1.13.0rc1"].includes(v) || /^1\.(1[3-9])\.0$/.test(v);
  await Promise.all([
    ...[...releases, "1.12.1", "1.13.0rc1", "1.20.0", "1.21.0rc1"].map((version) =>
      makeWheel(
        {
          name: "fakeformers",
          version,
          files: fakeformersFiles(version, broken(version) ? BREAKING_INIT : GOOD_INIT),
        },
        wheels,
      ),
    ),
    makeWheel(
      {
        name: "fakedata",
        version: "1.0.0",
        files: {
          "fakedata/__init__.py": `__version__ = "1.0.0"\n\n\ndef load_dataset(n=16):\n    return [(1.0, 2.0)] * n\n`,
        },
      },
      wheels,
    ),
  ]);
  const index = await startIndexServer({ root: wheels, yanked: { fakeformers: ["1.12.1", "1.20.0"] } });

  const upstream = join(root, "upstreams", "fakeformers-history");
  await makePyProject({ name: "fakeformers", version: "1.3.0.dev0" }, upstream);
  const pyproject = await readFile(join(upstream, "pyproject.toml"), "utf8");
  const backend = await readFile(join(upstream, "_backend.py"), "utf8");
  const brokenPyproject = pyproject.replace("[build-system]", "[build-system");
  const brokenBackend = `${backend}\n\ndef build_wheel(wheel_directory, config_settings=None, metadata_directory=None):\n    raise RuntimeError("generated sources missing: run make codegen first")\n`;
  const history: CommitSpec[] = Array.from({ length: COMMITS }, (_, i) => {
    const files: Record<string, string> = {
      ...fakeformersFiles("1.3.0.dev0", i >= FIRST_BAD ? BREAKING_INIT : GOOD_INIT),
      // Every commit changes the package, so none is inert: the search may run any of them.
      "fakeformers/_commit.py": `COMMIT = ${i}\n`,
      "pyproject.toml": i === 32 ? brokenPyproject : pyproject,
      "_backend.py": i === 47 || i === 48 ? brokenBackend : backend,
    };
    if (DIFFERENT.includes(i)) {
      files["fakeformers/__init__.py"] =
        `from fakeformers import _kernels  # noqa: F401\nfrom fakeformers.trainer import Trainer\n\n__version__ = "1.3.0.dev0"\n`;
    }
    return { message: titleOf(i), files };
  });
  const shas = await makeGitRepo(upstream, history);
  // A side branch off commit 10: two unbuildable commits, then the breaking one.
  await execa("git", ["-C", upstream, "checkout", "-q", "-b", "side", shas[10] as string]);
  const sideShas = await addCommits(upstream, [
    { message: "Move to a generated build (#36001)", files: { "pyproject.toml": brokenPyproject } },
    { message: "Add codegen step (#36002)", files: { "fakeformers/_commit.py": "COMMIT = 102\n" } },
    {
      message: "Rename tokenizer, fix the build (#36003)",
      files: { ...fakeformersFiles("1.3.0.dev0", BREAKING_INIT), "pyproject.toml": pyproject },
    },
  ]);
  await execa("git", ["-C", upstream, "checkout", "-q", "main"]);
  const upstreamUrl = `file://${upstream}`;

  await writeFile(
    join(root, "reqs", "bisect-commits.txt"),
    `fakeformers @ git+${upstreamUrl}@${shas[0]}\nfakedata==1.0.0\n`,
  );
  await writeFile(join(root, "reqs", "bisect-releases.txt"), "fakeformers==1.0.0\nfakedata==1.0.0\n");
  const writeMatrix = async (name: string, requirements: string, repo: string | null) => {
    const path = join("matrices", `${name}.yml`);
    const matrix = {
      name: `bisect-${name}`,
      project: { path: "../minitune", requirements: `../reqs/${requirements}` },
      index: index.url,
      installer: "uv",
      packages: { fakeformers: repo ? { repo } : {}, fakedata: {} },
      variants: ["pinned"],
      jobs: { smoke: SMOKE_JOB },
    };
    await writeFile(join(root, path), stringify(matrix));
    return path;
  };

  return {
    mini,
    root,
    upstreamUrl,
    shas,
    sideShas,
    index,
    commitsMatrix: await writeMatrix("commits", "bisect-commits.txt", upstreamUrl),
    releasesMatrix: await writeMatrix("releases", "bisect-releases.txt", null),
    async authorDateOf(sha) {
      return (await execa("git", ["-C", upstream, "log", "-1", "--format=%aI", sha])).stdout.trim();
    },
    async close() {
      await index.close();
      await mini.close();
    },
  };
}
