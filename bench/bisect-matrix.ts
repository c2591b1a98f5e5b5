/**
 * matrix's side of the bisect bench: `matrix bisect` through the built CLI (`dist/bin.js`, what
 * the package's `matrix` binary runs; tsx would add its transpile-on-start to every figure), with
 * a fresh run folder and a fresh `MATRIX_CACHE`, timed from outside. Every other figure comes from
 * the bisect record itself: each log entry's `seconds` (the whole step) and `smoke_seconds` (the
 * smoke job's processes alone).
 */
import { join, resolve } from "node:path";
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
  steps: number;
  rounds: number;
  firstBad: string | null;
  /** Sum of the log's smoke_seconds: the time spent in smoke runs. */
  smokeSeconds: number;
  /** Mean over the log of (seconds - smoke_seconds): what a step costs beyond its smoke. */
  overheadSeconds: number;
  /** wall - sum of the log's seconds: CLI start, probe, mirror, base environment, record (K=1). */
  outsideSteps: number;
  /** (wall - smokeSeconds) / wall; with K workers, smoke runs overlap, so this is K=1's figure. */
  outsideShare: number;
}

/** Compiles `dist/` from the current sources, so the bench measures this tree, not an old build. */
export async function buildCli(): Promise<void> {
  await execa("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: repo });
}

/** Runs `matrix bisect --workers K` over the world (fresh run folder and cache) and reads its record. */
export async function runMatrixBisect(world: BisectWorld, workers: number): Promise<MatrixRun> {
  const tag = `k${workers}`;
  const args = [
    ...["bisect", "-m", world.matrix, "--package", "regpkg", "--job", "smoke"],
    ...["--good", world.shas[0] as string, "--bad", "main"],
    ...["--workers", String(workers), "--run", join(world.root, "runs", tag), "--json"],
  ];
  const started = performance.now();
  const cli = await execa("node", [join(repo, "dist", "bin.js"), ...args], {
    cwd: world.root,
    env: { NO_COLOR: "1", MATRIX_CACHE: join(world.root, `cache-${tag}`) },
    reject: false,
    timeout: 900_000,
  });
  const wall = (performance.now() - started) / 1000;
  let record: {
    status: string;
    candidates: number;
    steps: number;
    rounds: number;
    first_bad: { ref: string } | null;
    log: Array<{ seconds: number; smoke_seconds: number | null }>;
  };
  try {
    record = JSON.parse(String(cli.stdout));
  } catch {
    throw new Error(
      `matrix bisect --workers ${workers} gave no record (exit ${cli.exitCode}):\n${cli.stderr}`,
    );
  }
  const smokeSeconds = record.log.reduce((a, l) => a + (l.smoke_seconds ?? 0), 0);
  const overheads = record.log.map((l) => l.seconds - (l.smoke_seconds ?? 0));
  const stepSeconds = record.log.reduce((a, l) => a + l.seconds, 0);
  return {
    workers,
    wall,
    status: record.status,
    candidates: record.candidates,
    steps: record.steps,
    rounds: record.rounds,
    firstBad: record.first_bad?.ref ?? null,
    smokeSeconds,
    overheadSeconds: overheads.reduce((a, b) => a + b, 0) / Math.max(overheads.length, 1),
    outsideSteps: wall - stepSeconds,
    outsideShare: (wall - smokeSeconds) / wall,
  };
}
