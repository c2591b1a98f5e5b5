/**
 * End to end: `matrix pr` on the embedded default's wrapper (tinytune, real torch, transformers,
 * PEFT and accelerate from PyPI, on CPU), one knob cell (the cheapest smoke of the default, the
 * combination the wrapper accepts as is) at a pull request of PEFT against the pull request's
 * base. GitHub is out of reach, so a local repository stands in for PEFT: the pinned release's
 * sdist from PyPI, committed on `main`, with `refs/pull/1/head` one harmless commit on top. Both
 * sides learn alike: `passes-both`, both sides' numbers in the report, and the run's record in
 * `history/pr/`. The pinned environment (the knob verdicts') is warm from nightly-cpu.test.ts;
 * pr-base and pr-head are new environments on a machine's first run, then reused.
 */
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveCacheDir } from "../../src/adapters/machine.js";
import { prRecordSchema } from "../../src/core/history/pr-record.js";
import type { PrReport } from "../../src/core/pr/pr-report.js";
import { loadProject } from "../../src/engine/project/load-project.js";
import { addCommits } from "../support/git-repo.js";
import { runCli } from "../support/run-cli.js";

const repo = resolve(import.meta.dirname, "../..");
const DEFAULT = join(repo, "matrices", "default.yml");
/** The default's knob combination that runs as written (no heal): 12 steps, the shortest smoke. */
const OK = "nogc-fl0-adamw_torch";
const CELL = `knob-smoke--${OK}`;
let root: string;
let peft: string;
let run: { exitCode: number; stdout: string; stderr: string };
let wall = 0;

/**
 * A local PEFT at the pinned release (its sdist), with pull request #1 a harmless commit on top,
 * kept in the matrix cache (`e2e/peft-<version>`): its commits have fixed authors and dates, so
 * its SHAs, URL and thus the pr-base and pr-head environments are the same on every run, and
 * only the first run on a machine builds them. Made under a temporary name, renamed into place.
 */
async function localPeft(): Promise<string> {
  const pin = (await loadProject(DEFAULT)).pins.peft ?? "";
  const version = /==\s*([^;\s]+)/.exec(pin)?.[1];
  expect(version, `the default pins peft exactly: ${pin}`).toBeDefined();
  const dir = join(resolveCacheDir(), "e2e", `peft-${version}`);
  if (await verify(dir)) return dir;
  const work = await mkdtemp(join(tmpdir(), "matrix-e2e-peft-"));
  try {
    const spec = `peft==${version}`;
    await execa("python3", ["-m", "pip", "download", spec, "--no-deps", "--no-binary", ":all:", "-d", work], {
      env: { PIP_DISABLE_PIP_VERSION_CHECK: "1" },
    });
    const archive = (await readdir(work)).find((n) => n.startsWith("peft-") && n.endsWith(".tar.gz"));
    expect(archive, "pip downloaded the sdist").toBeDefined();
    await execa("tar", ["xzf", archive as string, "--no-same-owner"], { cwd: work });
    const tree = join(work, (archive as string).replace(/\.tar\.gz$/, ""));
    await execa("git", ["init", "-q", "-b", "main", tree]);
    await addCommits(tree, [{ message: `peft ${version} (sdist)`, files: {} }]);
    await execa("git", ["-C", tree, "checkout", "-q", "-b", "pr-1"]);
    const [head] = await addCommits(tree, [
      { message: "docs: a harmless change", files: { "NOTES.md": "A pull request that changes no code.\n" } },
    ]);
    await execa("git", ["-C", tree, "update-ref", "refs/pull/1/head", head as string]);
    await execa("git", ["-C", tree, "checkout", "-q", "main"]);
    await mkdir(dirname(dir), { recursive: true });
    // Another run may have put the same repository (same SHAs) in place meanwhile: keep it.
    if ((await verify(dir)) === false) {
      await rm(dir, { recursive: true, force: true });
      await rename(tree, dir).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOTEMPTY" && error.code !== "EEXIST") throw error;
      });
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return dir;
}

/** Whether `dir` is the stand-in, whole: a repository with the pull request's ref. */
async function verify(dir: string): Promise<boolean> {
  const made = await execa("git", ["-C", dir, "rev-parse", "--verify", "-q", "refs/pull/1/head"], {
    reject: false,
  });
  return made.exitCode === 0;
}

/** The default matrix with PEFT's repository at the local stand-in and the project by absolute path. */
async function writeMatrix(peft: string): Promise<string> {
  const text = await readFile(DEFAULT, "utf8");
  const edits: Array<[RegExp, string]> = [
    [/path: \.\.\/fixtures\/wrapper\n/, `path: ${join(repo, "fixtures/wrapper")}\n`],
    [
      /requirements: \.\.\/fixtures\/wrapper\/requirements\.txt/,
      `requirements: ${join(repo, "fixtures/wrapper/requirements.txt")}`,
    ],
    [/peft: \{ repo: [^,}]+/, `peft: { repo: file://${peft}`],
  ];
  let copy = text;
  for (const [from, to] of edits) {
    expect(copy, `the default matrix has ${from}`).toMatch(from);
    copy = copy.replace(from, to);
  }
  // The machine is shared: time and memory wander between two runs of the same code, so the
  // limits are wide here; the A/B thresholds themselves are tested in test/integration/pr-command.
  copy += "pr: { max_slowdown: 500%, max_memory_growth: 50%, max_loss_delta: 0.02 }\n";
  const path = join(root, "matrix.yml");
  await writeFile(path, copy);
  return path;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "matrix-e2e-pr-"));
  await mkdir(join(root, "reports"));
  peft = await localPeft();
  const matrix = await writeMatrix(peft);
  const started = performance.now();
  run = await runCli(
    [
      "pr",
      "-m",
      matrix,
      "--package",
      "peft",
      "--pr",
      "1",
      "--job",
      "knob-smoke",
      "--knobs",
      OK,
      "--reports",
      join(root, "reports"),
      "--json",
    ],
    repo,
    {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/root",
      GITHUB_TOKEN: "ghp_e2e_must_not_leak",
    },
  );
  wall = (performance.now() - started) / 1000;
});

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

const report = () => JSON.parse(run.stdout) as PrReport;

describe("matrix pr on the embedded default (a local PEFT pull request, real PyPI packages, CPU)", () => {
  it("judges the harmless pull request passes-both, exit 0", () => {
    expect(run.exitCode, run.stderr).toBe(0);
    const r = report();
    expect(r.cells.map((c) => [c.job, c.verdict])).toEqual([[CELL, "passes-both"]]);
    expect(r.base.sha).not.toBe(r.head.sha);
    expect(r.requirements.head).toContain(`peft @ git+file://${peft}@${r.head.sha}`);
    expect(r.requirements.base).toContain(`@${r.base.sha}`);
    const t = r.seconds;
    console.log(
      `matrix pr on the embedded default (${CELL}): ${wall.toFixed(1)}s wall; ${t.total}s = resolve ${t.resolve}s + environments ${t.environments}s + jobs ${t.jobs}s`,
    );
  });

  it("measures both sides: the same loss (same seed, same code), a time per step and a peak memory each", async () => {
    const [cell] = report().cells;
    for (const side of [cell?.base, cell?.head]) {
      expect(side?.status).toBe("pass");
      expect(side?.numbers.finalLoss).toBeGreaterThan(0);
      expect(side?.numbers.secondsPerStep).toBeGreaterThan(0);
      expect(side?.numbers.peakMemoryMb).toBeGreaterThan(0);
    }
    expect(cell?.head.numbers.finalLoss).toBeCloseTo(cell?.base.numbers.finalLoss ?? Number.NaN, 4);
    const markdown = await readFile(join(report().run, "pr.md"), "utf8");
    const row = markdown.split("\n").find((l) => l.startsWith(`| \`${CELL}\``)) ?? "";
    expect(row.match(/pass: loss \d+\.\d+, \d+(\.\d+)? s\/step, \d+(\.\d+)? MB/g)).toHaveLength(2);
    // The knob cell's healed config, named as a reader's checkout has it: not by this runner's path.
    expect(cell?.command).toMatch(/^python -m tinytune train \.\.\/\S+\/knobs\/knob-smoke\/\S+\.yml$/);
    expect(row).not.toMatch(/ \/(tmp|work|home|root)\//);
  });

  it("leaves its record in history/pr/, not among the nights, with no secret", async () => {
    const history = join(root, "reports", "history");
    const name = report().run.split("/").pop();
    const text = await readFile(join(history, "pr", `${name}.json`), "utf8");
    const record = prRecordSchema.parse(JSON.parse(text));
    expect(record).toMatchObject({ matrix: "tinytune-cpu", package: "peft", pr: 1, url: null });
    expect(record.cells.map((c) => c.verdict)).toEqual(["passes-both"]);
    expect((await readdir(history)).filter((n) => n.endsWith(".json"))).toEqual([]);
    expect(text + run.stdout + run.stderr).not.toContain("ghp_e2e_must_not_leak");
  });
});
