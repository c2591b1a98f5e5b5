/**
 * The mini world with an upstream that has pull requests: a fakeformers repository on GitHub's
 * URL (`https://github.com/acme/fakeformers.git`, rewritten to a local folder by git's
 * `insteadOf`, so clones, fetches and uv's installs are real and GitHub is only faked for the
 * REST API), whose main broke at its second commit, and four pull request refs:
 *
 * - #201 off the good commit: drops `tokenizer` (the smoke job fails: regressed);
 * - #202 off the broken main: accepts `tokenizer` again (fixed);
 * - #203 off the good commit: each training step sleeps 30 % longer (slower);
 * - #204 off the good commit: the first Trainer of a run raises, later ones work (flaky);
 * - #205 off the good commit: harmless (the steps take as long as the base's), measured on a noisy
 *   machine: the first training run of the head in the world is 75 % slower per step, as a load
 *   that comes and goes would make it (a marker file makes the noise deterministic), later ones
 *   are not (passes-both once the reversed order rules the drift out).
 *
 * The trainer reports `train_steps_per_second` as the Hugging Face Trainer does, measured
 * around its loop, so the time per step is free of Python's start-up.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { stringify } from "yaml";
import { addCommits, makeGitRepo } from "./git-repo.js";
import { createIssueStore, type IssueStore } from "./github-issue-store.js";
import { type GitHubServer, startGitHubServer } from "./github-server.js";
import { BREAKING_INIT, GOOD_INIT, type MiniWorld, makeMiniWorld, SMOKE_JOB } from "./mini-world.js";
import { makePyProject } from "./py-project.js";
import type { CliResult } from "./run-cli.js";

/** Where the wrapper files its issues, and the upstream the comments go to. */
export const OWN_REPO = "acme/trainer";
export const UPSTREAM_REPO = "acme/fakeformers";
const UPSTREAM_URL = `https://github.com/${UPSTREAM_REPO}.git`;

/** Seconds a training step sleeps at the base, and at the head of #203 (30 % more). */
const BASE_STEP_S = 0.05;
const SLOW_STEP_S = 0.065;

/** #205's noise: the first run's steps sleep this much longer (75 % of a base step). */
const NOISE_STEP_S = 0.0375;

const NOISE = `
        marker = os.environ.get("PR_NOISE_MARKER")
        if marker and not os.path.exists(marker):
            open(marker, "w").close()
            noise = ${NOISE_STEP_S}`;

const trainer = (
  init: string,
  stepSeconds: number,
  noisy = false,
) => `"""The training loop: fits y = w * x."""
import json
import os
import time


class Trainer:
${init}
        self.lr = model["lr"]
        self.examples = list(train_dataset)

    def train(self, steps, on_step):
        w = 0.0
        noise = 0.0${noisy ? NOISE : ""}
        start = time.perf_counter()
        for step in range(steps):
            time.sleep(${stepSeconds} + noise)
            x, y = self.examples[step % len(self.examples)]
            error = y - w * x
            on_step(step, error * error)
            w += self.lr * 2 * x * error
        with open(os.environ["MATRIX_METRICS"], "a") as f:
            f.write(json.dumps({"train_steps_per_second": steps / (time.perf_counter() - start)}) + "\\n")
`;

const FLAKY_INIT = `    def __init__(self, model, tokenizer=None, train_dataset=()):
        marker = os.environ["PR_FLAKY_MARKER"]
        if not os.path.exists(marker):
            open(marker, "w").close()
            raise RuntimeError("CUDA error: an illegal memory access was encountered")
        self.tokenizer = tokenizer`;

const files = (init: string, stepSeconds = BASE_STEP_S, noisy = false) => ({
  "fakeformers/__init__.py": `from fakeformers.trainer import Trainer\n\n__version__ = "1.2.0.dev0"\n`,
  "fakeformers/trainer.py": trainer(init, stepSeconds, noisy),
});

/** The world, the local GitHub (own and upstream repositories, pull requests seeded), the matrix. */
export interface PrWorld {
  mini: MiniWorld;
  store: IssueStore;
  server: GitHubServer;
  /** The matrix file, relative to the world's root. */
  matrix: string;
  /** The environment every command gets: git's URL rewrite, the local API, the repositories. */
  env: Record<string, string>;
  cli(args: string[], env?: Record<string, string>): Promise<CliResult>;
  close(): Promise<void>;
}

/** Builds the upstream with its pull request refs, the GitHub stand-in and the matrix file. */
export async function makePrWorld(): Promise<PrWorld> {
  const mini = await makeMiniWorld("matrix-pr-");
  const dir = join(mini.root, "upstreams", "fakeformers-gh");
  await makePyProject({ name: "fakeformers", version: "1.2.0.dev0" }, dir);
  const [good = ""] = await makeGitRepo(dir, [{ message: "Trainer (#100)", files: files(GOOD_INIT) }]);
  await addCommits(dir, [{ message: "Drop tokenizer (#102)", files: files(BREAKING_INIT) }]);
  const pulls: Array<[number, string, string, Record<string, string>]> = [
    [201, good, "Rename tokenizer to processing_class", files(BREAKING_INIT)],
    [202, "main", "Accept tokenizer again", files(GOOD_INIT)],
    [203, good, "Log every step", files(GOOD_INIT, SLOW_STEP_S)],
    [204, good, "Warm up the CUDA context", files(FLAKY_INIT)],
    [205, good, "Fix a typo in the loop", files(GOOD_INIT, BASE_STEP_S, true)],
  ];
  const git = (...args: string[]) => execa("git", ["-C", dir, ...args]);
  for (const [n, from, title, content] of pulls) {
    await git("checkout", "-q", "-b", `pr-${n}`, from);
    const [sha = ""] = await addCommits(dir, [{ message: title, files: content }]);
    await git("update-ref", `refs/pull/${n}/head`, sha);
    await git("checkout", "-q", "main");
    // GitHub keeps a pull request's head under refs/pull/N/head only: no branch in the upstream.
    await git("branch", "-q", "-D", `pr-${n}`);
  }
  const store = createIssueStore({ repos: [OWN_REPO, UPSTREAM_REPO] });
  for (let n = 1; n <= 205; n++) {
    const pull = pulls.find(([number]) => number === n);
    store.seed(UPSTREAM_REPO, { title: pull?.[2] ?? `issue ${n}`, body: "", pull: pull !== undefined });
  }
  const server = await startGitHubServer({ routes: store.routes });
  const matrix = join("matrices", "pr.yml");
  const spec = {
    name: "mini-pr",
    project: { path: "../minitune", requirements: "../reqs/pins.txt" },
    index: mini.index.url,
    installer: "uv",
    packages: { fakeformers: { repo: UPSTREAM_URL, file_upstream: true }, fakedata: {} },
    variants: ["pinned", "upstream-fakeformers"],
    jobs: {
      smoke: {
        ...SMOKE_JOB,
        env: {
          PR_FLAKY_MARKER: join(mini.root, "state", "flaky-marker"),
          PR_NOISE_MARKER: join(mini.root, "state", "noise-marker"),
        },
      },
    },
  };
  await writeFile(join(mini.root, matrix), stringify(spec));
  const env = {
    GIT_CONFIG_COUNT: "1",
    GIT_CONFIG_KEY_0: `url.file://${dir}.insteadOf`,
    GIT_CONFIG_VALUE_0: UPSTREAM_URL,
    // uv asks GitHub's API first for github.com URLs; this machine reaches no GitHub.
    UV_NO_GITHUB_FAST_PATH: "1",
    GITHUB_API_URL: server.url,
    GITHUB_REPOSITORY: OWN_REPO,
  };
  return {
    mini,
    store,
    server,
    matrix,
    env,
    cli: (args, extra = {}) => mini.cli(args, { ...env, ...extra }),
    async close() {
      await server.close();
      await mini.close();
    },
  };
}
