/**
 * The installer commands that fill one environment folder: uv (fast, overrides, one shared
 * download cache) or pip as the fallback. Each step is a real process; a failing step ends the
 * build and its output is returned as data, because an install failure is an expected outcome.
 */
import { join } from "node:path";
import { mergeInstalled, parseFreeze, parseListJson } from "../core/results/parse-installed.js";
import { runProcess } from "./exec.js";

/** Everything one build needs; paths are absolute. */
export interface InstallPlan {
  installer: "uv" | "pip";
  uvPath: string;
  /** The base interpreter the environment is made from. */
  interpreter: string;
  envDir: string;
  requirementsFile: string;
  /** The installs' cwd, so relative requirement lines resolve as the author meant. */
  requirementsDir: string;
  indexUrl?: string;
  overridesFile?: string;
  projectPath?: string;
  systemSitePackages: boolean;
  cacheDir: string;
  timeoutMs: number;
  onLine?: (line: string) => void;
}

/** A build's outcome: what got installed, or the failing step's output. */
export type InstallOutcome =
  | { ok: true; installed: Record<string, string> }
  | { ok: false; output: string; log: string };

/** The venv's interpreter. */
export function venvPython(envDir: string): string {
  return join(envDir, "bin", "python");
}

/**
 * Installer settings. uv keeps one download cache per machine (`cacheDir/uv`) and hard-links
 * from it, so torch's gigabytes are fetched once and each new environment costs links, not
 * copies; on macOS uv's clone (copy-on-write) mode does the same. Environments and the uv cache
 * share `cacheDir`, hence one file system, which hard links need.
 */
function installerEnv(plan: Pick<InstallPlan, "cacheDir">): Record<string, string> {
  return {
    UV_CACHE_DIR: join(plan.cacheDir, "uv"),
    UV_LINK_MODE: process.platform === "darwin" ? "clone" : "hardlink",
    UV_PYTHON_DOWNLOADS: "never",
    PIP_CACHE_DIR: join(plan.cacheDir, "pip"),
    PIP_DISABLE_PIP_VERSION_CHECK: "1",
    PIP_NO_INPUT: "1",
    NO_COLOR: "1",
  };
}

/** The commands, in order: make the venv, install requirements, then the project without its deps. */
function stepsOf(plan: InstallPlan): { argv: string[]; cwd: string }[] {
  const py = venvPython(plan.envDir);
  const index = plan.indexUrl ? ["--index-url", plan.indexUrl] : [];
  const site = plan.systemSitePackages ? ["--system-site-packages"] : [];
  const cwd = plan.requirementsDir;
  const steps: { argv: string[]; cwd: string }[] = [];
  if (plan.installer === "uv") {
    const uv = plan.uvPath;
    // cwd is the cache, not the project: uv must not pick up a project's .python-version or pyproject.
    steps.push({
      argv: [uv, "venv", "--python", plan.interpreter, ...site, plan.envDir],
      cwd: plan.cacheDir,
    });
    const overrides = plan.overridesFile ? ["--overrides", plan.overridesFile] : [];
    steps.push({
      argv: [uv, "pip", "install", "--python", py, "-r", plan.requirementsFile, ...index, ...overrides],
      cwd,
    });
    if (plan.projectPath) steps.push(projectStep(plan, false));
    return steps;
  }
  // --upgrade-deps: the interpreter's bundled pip may be too old for `name @ git+file://` lines.
  steps.push({
    argv: [plan.interpreter, "-m", "venv", "--upgrade-deps", ...site, plan.envDir],
    cwd: plan.cacheDir,
  });
  // pip has no overrides, and constraints cannot replace a pin (the variant would silently become
  // unsatisfiable): pip installs the variant's rewritten requirements, which already say the moves.
  steps.push({ argv: [py, "-m", "pip", "install", "-r", plan.requirementsFile, ...index], cwd });
  if (plan.projectPath) steps.push(projectStep(plan, false));
  return steps;
}

/**
 * The project alone, without its dependencies (the requirements are its dependencies); `again`
 * reinstalls it over an earlier install of the same version (an edit that did not bump it).
 */
function projectStep(plan: InstallPlan, again: boolean): { argv: string[]; cwd: string } {
  const py = venvPython(plan.envDir);
  const index = plan.indexUrl ? ["--index-url", plan.indexUrl] : [];
  const path = plan.projectPath as string;
  const argv =
    plan.installer === "uv"
      ? [plan.uvPath, "pip", "install", "--python", py, "--no-deps", ...(again ? ["--reinstall"] : [])]
      : [py, "-m", "pip", "install", "--no-deps", ...(again ? ["--force-reinstall"] : [])];
  return { argv: [...argv, ...index, path], cwd: plan.requirementsDir };
}

/** Runs a listing command and returns its output, or null when it fails. */
async function capture(argv: string[], plan: InstallPlan): Promise<string | null> {
  const result = await runProcess({
    command: argv,
    cwd: plan.cacheDir,
    env: installerEnv(plan),
    inherit: "full",
    timeoutMs: 120_000,
  });
  return result.exitCode === 0 ? result.output : null;
}

/** What the environment holds: versions from the JSON listing, commits from freeze for VCS installs. */
export async function listInstalled(plan: InstallPlan): Promise<Record<string, string>> {
  const py = venvPython(plan.envDir);
  const [listed, frozen] =
    plan.installer === "uv"
      ? [
          ["pip", "list", "--format", "json"],
          ["pip", "freeze"],
        ].map((a) => [plan.uvPath, ...a, "--python", py])
      : [["list", "--format", "json"], ["freeze"]].map((a) => [py, "-m", "pip", ...a]);
  // uv prints JSON on stdout and nothing else; pip may add a notice, so take the JSON line.
  const listText =
    ((await capture(listed as string[], plan)) ?? "[]").split("\n").find((l) => l.startsWith("[")) ?? "[]";
  return mergeInstalled(
    parseListJson(listText),
    parseFreeze((await capture(frozen as string[], plan)) ?? ""),
  );
}

/** Fills `plan.envDir` (an empty folder at its final path). */
export async function buildEnvironment(plan: InstallPlan): Promise<InstallOutcome> {
  return runSteps(plan, stepsOf(plan));
}

/** Reinstalls the project (`plan.projectPath`) into a ready environment, without its dependencies. */
export async function reinstallProject(plan: InstallPlan): Promise<InstallOutcome> {
  return runSteps(plan, [projectStep(plan, true)]);
}

async function runSteps(
  plan: InstallPlan,
  steps: { argv: string[]; cwd: string }[],
): Promise<InstallOutcome> {
  const log: string[] = [];
  for (const step of steps) {
    plan.onLine?.(`$ ${step.argv.join(" ")}`);
    const result = await runProcess({
      command: step.argv,
      cwd: step.cwd,
      env: installerEnv(plan),
      inherit: "full",
      timeoutMs: plan.timeoutMs,
      ...(plan.onLine ? { onLine: plan.onLine } : {}),
    });
    log.push(`$ ${step.argv.join(" ")}`, result.output);
    if (result.exitCode !== 0 || result.timedOut) {
      const why = result.spawnError ?? (result.timedOut ? `timed out after ${plan.timeoutMs / 1000} s` : "");
      return { ok: false, output: [result.output, why].filter(Boolean).join("\n"), log: log.join("\n") };
    }
  }
  return { ok: true, installed: await listInstalled(plan) };
}

/** What installing one bisect candidate into an existing environment needs. */
export interface CandidateInstallPlan {
  installer: "uv" | "pip";
  uvPath: string;
  envDir: string;
  cacheDir: string;
  /** The bisected package's name, and what to install for it: `name==1.2.3` or a wheel's path. */
  name: string;
  requirement: string;
  /** `name==version` lines the rest of the environment must keep (uv/pip `-c`). */
  constraintsFile?: string;
  indexUrl?: string;
  /**
   * uv and a wheel: first resolve with no index at all, from the wheel and what the environment
   * holds, and ask the index only when that fails (a dependency missing or too old).
   */
  installedFirst?: boolean;
  cwd: string;
  timeoutMs: number;
}

/**
 * Puts the candidate into a ready environment with whatever it declares that the environment
 * lacks or does not satisfy, resolved against the constraints (every other tracked package stays
 * at the variant's version). Only the candidate itself is reinstalled; satisfied dependencies are
 * left alone, so a step costs one wheel plus what is really new.
 *
 * uv gets no `--reinstall-package`: it implies `--refresh-package`, which makes uv distrust its
 * cached interpreter facts and start Python again on every step, and it is not needed, since every
 * commit's wheel has its own path (a different URL is a different distribution to uv) and a
 * release its own version. `installedFirst` saves the index round trips a resolve makes for every
 * declared dependency, even a satisfied one: with every other package held at its installed version
 * by the constraints, a resolve that succeeds without the index is the one the index would give.
 */
export async function installCandidate(plan: CandidateInstallPlan): Promise<{ ok: boolean; output: string }> {
  const py = venvPython(plan.envDir);
  const index = plan.indexUrl ? ["--index-url", plan.indexUrl] : [];
  const constraints = plan.constraintsFile ? ["-c", plan.constraintsFile] : [];
  const env = installerEnv(plan);
  const run = (argv: string[]) =>
    runProcess({ command: argv, cwd: plan.cwd, env, inherit: "full", timeoutMs: plan.timeoutMs });
  if (plan.installer === "pip") {
    const log: string[] = [];
    // pip has no --reinstall-package: take the old one out, then install with its dependencies.
    const out = await run([py, "-m", "pip", "uninstall", "-y", plan.name]);
    log.push(`$ pip uninstall -y ${plan.name}`, out.output);
    const argv = [py, "-m", "pip", "install", ...constraints, ...index, plan.requirement];
    const result = await run(argv);
    log.push(`$ ${argv.join(" ")}`, result.output, result.spawnError ?? "");
    return { ok: result.exitCode === 0 && !result.timedOut, output: log.filter(Boolean).join("\n") };
  }
  const uv = [plan.uvPath, "pip", "install", "--python", py, ...constraints];
  let outcome = { ok: false, output: "" };
  // The index-free try failing is expected (something new is needed): only the last try's output counts.
  for (const source of plan.installedFirst ? [["--no-index"], index] : [index]) {
    const argv = [...uv, ...source, plan.requirement];
    const result = await run(argv);
    outcome = {
      ok: result.exitCode === 0 && !result.timedOut,
      output: [`$ ${argv.join(" ")}`, result.output, result.spawnError ?? ""].filter(Boolean).join("\n"),
    };
    if (outcome.ok) break;
  }
  return outcome;
}
