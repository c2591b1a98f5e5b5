/**
 * The bisect part of `npm run bench`, on one made-up regression (bench/bisect-world.ts: a pure-
 * Python upstream with 64 first-parent commits, broken at a known one, and a smoke job of about
 * 2 s), all measured in this run, side by side:
 *
 * 1. the script a skilled maintainer writes (bench/bisect-script.ts: `git bisect run`, one
 *    environment made once, `uv pip install --no-deps --reinstall` per step), the anchor;
 * 2. `matrix bisect --workers 1` through the built CLI (bench/bisect-matrix.ts): cold (fresh
 *    cache), then with the cache warm in three ways: nothing known about the range (the verdicts
 *    forgotten: environments, mirror and checkouts only), the bad end known as a night's cell
 *    leaves it, and every verdict of the range known (the same bisect again). The world's failure
 *    names `regpkg.scale`, which the breaking commit changed, so the search tries that suspect
 *    first; the same smoke failing with a message that names nothing (the quiet matrix) measures
 *    the plain search, its bad end known too. Its step overhead is the mean over the steps that
 *    ran of (seconds - smoke_seconds);
 * 3. `matrix nightly` on the world with an `upstream-regpkg` variant: the night's bisect of the
 *    new breakage, and where its endpoints' verdicts came from;
 * 4. the naive step (bench/bisect-naive.ts: a fresh venv and a full pip install per step), for the
 *    step-overhead ratio of DESIGN.md;
 * 5. rounds with `--workers 2` and `--workers 4`, each with a fresh cache.
 *
 * Targets: matrix / script wall time <= 0.7 with a warm cache (the bad end known, as in a night);
 * smoke runs <= ceil(log2 N) + 2; rounds with K workers <= ceil(log_(K+1) N) + 1; share of wall
 * time outside smoke runs <= 0.10 (warm, over the plain search: a search that needs fewer smoke
 * runs has a larger share outside them for the same overhead); step overhead naive / matrix >= 100; no smoke at either
 * endpoint in the night. The floor (matrix's smoke time / the script's wall) is what no overhead cut beats.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { resolveCacheDir } from "../src/adapters/machine.js";
import { locateUv } from "../src/adapters/uv-binary.js";
import { forgetCachedVerdict, listCachedVerdicts } from "../src/adapters/verdict-cache.js";
import { buildCli, cacheOf, type MatrixRun, runMatrixBisect } from "./bisect-matrix.js";
import { runNaiveBisect } from "./bisect-naive.js";
import { measureNightBisect } from "./bisect-night.js";
import { runScriptBisect } from "./bisect-script.js";
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
/** The target for matrix / script wall time, one worker, warm cache. */
export const WALL_RATIO = 0.7;
const OVERHEAD_RATIO = 100;
const OUTSIDE_SHARE = 0.1;

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

/** Forgets the cached verdicts of `cache` that `drop` names. */
async function forgetVerdicts(
  world: BisectWorld,
  cache: string,
  drop: (ref: string) => boolean,
): Promise<void> {
  const dir = cacheOf(world, cache);
  for (const { key, verdict } of await listCachedVerdicts(dir))
    if (drop(verdict.ref)) await forgetCachedVerdict(dir, key);
}

async function measure(world: BisectWorld): Promise<Figure[]> {
  const uv = await locateUv({ cacheDir: resolveCacheDir() });
  if (uv.path === null) throw new Error(`no uv: ${uv.why}`);
  const bad = world.shas[COMMITS - 1] as string;
  const script = await runScriptBisect(
    {
      dir: join(world.root, "script"),
      upstream: world.upstream,
      good: world.shas[0] as string,
      bad,
      // The world builds offline: nothing from an index, as matrix's local one is empty.
      install: ["--no-index", world.project],
      work: world.work,
      smoke: world.smoke,
    },
    uv.path,
  );
  const k1 = { workers: 1, cache: "cache-k1" };
  const cold = await runMatrixBisect(world, { ...k1, run: "k1-cold" });
  await forgetVerdicts(world, k1.cache, () => true);
  const unknown = await runMatrixBisect(world, { ...k1, run: "k1-nothing-known" });
  await forgetVerdicts(world, k1.cache, (ref) => ref !== bad);
  const night = await runMatrixBisect(world, { ...k1, run: "k1-bad-end-known" });
  const again = await runMatrixBisect(world, { ...k1, run: "k1-all-known" });
  // The failure that names nothing: the plain search, its bad end known as in a night.
  const quietWorld = { ...world, matrix: world.quietMatrix };
  await runMatrixBisect(quietWorld, { ...k1, run: "k1-quiet-nothing-known" });
  await forgetVerdicts(world, k1.cache, (ref) => ref !== bad);
  const quiet = await runMatrixBisect(quietWorld, { ...k1, run: "k1-quiet-bad-end-known" });
  const n = cold.candidates;
  const smokeTarget = ceilLog(2, n) + 2;
  const ratio = (run: MatrixRun) => run.wall / script.wall;
  const figures: Figure[] = [
    {
      name: "script (git bisect run, one env, uv --reinstall): first_bad right",
      value: script.firstBad === world.firstBad ? 1 : 0,
      unit: "yes",
      target: "= 1",
      ok: script.firstBad === world.firstBad,
    },
    { name: "script: wall time (clone, env made once, bisect)", value: script.wall, unit: "s" },
    { name: "script: of which the env made once", value: script.setup, unit: "s" },
    { name: "script: smoke runs", value: script.steps, unit: "runs" },
    { name: "script: per-step overhead (the reinstall)", value: script.overheadSeconds, unit: "s" },
  ];
  const cases: Array<[string, MatrixRun]> = [
    ["cold cache", cold],
    ["warm, nothing known", unknown],
    ["warm, bad end known", night],
    ["warm, all verdicts known", again],
    ["warm, bad end known, failure names nothing", quiet],
  ];
  for (const [label, run] of cases) {
    figures.push(
      found(run, world, n, label),
      { name: `matrix (${label}): wall time`, value: run.wall, unit: "s" },
      {
        name: `matrix (${label}): smoke runs`,
        value: run.steps,
        unit: "runs",
        target: `<= ${smokeTarget}`,
        ok: run.steps <= smokeTarget,
      },
      { name: `matrix (${label}): endpoints (${run.endpoints})`, value: run.steps, unit: "runs" },
      { name: `matrix (${label}): suspects tried first`, value: run.suspects, unit: "commits" },
      { name: `matrix (${label}) / script wall time`, value: ratio(run), unit: "ratio" },
    );
  }
  figures.push(
    roundsFigure(cold, n),
    {
      name: "matrix / script wall time, warm, bad end known",
      value: ratio(night),
      unit: "ratio",
      target: `<= ${WALL_RATIO}`,
      ok: ratio(night) <= WALL_RATIO,
    },
    {
      name: "matrix / script wall time, warm, bad end known, failure names nothing",
      value: ratio(quiet),
      unit: "ratio",
    },
    {
      name: "floor: matrix smoke time / script wall (bad end known)",
      value: night.smokeSeconds / script.wall,
      unit: "ratio",
    },
    {
      name: "matrix: per-step overhead, mean (warm, nothing known)",
      value: unknown.overheadSeconds,
      unit: "s",
    },
    { name: "matrix: per-step overhead, median", value: unknown.medianOverheadSeconds, unit: "s" },
    { name: "matrix: wall time outside steps (start, env, end)", value: unknown.outsideSteps, unit: "s" },
    // The share is taken over the plain search: a search that needs fewer smoke runs has a larger
    // share outside them for the same overhead (with every verdict known it is all of the wall).
    {
      name: "matrix: wall time outside smoke runs (warm, bad end known, plain search)",
      value: quiet.outsideShare,
      unit: "ratio",
      target: `<= ${OUTSIDE_SHARE}`,
      ok: quiet.outsideShare <= OUTSIDE_SHARE,
    },
    {
      name: "matrix: wall time outside smoke runs (warm, bad end known, suspect first)",
      value: night.outsideShare,
      unit: "ratio",
    },
  );
  figures.push(...(await measureNightBisect(world)));
  const naive = await runNaiveBisect(world);
  const overheadRatio = naive.overheadSeconds / unknown.overheadSeconds;
  figures.push(
    { name: "naive step (fresh venv + pip install): overhead", value: naive.overheadSeconds, unit: "s" },
    {
      name: "per-step overhead naive / matrix",
      value: overheadRatio,
      unit: "ratio",
      target: `>= ${OVERHEAD_RATIO}`,
      ok: overheadRatio >= OVERHEAD_RATIO,
    },
  );
  for (const workers of [2, 4]) {
    const run = await runMatrixBisect(world, { workers, run: `k${workers}`, cache: `cache-k${workers}` });
    figures.push(
      found(run, world, n, `--workers ${workers}, cold`),
      { name: `matrix --workers ${workers}: CLI wall time (fresh cache)`, value: run.wall, unit: "s" },
      { name: `matrix --workers ${workers}: smoke runs`, value: run.steps, unit: "runs" },
      roundsFigure(run, n),
    );
  }
  return figures;
}

function found(run: MatrixRun, world: BisectWorld, n: number, label: string): Figure {
  const right = run.status === "found" && run.firstBad === world.firstBad;
  return {
    name: `matrix (${label}): first_bad is commit ${BAD_INDEX} of ${n}`,
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
