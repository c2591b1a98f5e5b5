/**
 * matrix's side of the bisect bench: `matrix bisect` through the built CLI (`dist/bin.js`, what
 * the package's `matrix` binary runs; tsx would add its transpile-on-start to every figure), with
 * a fresh run folder and a cache the caller names (cold or warm), timed from outside. Every other figure comes from
 * the bisect record itself: each log entry's `seconds` (the whole step) and `smoke_seconds` (the
 * smoke job's processes alone).
 */
import { isAbsolute, join, resolve } from "node:path";
import { execa } from "execa";
import type { BisectWorld } from "./bisect-world.js";

const repo = resolve(import.meta.dirname, "..");

/** What one `matrix bisect` did, from outside (wall) and from its record. */
export interface MatrixRun {
  workers: number;
  /** The CLI's wall time: process start to exit. */
  wall: number;
  status: string;
  candidates: number;
  /** Commits between the ends that change nothing installed (never run). */
  inert: number;
  /** Commits that touch what the failure names, tried first. */
  suspects: number;
  steps: number;
  rounds: number;
  firstBad: string | null;
  /** Sum of the log's smoke_seconds: the time spent in smoke runs. */
  smokeSeconds: number;
  /** Mean over the steps that ran of (seconds - smoke_seconds): what a step costs beyond its smoke. */
  overheadSeconds: number;
  /** The median of the same: the first step of a worker also makes its clone and checkout. */
  medianOverheadSeconds: number;
  /** Where the endpoints' verdicts came from (`good not needed, bad run`). */
  endpoints: string;
  /** wall - sum of the log's seconds: CLI start, probe, mirror, base environment, record (K=1). */
  outsideSteps: number;
  /** (wall - smokeSeconds) / wall; with K workers, smoke runs overlap, so this is K=1's figure. */
  outsideShare: number;
}

/**
 * Builds `dist/` from the current sources (`npm run build`: tsc, then the bundled `dist/bin.js`
 * that the package ships), so the bench measures this tree as users start it, not an old build.
 */
export async function buildCli(): Promise<void> {
  await execa("npm", ["run", "build"], { cwd: repo });
}

/**
 * The median wall time of `node dist/bin.js --version` over `times` starts: what every command
 * pays before it does anything (the commands' modules load only when their verb runs).
 */
export async function measureCliStart(times = 5): Promise<number> {
  const seconds: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await execa("node", [join(repo, "dist", "bin.js"), "--version"]);
    seconds.push((performance.now() - started) / 1000);
  }
  return seconds.sort((a, b) => a - b)[Math.floor(times / 2)] as number;
}

/** The `MATRIX_CACHE` folder of the world named `name` (`cache-k1`). */
export function cacheOf(world: Pick<BisectWorld, "root">, name: string): string {
  return isAbsolute(name) ? name : join(world.root, name);
}

/**
 * Runs `matrix bisect --workers K` over the world in a new run folder `runs/<run>` with the cache
 * `cache` (a new name is a cold cache; a name used before keeps what that run left; an absolute
 * path is that folder, e.g. the machine's own cache) and reads its record.
 */
export async function runMatrixBisect(
  world: Pick<BisectWorld, "root" | "matrix" | "shas">,
  opts: { workers: number; run: string; cache: string; package?: string; bad?: string; job?: string },
): Promise<MatrixRun> {
  const workers = opts.workers;
  const args = [
    ...["bisect", "-m", world.matrix, "--package", opts.package ?? "regpkg", "--job", opts.job ?? "smoke"],
    ...["--good", world.shas[0] as string, "--bad", opts.bad ?? "main"],
    ...["--workers", String(workers), "--run", join(world.root, "runs", opts.run), "--json"],
  ];
  const started = performance.now();
  const cli = await execa("node", [join(repo, "dist", "bin.js"), ...args], {
    cwd: world.root,
    env: { NO_COLOR: "1", MATRIX_CACHE: cacheOf(world, opts.cache) },
    reject: false,
    timeout: 900_000,
  });
  const wall = (performance.now() - started) / 1000;
  let record: {
    status: string;
    candidates: number;
    inert?: number;
    suspects?: { refs: string[] };
    steps: number;
    rounds: number;
    first_bad: { ref: string } | null;
    log: Array<{ seconds: number | null; smoke_seconds: number | null; source: string }>;
    endpoints: { good: { source: string | null }; bad: { source: string | null } };
  };
  try {
    record = JSON.parse(String(cli.stdout));
  } catch {
    throw new Error(
      `matrix bisect --workers ${workers} gave no record (exit ${cli.exitCode}):\n${cli.stderr}`,
    );
  }
  // Only the steps that ran: a verdict from the night or the cache took no time.
  const ran = record.log.filter((l) => l.source === "run");
  const smokeSeconds = ran.reduce((a, l) => a + (l.smoke_seconds ?? 0), 0);
  const overheads = ran.map((l) => (l.seconds ?? 0) - (l.smoke_seconds ?? 0));
  const stepSeconds = ran.reduce((a, l) => a + (l.seconds ?? 0), 0);
  return {
    workers,
    wall,
    status: record.status,
    candidates: record.candidates,
    inert: record.inert ?? 0,
    suspects: record.suspects?.refs.length ?? 0,
    steps: record.steps,
    rounds: record.rounds,
    firstBad: record.first_bad?.ref ?? null,
    smokeSeconds,
    overheadSeconds: overheads.reduce((a, b) => a + b, 0) / Math.max(overheads.length, 1),
    medianOverheadSeconds: [...overheads].sort((a, b) => a - b)[Math.floor(overheads.length / 2)] ?? 0,
    endpoints: `good ${record.endpoints.good.source ?? "not needed"}, bad ${record.endpoints.bad.source ?? "not needed"}`,
    outsideSteps: wall - stepSeconds,
    outsideShare: (wall - smokeSeconds) / wall,
  };
}
