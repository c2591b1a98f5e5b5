/**
 * The strong anchor of the bisect bench: the script a skilled maintainer writes in ten lines.
 * One environment, made once (uv venv, the project and the package at the good commit), then
 * `git bisect run` over a clone of the upstream with a step that reinstalls the package from the
 * checkout (`uv pip install --no-deps --reinstall`) and runs the same smoke command as matrix's
 * job. Its setup and every step are timed by the script itself, so its overhead is measured.
 */
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import type { BisectWorld } from "./bisect-world.js";

/** git bisect run's step: 0 good, 1 bad, 125 skip (could not install). */
const SCRIPT_STEP = `#!/bin/sh
t0=$(date +%s%N)
"$SCRIPT_UV" pip install -q --python "$SCRIPT_VENV/bin/python" --no-deps --reinstall "$SCRIPT_CLONE" || exit 125
t1=$(date +%s%N)
cd "$SCRIPT_WORK" && PATH="$SCRIPT_VENV/bin:$PATH" $SCRIPT_SMOKE
rc=$?
t2=$(date +%s%N)
echo "$t0 $t1 $t2" >> "$SCRIPT_TIMES"
[ "$rc" -eq 0 ] || exit 1
`;

/** What the script did: wall time (setup included), its steps, its answer. */
export interface ScriptRun {
  /** From the clone to `git bisect reset`: what a maintainer waits for. */
  wall: number;
  /** The environment made once (venv, project, package at the good commit). */
  setup: number;
  steps: number;
  firstBad: string | null;
  /** Mean of (step - smoke): the reinstall. */
  overheadSeconds: number;
}

/** Runs the script over the world with `uv` (the same binary matrix uses) and its own uv cache. */
export async function runScriptBisect(world: BisectWorld, uv: string): Promise<ScriptRun> {
  const dir = join(world.root, "script");
  const clone = join(dir, "clone");
  const venv = join(dir, "venv");
  await mkdir(dir, { recursive: true });
  const script = join(dir, "step.sh");
  await writeFile(script, SCRIPT_STEP);
  await chmod(script, 0o755);
  const env = {
    UV_CACHE_DIR: join(dir, "uv-cache"),
    SCRIPT_UV: uv,
    SCRIPT_TIMES: join(dir, "times"),
    SCRIPT_VENV: venv,
    SCRIPT_CLONE: clone,
    SCRIPT_WORK: world.work,
    SCRIPT_SMOKE: world.smoke,
  };
  const run = (cmd: string, args: string[]) => execa(cmd, args, { env });
  const git = (...args: string[]) => run("git", ["-C", clone, ...args]);
  const started = performance.now();
  await run("git", ["clone", "-q", world.upstream, clone]);
  await git("checkout", "-q", world.shas[0] as string);
  await run(uv, ["venv", "-q", "--python", "python3", venv]);
  const py = ["--python", join(venv, "bin", "python")];
  await run(uv, ["pip", "install", "-q", ...py, "--no-index", clone, world.project]);
  const setup = (performance.now() - started) / 1000;
  await git("bisect", "start", "--first-parent", "main", world.shas[0] as string);
  const bisect = await git("bisect", "run", script);
  const firstBad = /^([0-9a-f]{40}) is the first bad commit/m.exec(String(bisect.stdout))?.[1] ?? null;
  await git("bisect", "reset");
  const wall = (performance.now() - started) / 1000;
  const steps = (await readFile(env.SCRIPT_TIMES, "utf8"))
    .trim()
    .split("\n")
    .map((line) => line.split(" ").map((ns) => Number(ns) / 1e9))
    .map(([t0 = 0, t1 = 0]) => t1 - t0);
  return {
    wall,
    setup,
    steps: steps.length,
    firstBad,
    overheadSeconds: steps.reduce((a, b) => a + b, 0) / Math.max(steps.length, 1),
  };
}
