/**
 * A tiny but real Python world for `matrix run` / `matrix nightly` tests, with no torch: made-up
 * upstream packages as wheels on a local index, and `minitune`, a wrapper whose smoke job imports
 * them and reports metrics the way the real wrapper does. What the smoke shows depends on what
 * got installed, so every outcome a night can have is reachable from requirements alone:
 *
 * - fakeformers 1.0.0 (the pin): loss falls, the job passes.
 * - fakeformers 1.1.0: renamed `tokenizer` to `processing_class` and raises a TypeError from inside
 *   `fakeformers/trainer.py` (the breakage transformers 4.46 shipped), so blame is fakeformers.
 * - fakedata 2.0.0: pads every feature to zero; training "works", exits 0, and the loss is flat.
 * - fakedata 0.9.9 is not on the index at all: pinning it is an install error.
 * - `python -m minitune hang` / `flaky` stand for a wedged job and a wobbling one.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { type ResultRecord, resultRecordSchema } from "../../src/core/results/result-record.js";
import { addCommits, makeGitRepo } from "./git-repo.js";
import { type IndexServer, startIndexServer } from "./index-server.js";
import { makeWheel } from "./make-wheel.js";
import { makePyProject } from "./py-project.js";
import { type CliResult, runCli } from "./run-cli.js";

/** A linear model fitted by gradient descent; `init` is the only part versions differ in. */
const trainer = (
  init: string,
) => `"""The training loop: fits y = w * x and reports the squared error per step."""


class Trainer:
${init}
        self.lr = model["lr"]
        self.examples = list(train_dataset)

    def train(self, steps, on_step):
        w = 0.0
        for step in range(steps):
            x, y = self.examples[step % len(self.examples)]
            error = y - w * x
            on_step(step, error * error)
            w += self.lr * 2 * x * error
`;

/** The Trainer.__init__ of the good releases. */
export const GOOD_INIT = `    def __init__(self, model, tokenizer=None, train_dataset=()):
        self.tokenizer = tokenizer`;

// Written the way a library with a keyword-only signature check fails: the raise is in its own file.
export const BREAKING_INIT = `    def __init__(self, model, processing_class=None, train_dataset=(), **kwargs):
        for name in kwargs:
            raise TypeError(f"Trainer.__init__() got an unexpected keyword argument '{name}'")
        self.processing_class = processing_class`;

// Upstream main takes both spellings again (the fix a maintainer would hope for).
const UPSTREAM_INIT = `    def __init__(self, model, processing_class=None, train_dataset=(), tokenizer=None):
        self.processing_class = processing_class or tokenizer`;

/** The files of fakeformers at `version` with the given `Trainer.__init__`. */
export function fakeformersFiles(version: string, init: string): Record<string, string> {
  return {
    "fakeformers/__init__.py": `from fakeformers.trainer import Trainer\n\n__version__ = "${version}"\n`,
    "fakeformers/trainer.py": trainer(init),
  };
}

const fakedataFiles = (version: string, feature: number) => ({
  "fakedata/__init__.py": `__version__ = "${version}"\n\n\ndef load_dataset(n=16):\n    return [(${feature}, 2.0)] * n\n`,
});

const MINITUNE_MAIN = `"""minitune's smoke job: \`python -m minitune [train|hang|flaky]\`."""
import json
import os
import subprocess
import sys
import time

import fakedata
import fakeformers


def emit(record):
    with open(os.environ["MATRIX_METRICS"], "a") as f:
        f.write(json.dumps(record) + "\\n")


def train():
    trainer = fakeformers.Trainer(
        model={"lr": 0.1}, tokenizer="whitespace", train_dataset=fakedata.load_dataset()
    )
    trainer.train(steps=8, on_step=lambda step, loss: emit({"step": step, "loss": loss}))
    # The summary line says what the job could see: the harness's token must not be there.
    emit({
        "github_token": os.environ.get("GITHUB_TOKEN"),
        "variant": os.environ.get("MATRIX_VARIANT"),
        "fakeformers": fakeformers.__version__,
    })


def hang():
    # A worker that ignores SIGTERM, as a wedged dataloader does: only killing the group ends it.
    # It holds no pipe of the job's, so nothing would wait for it: the orphan nobody notices.
    worker = subprocess.Popen(
        [sys.executable, "-c", "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(1000)"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    with open(os.environ["MINI_PIDFILE"], "w") as f:
        f.write(str(worker.pid))
    time.sleep(1000)


def flaky():
    marker = os.environ["MINI_MARKER"]
    if not os.path.exists(marker):
        open(marker, "w").close()
        raise RuntimeError("NCCL watchdog timeout on the first try")
    train()


{"train": train, "hang": hang, "flaky": flaky}[sys.argv[1] if len(sys.argv) > 1 else "train"]()
`;

/** Requirements files the matrices may point at (under `reqs/`). */
export const REQUIREMENTS = {
  "pins.txt": "fakeformers==1.0.0\nfakedata==1.0.0\n",
  // The release candidate pins the breaking release: the gate must block.
  "broken-pin.txt": "fakeformers==1.1.0\nfakedata==1.0.0\n",
  // A version the index never had.
  "missing.txt": "fakeformers==1.0.0\nfakedata==0.9.9\n",
} as const;

/** The smoke job; the loss must halve (it falls to under 5 % with fakedata 1.0.0). */
export const SMOKE_JOB = {
  run: "python -m minitune train",
  cwd: "../work",
  timeout: "1m",
  expect: { loss_decreases: 0.5 },
};

/** What a matrix file of the mini world varies. */
export interface MiniMatrix {
  requirements: keyof typeof REQUIREMENTS;
  variants: string[];
  jobs: Record<string, Record<string, unknown>>;
  installer?: "uv" | "pip";
  /** A repo URL for fakeformers, so it gets upstream variants. */
  fakeformersRepo?: string;
}

/** A temp dir with the index, the project and the upstream repo, and helpers to drive the CLI in it. */
export interface MiniWorld {
  root: string;
  index: IndexServer;
  /** `file://` URL of the fakeformers upstream repository (branch main). */
  upstreamUrl: string;
  /** Its commits so far, oldest first. */
  upstreamShas: string[];
  /** Adds a commit on main that breaks the Trainer again; returns its SHA. */
  breakUpstream(): Promise<string>;
  /** Writes `matrices/<name>.yml` and returns its path relative to `root`. */
  writeMatrix(name: string, spec: MiniMatrix): Promise<string>;
  /** Runs `matrix ...args` in `root` with `MATRIX_CACHE` inside the temp dir (`cache` by default). */
  cli(args: string[], env?: Record<string, string>, cache?: string): Promise<CliResult>;
  close(): Promise<void>;
}

/** Builds the world under a new temp dir whose name starts with `prefix`. */
export async function makeMiniWorld(prefix: string): Promise<MiniWorld> {
  const root = await mkdtemp(join(tmpdir(), prefix));
  const wheels = join(root, "wheels");
  await Promise.all([
    makeWheel({ name: "fakeformers", version: "1.0.0", files: fakeformersFiles("1.0.0", GOOD_INIT) }, wheels),
    makeWheel(
      { name: "fakeformers", version: "1.1.0", files: fakeformersFiles("1.1.0", BREAKING_INIT) },
      wheels,
    ),
    makeWheel({ name: "fakedata", version: "1.0.0", files: fakedataFiles("1.0.0", 1.0) }, wheels),
    makeWheel({ name: "fakedata", version: "2.0.0", files: fakedataFiles("2.0.0", 0.0) }, wheels),
  ]);
  const index = await startIndexServer({ root: wheels });

  // The wrapper: requires both (installed --no-deps, so only the variant's requirements count).
  const project = await makePyProject(
    { name: "minitune", version: "0.1.0", requires: ["fakeformers", "fakedata"] },
    join(root, "minitune"),
  );
  await writeFile(join(project, "minitune", "__main__.py"), MINITUNE_MAIN);
  await mkdir(join(root, "reqs"));
  for (const [name, text] of Object.entries(REQUIREMENTS)) await writeFile(join(root, "reqs", name), text);
  // Jobs run here, not in the project folder, so `import minitune` proves the project was installed.
  await Promise.all(["work", "state", "matrices"].map((d) => mkdir(join(root, d))));

  // The upstream needs a build backend that works offline: py-project.ts's stdlib one.
  const upstream = join(root, "upstreams", "fakeformers");
  await makePyProject({ name: "fakeformers", version: "1.2.0.dev0" }, upstream);
  const upstreamShas = await makeGitRepo(upstream, [
    { message: "Accept tokenizer again (#101)", files: fakeformersFiles("1.2.0.dev0", UPSTREAM_INIT) },
  ]);

  return {
    root,
    index,
    upstreamUrl: `file://${upstream}`,
    upstreamShas,
    async breakUpstream() {
      const [sha = ""] = await addCommits(upstream, [
        { message: "Drop tokenizer (#102)", files: fakeformersFiles("1.2.0.dev0", BREAKING_INIT) },
      ]);
      upstreamShas.push(sha);
      return sha;
    },
    async writeMatrix(name, spec) {
      const matrix = {
        name: `mini-${name}`,
        project: { path: "../minitune", requirements: `../reqs/${spec.requirements}` },
        index: index.url,
        installer: spec.installer ?? "uv",
        packages: {
          fakeformers: spec.fakeformersRepo ? { repo: spec.fakeformersRepo } : {},
          fakedata: {},
        },
        variants: spec.variants,
        jobs: spec.jobs,
      };
      const path = join("matrices", `${name}.yml`);
      await writeFile(join(root, path), stringify(matrix));
      return path;
    },
    cli: (args, env = {}, cache = "cache") => runCli(args, root, { MATRIX_CACHE: join(root, cache), ...env }),
    async close() {
      await index.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

/** Reads and checks `results/<variant>--<job>.json` of a run folder against the record schema. */
export async function readResult(runDir: string, variant: string, job: string): Promise<ResultRecord> {
  const text = await readFile(join(runDir, "results", `${variant}--${job}.json`), "utf8");
  return resultRecordSchema.parse(JSON.parse(text));
}

/**
 * True when no process `pid` runs any more. An orphan reparented to an init that does not reap
 * stays a zombie (state Z): it runs nothing and holds nothing, so it counts as gone.
 */
export async function isGone(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
  if (stat === null) {
    try {
      process.kill(pid, 0);
      return false;
    } catch {
      return true;
    }
  }
  // `pid (comm) S ...`: the state follows the last `)`, comm may itself hold parentheses.
  return stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
}
