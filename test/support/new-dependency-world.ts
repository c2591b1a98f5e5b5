/**
 * A bisect world where upstream adds a dependency on the way, as transformers added safetensors:
 *
 * - an upstream `fakeformers` git repo with 24 first-parent commits on `main`, built by the
 *   offline stdlib backend. From commit 8 on it declares `fakesafetensors>=1.0` and `fakeaccel>=1.0`
 *   (Requires-Dist in the wheel's METADATA) and imports `fakesafetensors` at import time; the
 *   project's requirements never mention `fakesafetensors`. Commit 17 brings the Trainer rename
 *   TypeError (mini-world's BREAKING_INIT);
 * - a branch `needs-missing` off commit 12: six good commits, then one that requires and imports
 *   `fakemissing>=1` (on no index at all), then the breaking one, which drops it again;
 * - a local index with fakeformers 1.0.0 .. 1.5.0 (1.3.0 adds the Requires-Dist and the import,
 *   1.4.0 breaks), fakesafetensors 1.0.0, fakedata 1.0.0, and fakeaccel 1.0.0 (the pin) and 2.0.0
 *   (which raises at import: were the bisect to move the third tracked package, a step would fail
 *   with another signature).
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { stringify } from "yaml";
import { addCommits, type CommitSpec, makeGitRepo } from "./git-repo.js";
import { type IndexServer, startIndexServer } from "./index-server.js";
import { makeWheel } from "./make-wheel.js";
import { BREAKING_INIT, fakeformersFiles, GOOD_INIT, type MiniWorld, makeMiniWorld } from "./mini-world.js";
import { makePyProject } from "./py-project.js";

/** Number of first-parent commits on main. */
export const COMMITS = 24;
/** The first commit that requires and imports fakesafetensors. */
export const NEW_DEPENDENCY_AT = 8;
/** The commit that introduces the regression. */
export const FIRST_BAD = 17;
/** The branch whose next-to-last commit needs a package no index has. */
export const MISSING_BRANCH = "needs-missing";
/** The commit of main the branch starts from. */
export const MISSING_BASE = 12;
/** Releases on the index; 1.3.0 adds the dependency, 1.4.0 breaks. */
export const RELEASES = ["1.0.0", "1.1.0", "1.2.0", "1.3.0", "1.4.0", "1.5.0"];

/** The dependencies upstream declares from commit 8 (and release 1.3.0) on. */
export const NEW_REQUIRES = ["fakesafetensors>=1.0", "fakeaccel>=1.0"];

const DEV_VERSION = "1.3.0.dev0";

/** `Fix generation (#41007)`: squash-merge titles, each naming its PR. */
export function titleOf(i: number): string {
  if (i === NEW_DEPENDENCY_AT) return `Load weights with fakesafetensors (#${41000 + i})`;
  if (i === FIRST_BAD) return `Rename tokenizer to processing_class in Trainer (#${41000 + i})`;
  return `${["Fix", "Refactor", "Clean up"][i % 3]} ${["generation", "docs", "logging", "padding"][i % 4]} (#${41000 + i})`;
}

/** The smoke job's script: reports what it could import first, then trains as minitune does. */
const SMOKE_PY = `"""The smoke job of the new-dependency bisects."""
import json
import os
import sys

import fakeaccel
import fakedata
import fakeformers


def emit(record):
    with open(os.environ["MATRIX_METRICS"], "a") as f:
        f.write(json.dumps(record) + "\\n")


# Written before training, so a candidate that then raises still says what it ran with.
emit({
    "fakeformers": fakeformers.__version__,
    "commit": getattr(fakeformers, "COMMIT", None),
    "fakeaccel": fakeaccel.__version__,
    "fakesafetensors": getattr(sys.modules.get("fakesafetensors"), "__version__", None),
})
trainer = fakeformers.Trainer(model={"lr": 0.1}, tokenizer="whitespace", train_dataset=fakedata.load_dataset())
trainer.train(steps=8, on_step=lambda step, loss: emit({"step": step, "loss": loss}))
`;

/** The smoke job every matrix of this world runs. */
export const SMOKE = {
  run: "python smoke.py",
  cwd: "../work",
  timeout: "1m",
  expect: { loss_decreases: 0.5 },
};

/** `fakeformers/__init__.py` importing the given modules first, as a library that needs them at import. */
function initOf(version: string, imports: string[], commit: number | null): string {
  const head = imports.map((m) => `import ${m}  # noqa: F401\n`).join("");
  const commitLine = commit === null ? "" : "from fakeformers._commit import COMMIT  # noqa: F401\n";
  return `${head}${commitLine}from fakeformers.trainer import Trainer  # noqa: F401\n\n__version__ = "${version}"\n`;
}

/** The build files of the stdlib-backend project with these Requires-Dist lines. */
async function buildFilesOf(requires: string[]): Promise<{ pyproject: string; backend: string }> {
  const scratch = await mkdtemp(join(tmpdir(), "matrix-newdep-build-"));
  try {
    await makePyProject({ name: "fakeformers", version: DEV_VERSION, requires }, scratch);
    const pyproject = await readFile(join(scratch, "pyproject.toml"), "utf8");
    const backend = await readFile(join(scratch, "_backend.py"), "utf8");
    // Said in [project] too, as a real project would; the backend writes them into METADATA.
    const deps = `dependencies = [${requires.map((r) => JSON.stringify(r)).join(", ")}]\n`;
    return { pyproject: requires.length > 0 ? `${pyproject}${deps}` : pyproject, backend };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/** The new-dependency world, on top of a mini world (its minitune project, folders and CLI). */
export interface NewDependencyWorld {
  mini: MiniWorld;
  root: string;
  index: IndexServer;
  upstreamUrl: string;
  /** SHAs of main, oldest first (index = commit number). */
  shas: string[];
  /** SHAs of the `needs-missing` branch after its base, oldest first (the last is the breaking one). */
  missingShas: string[];
  /** `matrices/newdep-commits.yml`: fakeformers pinned at commit 0, fakedata and fakeaccel pinned. */
  commitsMatrix: string;
  /** `matrices/newdep-releases.yml`: fakeformers==1.0.0 on the index. */
  releasesMatrix: string;
  close(): Promise<void>;
}

/** Builds the world under a new temp dir whose name starts with `prefix`. */
export async function makeNewDependencyWorld(prefix: string): Promise<NewDependencyWorld> {
  const mini = await makeMiniWorld(prefix);
  const root = mini.root;
  const wheels = join(root, "newdep-wheels");
  const released = (version: string) => {
    const i = RELEASES.indexOf(version);
    const imports = i >= 3 ? ["fakesafetensors"] : [];
    return makeWheel(
      {
        name: "fakeformers",
        version,
        files: {
          ...fakeformersFiles(version, i >= 4 ? BREAKING_INIT : GOOD_INIT),
          "fakeformers/__init__.py": initOf(version, imports, null),
        },
        ...(i >= 3 ? { requires: NEW_REQUIRES } : {}),
      },
      wheels,
    );
  };
  const simple = (name: string, version: string, body = "") =>
    makeWheel(
      { name, version, files: { [`${name}/__init__.py`]: `__version__ = "${version}"\n${body}` } },
      wheels,
    );
  await Promise.all([
    ...RELEASES.map(released),
    simple("fakesafetensors", "1.0.0", "\n\ndef load_file(path):\n    return {}\n"),
    simple("fakeaccel", "1.0.0"),
    simple("fakeaccel", "2.0.0", '\nraise RuntimeError("fakeaccel 2 dropped CPU support")\n'),
    simple("fakedata", "1.0.0", "\n\ndef load_dataset(n=16):\n    return [(1.0, 2.0)] * n\n"),
  ]);
  const index = await startIndexServer({ root: wheels });

  const plain = await buildFilesOf([]);
  const withDep = await buildFilesOf(NEW_REQUIRES);
  const withMissing = await buildFilesOf([...NEW_REQUIRES, "fakemissing>=1"]);
  const commit = (
    i: number,
    init: string,
    build: { pyproject: string; backend: string },
    imports: string[],
  ): Record<string, string> => ({
    ...fakeformersFiles(DEV_VERSION, init),
    "fakeformers/__init__.py": initOf(DEV_VERSION, imports, i),
    "fakeformers/_commit.py": `COMMIT = ${i}\n`,
    "pyproject.toml": build.pyproject,
    "_backend.py": build.backend,
  });

  const upstream = join(root, "upstreams", "fakeformers-newdep");
  const history: CommitSpec[] = Array.from({ length: COMMITS }, (_, i) => {
    const needs = i >= NEW_DEPENDENCY_AT;
    return {
      message: titleOf(i),
      files: commit(
        i,
        i >= FIRST_BAD ? BREAKING_INIT : GOOD_INIT,
        needs ? withDep : plain,
        needs ? ["fakesafetensors"] : [],
      ),
    };
  });
  const shas = await makeGitRepo(upstream, history);
  await execa("git", ["-C", upstream, "checkout", "-q", "-b", MISSING_BRANCH, shas[MISSING_BASE] as string]);
  const side: CommitSpec[] = [
    ...Array.from({ length: 6 }, (_, k) => ({
      message: `Fix docs ${k + 1} (#${42001 + k})`,
      files: commit(101 + k, GOOD_INIT, withDep, ["fakesafetensors"]),
    })),
    {
      message: "Use fakemissing for sharded checkpoints (#42007)",
      files: commit(107, GOOD_INIT, withMissing, ["fakesafetensors", "fakemissing"]),
    },
    {
      message: "Drop fakemissing; rename tokenizer to processing_class (#42008)",
      files: commit(108, BREAKING_INIT, withDep, ["fakesafetensors"]),
    },
  ];
  const missingShas = await addCommits(upstream, side);
  await execa("git", ["-C", upstream, "checkout", "-q", "main"]);
  const upstreamUrl = `file://${upstream}`;

  await writeFile(join(root, "work", "smoke.py"), SMOKE_PY);
  await writeFile(
    join(root, "reqs", "newdep-commits.txt"),
    `fakeformers @ git+${upstreamUrl}@${shas[0]}\nfakedata==1.0.0\nfakeaccel==1.0.0\n`,
  );
  await writeFile(
    join(root, "reqs", "newdep-releases.txt"),
    "fakeformers==1.0.0\nfakedata==1.0.0\nfakeaccel==1.0.0\n",
  );
  const writeMatrix = async (name: string, repo: string | null) => {
    const path = join("matrices", `newdep-${name}.yml`);
    const matrix = {
      name: `newdep-${name}`,
      project: { path: "../minitune", requirements: `../reqs/newdep-${name}.txt` },
      index: index.url,
      installer: "uv",
      packages: { fakeformers: repo ? { repo } : {}, fakedata: {}, fakeaccel: {} },
      variants: ["pinned"],
      jobs: { smoke: SMOKE },
    };
    await writeFile(join(root, path), stringify(matrix));
    return path;
  };

  return {
    mini,
    root,
    index,
    upstreamUrl,
    shas,
    missingShas,
    commitsMatrix: await writeMatrix("commits", upstreamUrl),
    releasesMatrix: await writeMatrix("releases", null),
    async close() {
      await index.close();
      await mini.close();
    },
  };
}
