/**
 * `npm run bench`: speed goals as ratios measured in this one run (DESIGN.md's Targets), never
 * as absolute times in a unit test. Each figure is measured here, now, on this machine:
 *
 * - warm night vs cold night: building the embedded wrapper's pinned environment (torch and its
 *   CUDA libraries from PyPI) with an empty cache, then asking for it again (target <= 5 %);
 * - a new environment on a warm download cache (what a new variant costs on a used machine);
 * - one environment with uv vs with pip, both from cold caches, on a torch-free set from PyPI;
 * - bisect (bench/bisect.ts): `matrix bisect` vs `git bisect run` with a naive reinstall per step;
 * - dashboard (bench/dashboard.ts): 365 nights x 40 cells drawn in Chromium vs one night;
 * - project edit (bench/project-edit.ts): a comment in matrix.yml and a module edit reuse the
 *   dependency layer and reinstall only the project, against the layer's cold build;
 * - peft (bench/real-history.ts): `matrix bisect` over the real PEFT history names its true culprit,
 *   and against the script a maintainer writes on that range, its wall time as a ratio.
 *
 * `npm run bench -- --only bisect` (or `MATRIX_BENCH=bisect`) runs only the named parts
 * (comma-separated: night, installers, bisect, dashboard, edit, peft); the first two download torch
 * and friends, and peft needs a PEFT mirror (bench/real-history.ts).
 */
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { resolveCacheDir } from "../src/adapters/machine.js";
import { ensureEnvironment } from "../src/adapters/python-env.js";
import { probeToolchain } from "../src/adapters/python-toolchain.js";
import { locateUv } from "../src/adapters/uv-binary.js";
import { benchBisect, type Figure } from "./bisect.js";
import { measureCliStart } from "./bisect-matrix.js";
import { benchDashboard } from "./dashboard.js";
import { benchProjectEdit } from "./project-edit.js";
import { benchRealHistory } from "./real-history.js";

const repo = resolve(import.meta.dirname, "..");
const wrapper = join(repo, "fixtures/wrapper");
const figures: Figure[] = [];

async function timeEnvironment(opts: Parameters<typeof ensureEnvironment>[0]): Promise<number> {
  const started = performance.now();
  const env = await ensureEnvironment(opts);
  if (env.status !== "ok") throw new Error(`environment failed: ${env.excerpt}`);
  return (performance.now() - started) / 1000;
}

/** The uv every command would use (the bench measures uv, so none is a failure, with why). */
async function findUv(): Promise<string> {
  const uv = await locateUv({ cacheDir: resolveCacheDir() });
  if (uv.path === null) throw new Error(`no uv: ${uv.why}`);
  return uv.path;
}

async function benchNight(scratch: string): Promise<void> {
  const cacheDir = join(scratch, "cache-night");
  const base = {
    toolchain: await probeToolchain({
      python: "python3",
      installer: "uv",
      uvPath: await findUv(),
      cwd: scratch,
    }),
    cacheDir,
    projectPath: wrapper,
  };
  const pinned = { ...base, requirementsFile: join(wrapper, "requirements.txt") };
  const cold = await timeEnvironment(pinned);
  const warm = await timeEnvironment(pinned);
  // A variant never built on this machine, whose wheels are all in the download cache already.
  const variantFile = join(scratch, "variant-requirements.txt");
  await writeFile(variantFile, `# same pins, new environment\n-r ${join(wrapper, "requirements.txt")}\n`);
  const fresh = await timeEnvironment({ ...base, requirementsFile: variantFile, requirementsDir: wrapper });
  figures.push({ name: "cold night: pinned environment, empty cache", value: cold, unit: "s" });
  figures.push({ name: "warm night: same environment again", value: warm, unit: "s" });
  figures.push({
    name: "warm / cold install time",
    value: warm / cold,
    unit: "ratio",
    target: "<= 0.05",
    ok: warm / cold <= 0.05,
  });
  figures.push({ name: "new environment on a warm download cache", value: fresh, unit: "s" });
  figures.push({ name: "new env on warm cache / cold", value: fresh / cold, unit: "ratio" });
}

async function benchInstallers(scratch: string): Promise<void> {
  const requirementsFile = join(scratch, "light-requirements.txt");
  await writeFile(requirementsFile, "transformers==5.23.0\npyyaml==6.0.3\n");
  const seconds: Record<string, number> = {};
  for (const installer of ["uv", "pip"] as const) {
    const cacheDir = join(scratch, `cache-${installer}`);
    seconds[installer] = await timeEnvironment({
      toolchain: await probeToolchain({
        python: "python3",
        installer,
        uvPath: await findUv(),
        cwd: scratch,
      }),
      cacheDir,
      requirementsFile,
    });
  }
  const uv = seconds.uv ?? Number.NaN;
  const pip = seconds.pip ?? Number.NaN;
  figures.push({ name: "one environment with uv (transformers, cold cache)", value: uv, unit: "s" });
  figures.push({ name: "one environment with pip (same set, cold cache)", value: pip, unit: "s" });
  figures.push({
    name: "pip / uv",
    value: pip / uv,
    unit: "ratio",
    target: ">= 1 (uv is the fast path)",
    ok: pip / uv >= 1,
  });
}

const parts = ["night", "installers", "bisect", "dashboard", "edit", "peft"];

/** The parts to run: `--only a,b`, else `$MATRIX_BENCH`, else all. */
function chosenParts(argv: string[], env = process.env): string[] {
  const at = argv.indexOf("--only");
  const only = at >= 0 ? argv[at + 1] : env.MATRIX_BENCH;
  if (!only) return parts;
  const chosen = only.split(",").map((p) => p.trim());
  const unknown = chosen.filter((p) => !parts.includes(p));
  if (unknown.length > 0)
    throw new Error(`unknown bench part ${unknown.join(", ")} (have: ${parts.join(", ")})`);
  return chosen;
}

function formatValue(f: Figure): string {
  if (f.unit === "ratio") return f.value.toFixed(4);
  // A bisect step's overhead is hundredths of a second: two decimals would round it to nothing.
  if (f.unit === "s") return `${f.value.toFixed(f.value < 1 ? 3 : 2)} s`;
  return `${f.value} ${f.unit}`;
}

async function main(): Promise<number> {
  const chosen = chosenParts(process.argv.slice(2));
  const scratch = await mkdtemp(join(tmpdir(), "matrix-bench-"));
  try {
    if (chosen.includes("night")) await benchNight(scratch);
    if (chosen.includes("installers")) await benchInstallers(scratch);
    if (chosen.includes("bisect")) {
      figures.push(...(await benchBisect(scratch)));
      const start = await measureCliStart();
      figures.push({ name: "matrix --version (CLI start, median of 5)", value: start, unit: "s" });
    }
    if (chosen.includes("dashboard")) figures.push(...(await benchDashboard(scratch)));
    if (chosen.includes("peft")) figures.push(...(await benchRealHistory(scratch)));
    if (chosen.includes("edit")) {
      const toolchain = await probeToolchain({
        python: "python3",
        installer: "uv",
        uvPath: await findUv(),
        cwd: scratch,
      });
      figures.push(...(await benchProjectEdit(scratch, wrapper, toolchain)));
    }
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
  for (const f of figures) {
    const value = formatValue(f);
    const verdict = f.target ? `  target ${f.target}: ${f.ok ? "met" : "MISSED"}` : "";
    console.log(`${f.name.padEnd(56)} ${value.padStart(10)}${verdict}`);
  }
  console.log(JSON.stringify({ measured: new Date().toISOString(), figures }));
  return figures.every((f) => f.ok !== false) ? 0 : 1;
}

process.exitCode = await main();
