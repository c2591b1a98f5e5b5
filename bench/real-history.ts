/**
 * `npm run bench -- --only peft`: `matrix bisect` over the real PEFT history, where the true
 * culprit is known. PEFT removed its deprecated Bone method in 2e49b6f ("CHORE: Remove deprecated
 * Bone method (#3051)"); a smoke job that needs the Bone tuner passes before it and fails from it
 * on. The range is 25 first-parent commits before the culprit to 14 after it (40 candidates).
 *
 * The upstream is a local mirror of huggingface/peft (`$MATRIX_PEFT_MIRROR`, default
 * /work/.mirror/huggingface+peft/repo); without one the part says so and measures nothing. The
 * smoke (`python -m peftprobe`) looks for `peft/tuners/bone` in the peft the environment holds,
 * without importing torch, then works for SMOKE_SECONDS as the made-up world's smoke does (a
 * stand-in for a short fine-tune), so a step costs its install, a Python start and that.
 *
 * The script a maintainer writes (bench/bisect-script.ts) bisects the same range in the same run,
 * on the same warm uv cache: its reinstall per step is a real build of PEFT by setuptools, and
 * it runs every commit, the inert ones too. It runs twice: as first written, which names a wrong
 * commit here (setuptools' stale `build/lib` keeps the deleted Bone tuner in every later wheel),
 * and with `git clean -fdx` before each reinstall, the form that is right and the ratio's anchor. matrix / script wall time is the figure the made-up
 * world cannot show (there every commit changes the package and the build costs nothing). The other packages are
 * those of the embedded wrapper's pins (torch and friends from PyPI): the bench's cache shares the
 * machine's uv cache (a symlink), so a used machine downloads nothing, and keeps its own
 * environments, mirror and verdicts, so every run bisects afresh. Beside the run, the search is
 * replayed for every possible culprit of the range (bench/bisect-expected.ts): smoke runs with
 * every commit searched against the inert ones (tests, docs, CI) left out.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { execa } from "execa";
import { stringify } from "yaml";
import { resolveCacheDir } from "../src/adapters/machine.js";
import { locateUv } from "../src/adapters/uv-binary.js";
import { makePyProject } from "../test/support/py-project.js";
import { type Figure, WALL_RATIO } from "./bisect.js";
import { expectSmokes } from "./bisect-expected.js";
import { buildCli, runMatrixBisect } from "./bisect-matrix.js";
import { runScriptBisect } from "./bisect-script.js";
import { SMOKE_SECONDS } from "./bisect-world.js";

const CULPRIT = "2e49b6f6878cf0ed13d7f4ab4c2d92b796ecdfb9";
const BEFORE = 25;
const AFTER = 14;
const repo = resolve(import.meta.dirname, "..");

const PROBE_MAIN = `import importlib.util
import os
import time

# Where the installed peft lives, without importing it (its import needs torch, seconds of it).
spec = importlib.util.find_spec("peft")
root = list(spec.submodule_search_locations)[0]
if not os.path.isfile(os.path.join(root, "tuners", "bone", "__init__.py")):
    raise ImportError("peft has no Bone tuner (peft.tuners.bone)")
# The training a real smoke job would do, after the check that reads the install.
time.sleep(${SMOKE_SECONDS})
print("peftprobe: Bone tuner present in", root)
`;

/** The wrapper's pins except peft: what the other packages are. */
async function otherPins(): Promise<string[]> {
  const text = await readFile(join(repo, "fixtures/wrapper/requirements.txt"), "utf8");
  return text
    .split("\n")
    .map((l) => l.replace(/#.*/, "").trim())
    .filter((l) => l !== "" && !l.startsWith("peft") && !l.startsWith("bitsandbytes"));
}

/** Runs the PEFT bisect in `scratch`; no mirror, no figures (and a line saying why). */
export async function benchRealHistory(scratch: string, env = process.env): Promise<Figure[]> {
  const mirror = env.MATRIX_PEFT_MIRROR ?? "/work/.mirror/huggingface+peft/repo";
  if (!existsSync(mirror)) {
    console.error(`bench peft: no PEFT mirror at ${mirror} (set MATRIX_PEFT_MIRROR); skipped`);
    return [];
  }
  const git = async (...args: string[]) => (await execa("git", ["--git-dir", mirror, ...args])).stdout.trim();
  const good = await git("rev-parse", `${CULPRIT}~${BEFORE}`);
  const after = (await git("rev-list", "--first-parent", "--ancestry-path", `${CULPRIT}..main`)).split("\n");
  const bad = after[after.length - AFTER] as string;
  const root = join(scratch, "peft");
  await Promise.all(
    ["work", "reqs", "matrices", "cache"].map((d) => mkdir(join(root, d), { recursive: true })),
  );
  await symlink(join(resolveCacheDir(), "uv"), join(root, "cache", "uv"));
  const project = await makePyProject(
    { name: "peftprobe", version: "0.1.0", requires: ["peft"] },
    join(root, "peftprobe"),
  );
  await writeFile(join(project, "peftprobe", "__main__.py"), PROBE_MAIN);
  const pins = [`peft @ git+file://${mirror}@${good}`, ...(await otherPins())];
  await writeFile(join(root, "reqs", "pins.txt"), `${pins.join("\n")}\n`);
  const matrix = join("matrices", "peft.yml");
  await writeFile(
    join(root, matrix),
    stringify({
      name: "bench-peft",
      project: { path: "../peftprobe", requirements: "../reqs/pins.txt" },
      installer: "uv",
      packages: { peft: { repo: `file://${mirror}` } },
      variants: ["pinned"],
      jobs: { smoke: { run: "python -m peftprobe", cwd: "../work", timeout: "5m" } },
    }),
  );
  await buildCli();
  const uv = await locateUv({ cacheDir: resolveCacheDir() });
  if (uv.path === null) throw new Error(`no uv: ${uv.why}`);
  const scriptPlan = {
    upstream: mirror,
    good,
    bad,
    install: [project, ...(await otherPins())],
    work: join(root, "work"),
    smoke: "python -m peftprobe",
    uvCache: join(resolveCacheDir(), "uv"),
  };
  const asWritten = await runScriptBisect({ ...scriptPlan, dir: join(root, "script") }, uv.path);
  const script = await runScriptBisect(
    { ...scriptPlan, dir: join(root, "script-clean"), clean: true },
    uv.path,
  );
  const world = { root, matrix, shas: [good] };
  const run = await runMatrixBisect(world, {
    workers: 1,
    run: "peft",
    cache: join(root, "cache"),
    package: "peft",
    bad,
  });
  const right = run.status === "found" && run.firstBad === CULPRIT;
  if (!right) console.error(`bench peft: ${run.status}, first bad ${run.firstBad}, expected ${CULPRIT}`);
  for (const [label, s] of [
    ["as written", asWritten],
    ["with git clean", script],
  ] as const)
    if (s.firstBad !== CULPRIT)
      console.error(`bench peft: the script ${label} named ${s.firstBad}, not ${CULPRIT}`);
  const ratio = run.wall / script.wall;
  return [
    {
      name: "peft: script as written (uv --reinstall per step): first_bad right",
      value: asWritten.firstBad === CULPRIT ? 1 : 0,
      unit: "yes",
    },
    { name: "peft: script as written: wall time", value: asWritten.wall, unit: "s" },
    {
      name: "peft: script with git clean -fdx per step: first_bad right",
      value: script.firstBad === CULPRIT ? 1 : 0,
      unit: "yes",
      target: "= 1",
      ok: script.firstBad === CULPRIT,
    },
    { name: "peft: script (clean) wall time (clone, env made once, bisect)", value: script.wall, unit: "s" },
    { name: "peft: script (clean), of which the env made once", value: script.setup, unit: "s" },
    { name: "peft: script (clean) smoke runs", value: script.steps, unit: "runs" },
    {
      name: "peft: script (clean) per-step overhead (a setuptools build of PEFT)",
      value: script.overheadSeconds,
      unit: "s",
    },
    {
      name: "peft: matrix / script (clean) wall time, cold environments, warm uv cache",
      value: ratio,
      unit: "ratio",
      target: `<= ${WALL_RATIO}`,
      ok: ratio <= WALL_RATIO,
    },
    {
      name: `peft: first_bad is ${CULPRIT.slice(0, 9)} (#3051) of ${run.candidates}`,
      value: right ? 1 : 0,
      unit: "yes",
      target: "= 1",
      ok: right,
    },
    { name: `peft: smoke runs (endpoints: ${run.endpoints})`, value: run.steps, unit: "runs" },
    {
      name: "peft: suspects tried first (commits touching what the failure names)",
      value: run.suspects,
      unit: "commits",
    },
    { name: "peft: matrix wall time (cold environment, warm uv cache)", value: run.wall, unit: "s" },
    { name: "peft: wall time outside steps (start, env, end)", value: run.outsideSteps, unit: "s" },
    { name: "peft: per-step overhead, median", value: run.medianOverheadSeconds, unit: "s" },
    {
      name: `peft: commits between the ends that change nothing installed (of ${run.candidates - 2})`,
      value: run.inert,
      unit: "commits",
    },
    ...(await expectedFigures(join(root, "runs", "peft", "bisect", "peft--smoke.state.json"))),
  ];
}

/** Smoke runs over every possible culprit of the range, all candidates against inert ones left out. */
async function expectedFigures(stateFile: string): Promise<Figure[]> {
  const e = await expectSmokes(stateFile);
  const round = (x: number) => Math.round(x * 100) / 100;
  const over = `over the range's ${e.culprits} possible culprits, bad end known`;
  return [
    {
      name: `peft: smoke runs, every commit searched, mean ${over}`,
      value: round(e.plainMean),
      unit: "runs",
    },
    { name: "peft: smoke runs, every commit searched, most", value: e.plainMax, unit: "runs" },
    { name: "peft: smoke runs, inert commits left out, mean", value: round(e.inertMean), unit: "runs" },
    { name: "peft: smoke runs, inert commits left out, most", value: e.inertMax, unit: "runs" },
    {
      name: `peft: smoke runs, the run's ${e.suspects} suspect(s) first (wrong for all culprits but one), mean`,
      value: round(e.suspectMean),
      unit: "runs",
    },
    { name: "peft: smoke runs, the run's suspect(s) first, most", value: e.suspectMax, unit: "runs" },
  ];
}
