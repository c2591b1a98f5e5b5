/**
 * The bisect part of `npm run bench`, on one made-up regression (bench/bisect-world.ts: a pure-
 * Python upstream with 64 first-parent commits, broken at a known one, and a smoke job of about
 * 2 s), all measured in this run, side by side:
 *
 * 1. `matrix bisect --workers 1` through the built CLI (bench/bisect-matrix.ts), fresh run folder
 *    and fresh `MATRIX_CACHE`: its per-step overhead is the mean over the record's log of
 *    (seconds - smoke_seconds), its share of wall time outside smoke runs is
 *    (CLI wall time - sum of smoke_seconds) / CLI wall time;
 * 2. the naive baseline (bench/bisect-naive.ts): `git bisect run` with a fresh venv and a pip
 *    install per step, then the same smoke; its per-step overhead from its own timing file;
 * 3. rounds with `--workers 2` and `--workers 4`, each with a fresh run folder and a fresh cache.
 *
 * Targets: per-step overhead naive / matrix >= 30, share outside smoke runs <= 0.25, smoke runs
 * <= ceil(log2 N) + 2, rounds with K workers <= ceil(log_(K+1) N) + 1.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { buildCli, type MatrixRun, runMatrixBisect } from "./bisect-matrix.js";
import { runNaiveBisect } from "./bisect-naive.js";
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
const OVERHEAD_RATIO = 30;
const OUTSIDE_SHARE = 0.25;

/** The smallest r with base^r >= n, in integers (no float log rounding). */
export function ceilLog(base: number, n: number): number {
  let r = 0;
  for (let reach = 1; reach < n; reach *= base) r++;
  return r;
}

/** Runs the bisect bench in `scratch` and returns its figures. */
export async function benchBisect(scratch: string): Promise<Figure[]> {
  const root = join(scratch, "bisect");
  await mkdir(root, { recursive: true });
  const [world] = await Promise.all([makeBisectWorld(root, COMMITS, BAD_INDEX), buildCli()]);
  try {
    return await measure(world);
  } finally {
    await world.index.close();
  }
}

async function measure(world: BisectWorld): Promise<Figure[]> {
  const one = await runMatrixBisect(world, 1);
  const naive = await runNaiveBisect(world);
  const n = one.candidates;
  const smokeTarget = ceilLog(2, n) + 2;
  const ratio = naive.overheadSeconds / one.overheadSeconds;
  const figures: Figure[] = [
    found(one, world, n),
    { name: "matrix --workers 1: CLI wall time", value: one.wall, unit: "s" },
    { name: "matrix --workers 1: sum of smoke_seconds", value: one.smokeSeconds, unit: "s" },
    {
      name: `smoke runs over ${n} commits (--workers 1)`,
      value: one.steps,
      unit: "runs",
      target: `<= ${smokeTarget}`,
      ok: one.steps <= smokeTarget,
    },
    roundsFigure(one, n),
    { name: "matrix: per-step overhead (seconds - smoke_seconds)", value: one.overheadSeconds, unit: "s" },
    { name: "matrix: wall time outside steps (start, base env, end)", value: one.outsideSteps, unit: "s" },
    {
      name: "matrix: wall time outside smoke runs",
      value: one.outsideShare,
      unit: "ratio",
      target: `<= ${OUTSIDE_SHARE}`,
      ok: one.outsideShare <= OUTSIDE_SHARE,
    },
    {
      name: "naive (git bisect run): first_bad right",
      value: naive.firstBad === world.firstBad ? 1 : 0,
      unit: "yes",
    },
    { name: "naive: wall time", value: naive.wall, unit: "s" },
    { name: "naive: steps (endpoints untested)", value: naive.steps, unit: "runs" },
    { name: "naive: time per step (venv + pip + smoke)", value: naive.stepSeconds, unit: "s" },
    { name: "naive: of which the smoke command", value: naive.smokeSeconds, unit: "s" },
    { name: "naive: per-step overhead (step - smoke)", value: naive.overheadSeconds, unit: "s" },
    {
      name: "per-step overhead naive / matrix",
      value: ratio,
      unit: "ratio",
      target: `>= ${OVERHEAD_RATIO}`,
      ok: ratio >= OVERHEAD_RATIO,
    },
    { name: "wall time naive / matrix", value: naive.wall / one.wall, unit: "ratio" },
  ];
  for (const workers of [2, 4]) {
    const run = await runMatrixBisect(world, workers);
    figures.push(
      found(run, world, n),
      { name: `matrix --workers ${workers}: CLI wall time (fresh cache)`, value: run.wall, unit: "s" },
      { name: `matrix --workers ${workers}: smoke runs`, value: run.steps, unit: "runs" },
      { name: `matrix --workers ${workers}: per-step overhead`, value: run.overheadSeconds, unit: "s" },
      roundsFigure(run, n),
    );
  }
  return figures;
}

function found(run: MatrixRun, world: BisectWorld, n: number): Figure {
  const right = run.status === "found" && run.firstBad === world.firstBad;
  return {
    name: `matrix --workers ${run.workers}: first_bad is commit ${BAD_INDEX} of ${n}`,
    value: right ? 1 : 0,
    unit: "yes",
    target: "= 1",
    ok: right,
  };
}

function roundsFigure(run: MatrixRun, n: number): Figure {
  const target = ceilLog(run.workers + 1, n) + 1;
  return {
    name: `rounds with --workers ${run.workers} over ${n} commits`,
    value: run.rounds,
    unit: "rounds",
    target: `<= ${target}`,
    ok: run.rounds <= target,
  };
}
