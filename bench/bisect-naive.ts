/**
 * The naive baseline of the bisect bench: `git bisect run` in a clone of the upstream, driving a
 * script that per step makes a fresh venv with the machine's python3, pip-installs the checkout
 * and the project, then runs the same smoke command as matrix's job. The script writes its own
 * timing file (step start, smoke start, smoke end per step), so its overhead per step is measured,
 * never assumed: overhead = step time - smoke time.
 */
import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import type { BisectWorld } from "./bisect-world.js";

/** Per step: a fresh venv, a full pip install of the checkout and the project, the smoke command. */
const NAIVE_STEP = `#!/bin/sh
# git bisect run's step: 0 good, 1 bad, 125 skip (could not install).
t0=$(date +%s%N)
rm -rf "$NAIVE_VENV"
python3 -m venv "$NAIVE_VENV" || exit 125
"$NAIVE_VENV/bin/pip" install -q --no-index --disable-pip-version-check "$NAIVE_CLONE" "$NAIVE_PROJECT" || exit 125
t1=$(date +%s%N)
cd "$NAIVE_WORK" && PATH="$NAIVE_VENV/bin:$PATH" $NAIVE_SMOKE
rc=$?
t2=$(date +%s%N)
echo "$t0 $t1 $t2" >> "$NAIVE_TIMES"
[ "$rc" -eq 0 ] || exit 1
`;

/** What the naive bisect did, from its own timing file. */
export interface NaiveRun {
  wall: number;
  steps: number;
  firstBad: string | null;
  /** Mean seconds of a whole step (venv + pip + smoke), from the script's first line to its last. */
  stepSeconds: number;
  /** Mean seconds of the smoke command in a step. */
  smokeSeconds: number;
  /** Mean of (step - smoke): the fresh venv and the full install. */
  overheadSeconds: number;
}

/** Runs `git bisect run` over the world's commits and reads its timing file. */
export async function runNaiveBisect(world: BisectWorld): Promise<NaiveRun> {
  const dir = join(world.root, "naive");
  const clone = join(dir, "clone");
  await mkdir(dir, { recursive: true });
  await execa("git", ["clone", "-q", world.upstream, clone]);
  const script = join(dir, "step.sh");
  await writeFile(script, NAIVE_STEP);
  await chmod(script, 0o755);
  const env = {
    NAIVE_TIMES: join(dir, "times"),
    NAIVE_VENV: join(dir, "venv"),
    NAIVE_CLONE: clone,
    NAIVE_PROJECT: world.project,
    NAIVE_WORK: world.work,
    NAIVE_SMOKE: world.smoke,
  };
  const git = (...args: string[]) => execa("git", ["-C", clone, ...args], { env });
  const started = performance.now();
  await git("bisect", "start", "--first-parent", "main", world.shas[0] as string);
  const run = await git("bisect", "run", script);
  const wall = (performance.now() - started) / 1000;
  const firstBad = /^([0-9a-f]{40}) is the first bad commit/m.exec(String(run.stdout))?.[1] ?? null;
  await git("bisect", "reset");
  const steps = (await readFile(env.NAIVE_TIMES, "utf8"))
    .trim()
    .split("\n")
    .map((line) => line.split(" ").map((ns) => Number(ns) / 1e9))
    .map(([t0 = 0, t1 = 0, t2 = 0]) => ({ step: t2 - t0, smoke: t2 - t1 }));
  const mean = (f: (s: { step: number; smoke: number }) => number) =>
    steps.reduce((a, s) => a + f(s), 0) / Math.max(steps.length, 1);
  return {
    wall,
    steps: steps.length,
    firstBad,
    stepSeconds: mean((s) => s.step),
    smokeSeconds: mean((s) => s.smoke),
    overheadSeconds: mean((s) => s.step - s.smoke),
  };
}
