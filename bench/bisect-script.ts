/**
 * The strong anchor of the bisect bench: the script a skilled maintainer writes in ten lines.
 * One environment, made once (uv venv, the project and the package at the good commit), then
 * `git bisect run` over a clone of the upstream with a step that reinstalls the package from the
 * checkout (`uv pip install --no-deps --reinstall`: a build of the package by its own backend,
 * setuptools for PEFT) and runs the same smoke command as matrix's job. Its setup and every step
 * are timed by the script itself, so its overhead is measured. Used on the made-up world
 * (bench/bisect.ts) and on the real PEFT range (bench/real-history.ts).
 */
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";

/** What the script bisects, and with what. */
export interface ScriptPlan {
  /** Its own folder (clone, venv, uv cache unless `uvCache` names one, timing file). */
  dir: string;
  /** The upstream repository to clone. */
  upstream: string;
  good: string;
  bad: string;
  /** `uv pip install` arguments for the environment made once, besides the clone at `good`. */
  install: string[];
  /** Where the smoke runs, and the command (the matrix job's own). */
  work: string;
  smoke: string;
  /** A uv cache to share (the machine's, warm); default a fresh one under `dir`. */
  uvCache?: string;
  /**
   * `git clean -fdx` before each reinstall. setuptools keeps `build/lib` in the source tree and
   * copies it into the next wheel: a file a commit deleted stays installed (PEFT's Bone tuner
   * after #3051), and the script as first written names a wrong commit.
   */
  clean?: boolean;
}

/** git bisect run's step: 0 good, 1 bad, 125 skip (could not install). */
const SCRIPT_STEP = `#!/bin/sh
t0=$(date +%s%N)
[ -z "$SCRIPT_CLEAN" ] || git -C "$SCRIPT_CLONE" clean -fdxq
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

/** Runs the script as `plan` says with `uv` (the same binary matrix uses). */
export async function runScriptBisect(plan: ScriptPlan, uv: string): Promise<ScriptRun> {
  const dir = plan.dir;
  const clone = join(dir, "clone");
  const venv = join(dir, "venv");
  await mkdir(dir, { recursive: true });
  const script = join(dir, "step.sh");
  await writeFile(script, SCRIPT_STEP);
  await chmod(script, 0o755);
  const env = {
    UV_CACHE_DIR: plan.uvCache ?? join(dir, "uv-cache"),
    SCRIPT_UV: uv,
    SCRIPT_TIMES: join(dir, "times"),
    SCRIPT_VENV: venv,
    SCRIPT_CLONE: clone,
    SCRIPT_WORK: plan.work,
    SCRIPT_SMOKE: plan.smoke,
    SCRIPT_CLEAN: plan.clean ? "1" : "",
  };
  const run = (cmd: string, args: string[]) => execa(cmd, args, { env });
  const git = (...args: string[]) => run("git", ["-C", clone, ...args]);
  const started = performance.now();
  await run("git", ["clone", "-q", plan.upstream, clone]);
  await git("checkout", "-q", plan.good);
  await run(uv, ["venv", "-q", "--python", "python3", venv]);
  const py = ["--python", join(venv, "bin", "python")];
  await run(uv, ["pip", "install", "-q", ...py, clone, ...plan.install]);
  const setup = (performance.now() - started) / 1000;
  await git("bisect", "start", "--first-parent", plan.bad, plan.good);
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
