/**
 * Python environments for variants: content-addressed under `cacheDir/envs/<key>`, built once
 * per machine under a per-entry lock (env-cache.ts), reused by every later job, night and worker
 * with the same inputs. An install failure is returned as data (`install-error`) with the
 * resolver's own words. The interpreter and installer come in as probed facts (`probeToolchain`).
 */
import { mkdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { excerptInstallError, isNetworkFailure } from "../core/results/install-excerpt.js";
import { ensureEntry, readEntry } from "./env-cache.js";
import { computeEnvKey } from "./env-key.js";
import { touchEnvironment } from "./env-prune.js";
import { readInputFile } from "./fs.js";
import { projectFilesOf, refreshProject, writeProjectStamp } from "./project-layer.js";
import { buildEnvironment, type InstallPlan, venvPython } from "./python-installer.js";
import type { Toolchain } from "./python-toolchain.js";

/** What environment to make. Paths may be relative to the current directory. */
export interface EnsureEnvironmentOptions {
  /** The interpreter and installer, probed once by the caller (`probeToolchain`). */
  toolchain: Toolchain;
  requirementsFile: string;
  /** The installs' cwd, so relative lines resolve; defaults to the requirements file's folder. */
  requirementsDir?: string;
  /** A Python project installed after the requirements with `--no-deps` (its deps are the requirements). */
  projectPath?: string;
  /** Folders inside the project an install never reads (reports, caches): left out of the key. */
  projectExclude?: string[];
  indexUrl?: string;
  /** uv `--overrides`; pip has none and installs the variant's rewritten requirements as they are. */
  overridesFile?: string;
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
  /** True when the dependency layer was reused and the project, changed since, reinstalled on top. */
  projectReinstalled: boolean;
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

/** The cache key of the environment these options make (what `ensureEnvironment` looks up). */
export async function environmentKeyOf(opts: EnsureEnvironmentOptions): Promise<string> {
  const requirementsFile = resolve(opts.requirementsFile);
  return computeEnvKey({
    toolchain: opts.toolchain,
    requirementsFile,
    requirementsDir: resolve(opts.requirementsDir ?? dirname(requirementsFile)),
    systemSitePackages: opts.systemSitePackages ?? false,
    ...(opts.indexUrl ? { indexUrl: opts.indexUrl } : {}),
    ...(opts.overridesFile ? { overridesFile: resolve(opts.overridesFile) } : {}),
    withProject: Boolean(opts.projectPath),
    ...(opts.projectExclude ? { projectExclude: opts.projectExclude } : {}),
    ...(opts.keyExtra ? { extra: opts.keyExtra } : {}),
  });
}

/** The environment these options make, when the cache holds it complete (its marker written), else null. */
export async function findCachedEnvironment(
  opts: EnsureEnvironmentOptions,
): Promise<{ envDir: string; python: string; key: string } | null> {
  const key = await environmentKeyOf(opts);
  const envDir = join(resolve(opts.cacheDir), "envs", key);
  return (await readEntry(envDir)) === null ? null : { envDir, python: venvPython(envDir), key };
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
  const chosen = opts.toolchain;
  const systemSitePackages = opts.systemSitePackages ?? false;
  const optional = {
    ...(opts.indexUrl ? { indexUrl: opts.indexUrl } : {}),
    ...(opts.overridesFile ? { overridesFile: resolve(opts.overridesFile) } : {}),
    ...(opts.projectPath ? { projectPath: resolve(opts.projectPath) } : {}),
  };
  const key = await environmentKeyOf(opts);
  const projectFiles = optional.projectPath
    ? await projectFilesOf(optional.projectPath, opts.projectExclude)
    : null;
  const planOf = (envDir: string): InstallPlan => ({
    installer: chosen.installer,
    uvPath: chosen.uvPath,
    interpreter: chosen.interpreter,
    envDir,
    requirementsFile,
    requirementsDir,
    systemSitePackages,
    cacheDir,
    timeoutMs: opts.timeoutMs ?? 3_600_000,
    ...optional,
    ...(opts.onProgress ? { onLine: opts.onProgress } : {}),
  });

  const entry = await ensureEntry<EnvMarker, { output: string; log: string }>(
    join(cacheDir, "envs"),
    key,
    async (envDir) => {
      const outcome = await buildEnvironment(planOf(envDir));
      if (outcome.ok && projectFiles !== null)
        await writeProjectStamp(envDir, { files: projectFiles, installed: outcome.installed });
      return outcome.ok
        ? {
            ok: true,
            value: { installer: chosen.installer, installed: outcome.installed, buildSeconds: seconds() },
          }
        : { ok: false, value: { output: outcome.output, log: outcome.log } };
    },
  );

  const failure = (failed: { output: string; log: string }): InstallError => {
    const excerpt = excerptInstallError(failed.output);
    return {
      status: "install-error",
      excerpt,
      logText: failed.log,
      seconds: seconds(),
      network: isNetworkFailure(excerpt),
    };
  };
  if (!entry.ok) return failure(entry.value);
  if (entry.reused) await touchEnvironment(entry.dir);
  // A reused dependency layer whose project files changed since: the project alone, reinstalled.
  const project =
    entry.reused && projectFiles !== null
      ? await refreshProject(join(cacheDir, "envs"), key, planOf(entry.dir), projectFiles)
      : null;
  if (project && !project.ok) return failure(project);
  return {
    status: "ok",
    envDir: entry.dir,
    python: venvPython(entry.dir),
    installer: entry.value.installer,
    key,
    reused: entry.reused,
    projectReinstalled: project?.ok === true && project.reinstalled,
    seconds: seconds(),
    installed: project?.ok ? project.installed : entry.value.installed,
  };
}
