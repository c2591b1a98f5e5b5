/**
 * The bisect part of `npm run bench`, on one made-up regression (bench/bisect-world.ts: a pure-
 * Python upstream with N first-parent commits, broken at a known one), all measured in this run:
 *
 * 1. `matrix bisect --workers 1` through the real CLI (fresh run folder, fresh `MATRIX_CACHE`):
 *    wall time, steps (= smoke runs, confirmations included), rounds, and whether first_bad is right;
 * 2. the naive baseline: `git bisect run` in a clone of the upstream, driving a script that per
 *    step makes a fresh venv with the machine's python3 and pip-installs the project and the
 *    checkout, then runs the same smoke command;
 * 3. rounds with `--workers 2` and `--workers 4`, each with a fresh run folder and a fresh cache.
 *
 * Targets (DESIGN.md): smoke runs <= ceil(log2 N) + 2, rounds <= ceil(log_(K+1) N) + 1, wall time
 * outside smoke runs <= 10 %, a step's overhead >= 30x less than a fresh venv + full install.
 */
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { runCli } from "../test/support/run-cli.js";
import { type BisectWorld, makeBisectWorld } from "./bisect-world.js";

/** One figure of the bench table. */
export interface Figure {
  name: string;
  value: number;
  unit: string;
  target?: string;
  ok?: boolean;
}

const COMMITS = 64;
const BAD_INDEX = 41;

/** The smallest r with base^r >= n, in integers (no float log rounding). */
export function ceilLog(base: number, n: number): number {
  let r = 0;
  for (let reach = 1; reach < n; reach *= base) r++;
  return r;
}

interface MatrixRun {
  wall: number;
  status: string;
  candidates: number;
  steps: number;
  rounds: number;
  firstBad: string | null;
  /** Mean of the log's per-step seconds (environment + smoke run). */
  stepSeconds: number;
}

async function runMatrixBisect(world: BisectWorld, workers: number): Promise<MatrixRun> {
  const tag = `k${workers}`;
  const args = [
    "bisect",
    "-m",
    world.matrix,
    "--package",
    "regpkg",
    "--good",
    world.shas[0] as string,
    "--bad",
    "main",
    "--job",
    "smoke",
    "--workers",
    String(workers),
    "--run",
    join(world.root, "runs", tag),
    "--json",
  ];
  const started = performance.now();
  const cli = await runCli(args, world.root, { MATRIX_CACHE: join(world.root, `cache-${tag}`) });
  const wall = (performance.now() - started) / 1000;
  let record: {
    status: string;
    candidates: number;
    steps: number;
    rounds: number;
    first_bad: { ref: string } | null;
    log: Array<{ seconds: number }>;
  };
  try {
    record = JSON.parse(cli.stdout);
  } catch {
    throw new Error(
      `matrix bisect --workers ${workers} gave no record (exit ${cli.exitCode}):\n${cli.stderr}`,
    );
  }
  const seconds = record.log.map((l) => l.seconds);
  return {
    wall,
    status: record.status,
    candidates: record.candidates,
    steps: record.steps,
    rounds: record.rounds,
    firstBad: record.first_bad?.ref ?? null,
    stepSeconds: seconds.reduce((a, b) => a + b, 0) / Math.max(seconds.length, 1),
  };
}

/** Per step: a fresh venv, a full pip install of the project and the checkout, the smoke command. */
const NAIVE_STEP = `#!/bin/sh
# git bisect run's step: 0 good, 1 bad, 125 skip (could not install).
echo step >> "$NAIVE_COUNT"
t0=$(date +%s%N)
rm -rf "$NAIVE_VENV"
python3 -m venv "$NAIVE_VENV" || exit 125
"$NAIVE_VENV/bin/pip" install -q --no-index --disable-pip-version-check "$NAIVE_CLONE" "$NAIVE_PROJECT" || exit 125
t1=$(date +%s%N)
cd "$NAIVE_WORK" && $NAIVE_SMOKE
rc=$?
t2=$(date +%s%N)
echo "$((t1 - t0)) $((t2 - t1))" >> "$NAIVE_TIMES"
[ "$rc" -eq 0 ] || exit 1
`;

interface NaiveRun {
  wall: number;
  steps: number;
  firstBad: string | null;
  /** Mean seconds of venv + pip install per step. */
  installSeconds: number;
  /** Mean seconds of the smoke command itself per step. */
  smokeSeconds: number;
}

async function runNaiveBisect(world: BisectWorld): Promise<NaiveRun> {
  const dir = join(world.root, "naive");
  const clone = join(dir, "clone");
  await mkdir(dir, { recursive: true });
  await execa("git", ["clone", "-q", world.upstream, clone]);
  const script = join(dir, "step.sh");
  await writeFile(script, NAIVE_STEP);
  await chmod(script, 0o755);
  const env = {
    NAIVE_COUNT: join(dir, "count"),
    NAIVE_TIMES: join(dir, "times"),
    NAIVE_VENV: join(dir, "venv"),
    NAIVE_CLONE: clone,
    NAIVE_PROJECT: world.project,
    NAIVE_WORK: world.work,
    NAIVE_SMOKE: `${join(dir, "venv", "bin")}/${world.smoke}`,
  };
  const git = (...args: string[]) => execa("git", ["-C", clone, ...args], { env });
  const started = performance.now();
  await git("bisect", "start", "--first-parent", "main", world.shas[0] as string);
  const run = await git("bisect", "run", script);
  const wall = (performance.now() - started) / 1000;
  const firstBad = /^([0-9a-f]{40}) is the first bad commit/m.exec(String(run.stdout))?.[1] ?? null;
  await git("bisect", "reset");
  const steps = (await readFile(env.NAIVE_COUNT, "utf8")).trim().split("\n").length;
  const times = (await readFile(env.NAIVE_TIMES, "utf8"))
    .trim()
    .split("\n")
    .map((line) => line.split(" ").map((ns) => Number(ns) / 1e9));
  const mean = (i: number) => times.reduce((a, t) => a + (t[i] ?? 0), 0) / Math.max(times.length, 1);
  return { wall, steps, firstBad, installSeconds: mean(0), smokeSeconds: mean(1) };
}

/** Runs the bisect bench in `scratch` and returns its figures. */
export async function benchBisect(scratch: string): Promise<Figure[]> {
  const root = join(scratch, "bisect");
  await mkdir(root, { recursive: true });
  const world = await makeBisectWorld(root, COMMITS, BAD_INDEX);
  try {
    return await measure(world);
  } finally {
    await world.index.close();
  }
}

async function measure(world: BisectWorld): Promise<Figure[]> {
  const figures: Figure[] = [];
  const one = await runMatrixBisect(world, 1);
  const naive = await runNaiveBisect(world);
  const n = one.candidates;
  const right = one.status === "found" && one.firstBad === world.firstBad;
  figures.push({
    name: `matrix bisect: first_bad is commit ${BAD_INDEX} of ${n}`,
    value: right ? 1 : 0,
    unit: "yes",
    target: "= 1",
    ok: right,
  });
  figures.push({ name: "matrix bisect --workers 1: wall time", value: one.wall, unit: "s" });
  const smokeTarget = ceilLog(2, n) + 2;
  figures.push({
    name: `smoke runs over ${n} commits (--workers 1)`,
    value: one.steps,
    unit: "runs",
    target: `<= ${smokeTarget}`,
    ok: one.steps <= smokeTarget,
  });
  const naiveRight = naive.firstBad === world.firstBad;
  figures.push({ name: "git bisect run (naive): first_bad right", value: naiveRight ? 1 : 0, unit: "yes" });
  figures.push({ name: "git bisect run (naive): wall time", value: naive.wall, unit: "s" });
  figures.push({
    name: "git bisect run (naive): steps (endpoints untested)",
    value: naive.steps,
    unit: "runs",
  });
  figures.push({ name: "wall time naive / matrix", value: naive.wall / one.wall, unit: "ratio" });
  const naiveStep = naive.wall / naive.steps;
  figures.push({ name: "naive: time per step (venv + pip + smoke)", value: naiveStep, unit: "s" });
  figures.push({ name: "naive: of which venv + pip install", value: naive.installSeconds, unit: "s" });
  figures.push({ name: "naive: of which the smoke command", value: naive.smokeSeconds, unit: "s" });
  figures.push({ name: "matrix: time per step (from its log)", value: one.stepSeconds, unit: "s" });
  figures.push({
    name: "per-step time naive / matrix",
    value: naiveStep / one.stepSeconds,
    unit: "ratio",
    target: ">= 30",
    ok: naiveStep / one.stepSeconds >= 30,
  });
  // The smoke command is the same in both; its time in the naive venv stands for matrix's too.
  const matrixOverhead = Math.max(one.stepSeconds - naive.smokeSeconds, 0.001);
  figures.push({
    name: "per-step overhead (step - smoke) naive / matrix",
    value: naive.installSeconds / matrixOverhead,
    unit: "ratio",
  });
  const outside = Math.max(one.wall - one.steps * naive.smokeSeconds, 0) / one.wall;
  figures.push({
    name: "matrix wall time outside smoke runs (estimate)",
    value: outside,
    unit: "ratio",
    target: "<= 0.10",
    ok: outside <= 0.1,
  });
  figures.push(roundsFigure(1, one, n));
  for (const workers of [2, 4]) {
    const run = await runMatrixBisect(world, workers);
    const found = run.status === "found" && run.firstBad === world.firstBad;
    figures.push({
      name: `--workers ${workers}: first_bad right`,
      value: found ? 1 : 0,
      unit: "yes",
      target: "= 1",
      ok: found,
    });
    figures.push({ name: `--workers ${workers}: wall time (fresh cache)`, value: run.wall, unit: "s" });
    figures.push({ name: `--workers ${workers}: smoke runs`, value: run.steps, unit: "runs" });
    figures.push(roundsFigure(workers, run, n));
  }
  return figures;
}

function roundsFigure(workers: number, run: MatrixRun, n: number): Figure {
  const target = ceilLog(workers + 1, n) + 1;
  return {
    name: `rounds with --workers ${workers} over ${n} commits`,
    value: run.rounds,
    unit: "rounds",
    target: `<= ${target}`,
    ok: run.rounds <= target,
  };
}
