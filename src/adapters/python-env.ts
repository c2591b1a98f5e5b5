/**
 * Python environments for variants: content-addressed under `cacheDir/envs/<key>`, built once
 * per machine under a per-entry lock (env-cache.ts), reused by every later job, night and worker
 * with the same inputs. An install failure is returned as data (`install-error`) with the
 * resolver's own words; only a broken interpreter or installer is thrown (WorldError, exit 3).
 */
import { mkdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { excerptInstallError, isNetworkFailure } from "../core/results/install-excerpt.js";
import { WorldError } from "../errors.js";
import { ensureEntry } from "./env-cache.js";
import { computeEnvKey } from "./env-key.js";
import { runProcess } from "./exec.js";
import { readInputFile } from "./fs.js";
import { buildEnvironment, type InstallPlan, venvPython } from "./python-installer.js";

/** What environment to make. Paths may be relative to the current directory. */
export interface EnsureEnvironmentOptions {
  /** The interpreter environments are made from (`python3`, or a path). */
  python: string;
  requirementsFile: string;
  /** The installs' cwd, so relative lines resolve; defaults to the requirements file's folder. */
  requirementsDir?: string;
  /** Installed after the requirements with `--no-deps`: its deps come from the variant's requirements. */
  projectPath?: string;
  indexUrl?: string;
  /** uv `--overrides`; pip treats it as constraints. */
  overridesFile?: string;
  /** `auto` takes uv when it runs, else pip. */
  installer: "uv" | "pip" | "auto";
  uvPath?: string;
  systemSitePackages?: boolean;
  /** `$MATRIX_CACHE`; environments go to `envs/`, uv's download cache to `uv/`. */
  cacheDir: string;
  /** Mixed into the key: anything else that changes what gets installed. */
  keyExtra?: string;
  /** Per install step; defaults to an hour (torch with CUDA over a slow link). */
  timeoutMs?: number;
  /** Installer output lines, for progress. */
  onProgress?: (line: string) => void;
}

/** A ready environment. `installed` maps PEP 503 names to versions, or to the commit of a VCS install. */
export interface ReadyEnvironment {
  status: "ok";
  envDir: string;
  python: string;
  installer: "uv" | "pip";
  key: string;
  reused: boolean;
  seconds: number;
  installed: Record<string, string>;
}

/** An environment that could not be made; `network` marks an unreachable index or git host. */
export interface InstallError {
  status: "install-error";
  excerpt: string;
  logText: string;
  seconds: number;
  network: boolean;
}

/** What the cache marker records. */
interface EnvMarker {
  installer: "uv" | "pip";
  installed: Record<string, string>;
  buildSeconds: number;
}

/** Runs a probe command; its output, or null when it fails to run. */
async function probe(argv: string[], cwd: string): Promise<string | null> {
  const result = await runProcess({ command: argv, cwd, inherit: "full", timeoutMs: 60_000 });
  return result.exitCode === 0 ? result.output.trim() : null;
}

/** The interpreter's real path and version; WorldError when it does not run. */
async function describeInterpreter(python: string, cwd: string): Promise<{ path: string; version: string }> {
  const out = await probe([python, "-c", "import sys; print(sys.executable); print(sys.version)"], cwd);
  const [path, ...version] = (out ?? "").split("\n");
  if (!out || !path)
    throw new WorldError(`python interpreter ${python} does not run; install it or set \`python:\``);
  return { path, version: version.join(" ") };
}

/** The installer to use and its version (part of the key). */
async function chooseInstaller(opts: EnsureEnvironmentOptions, interpreter: string, cwd: string) {
  const uvPath = opts.uvPath ?? "uv";
  if (opts.installer !== "pip") {
    const version = await probe([uvPath, "--version"], cwd);
    if (version) return { installer: "uv" as const, uvPath, version };
    if (opts.installer === "uv")
      throw new WorldError(`uv (${uvPath}) does not run; install it (pip install uv) or use installer: pip`);
  }
  const version = await probe([interpreter, "-m", "pip", "--version"], cwd);
  if (!version) throw new WorldError(`pip does not run under ${interpreter}; install pip or uv`);
  return { installer: "pip" as const, uvPath, version: version.split(" ")[1] ?? version };
}

/** Makes (or reuses) the environment for these requirements. */
export async function ensureEnvironment(
  opts: EnsureEnvironmentOptions,
): Promise<ReadyEnvironment | InstallError> {
  const started = performance.now();
  const seconds = () => Math.round(performance.now() - started) / 1000;
  const cacheDir = resolve(opts.cacheDir);
  const requirementsFile = resolve(opts.requirementsFile);
  const requirementsDir = resolve(opts.requirementsDir ?? dirname(requirementsFile));
  // A missing requirements file is the input's fault (exit 2), said before any probing.
  await readInputFile(requirementsFile, "requirements file");
  await mkdir(cacheDir, { recursive: true });
  const interpreter = await describeInterpreter(opts.python, cacheDir);
  const chosen = await chooseInstaller(opts, interpreter.path, cacheDir);
  const systemSitePackages = opts.systemSitePackages ?? false;
  const optional = {
    ...(opts.indexUrl ? { indexUrl: opts.indexUrl } : {}),
    ...(opts.overridesFile ? { overridesFile: resolve(opts.overridesFile) } : {}),
    ...(opts.projectPath ? { projectPath: resolve(opts.projectPath) } : {}),
  };
  const key = await computeEnvKey({
    interpreter: interpreter.path,
    interpreterVersion: interpreter.version,
    installer: chosen.installer,
    installerVersion: chosen.version,
    requirementsFile,
    requirementsDir,
    systemSitePackages,
    ...optional,
    ...(opts.keyExtra ? { extra: opts.keyExtra } : {}),
  });

  const entry = await ensureEntry<EnvMarker, { output: string; log: string }>(
    join(cacheDir, "envs"),
    key,
    async (envDir) => {
      const plan: InstallPlan = {
        installer: chosen.installer,
        uvPath: chosen.uvPath,
        interpreter: interpreter.path,
        envDir,
        requirementsFile,
        requirementsDir,
        systemSitePackages,
        cacheDir,
        timeoutMs: opts.timeoutMs ?? 3_600_000,
        ...optional,
        ...(opts.onProgress ? { onLine: opts.onProgress } : {}),
      };
      const outcome = await buildEnvironment(plan);
      return outcome.ok
        ? {
            ok: true,
            value: { installer: chosen.installer, installed: outcome.installed, buildSeconds: seconds() },
          }
        : { ok: false, value: { output: outcome.output, log: outcome.log } };
    },
  );

  if (!entry.ok) {
    const excerpt = excerptInstallError(entry.value.output);
    return {
      status: "install-error",
      excerpt,
      logText: entry.value.log,
      seconds: seconds(),
      network: isNetworkFailure(excerpt),
    };
  }
  return {
    status: "ok",
    envDir: entry.dir,
    python: venvPython(entry.dir),
    installer: entry.value.installer,
    key,
    reused: entry.reused,
    seconds: seconds(),
    installed: entry.value.installed,
  };
}
