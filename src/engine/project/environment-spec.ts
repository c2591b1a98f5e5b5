/**
 * The one road from a matrix file to an environment. `run`, `bisect` and `nightly` all build
 * their `ensureEnvironment` options here, so a bisect step resolves exactly as the night it
 * bisects (same overrides, same project install, same index) and shares its cache entries.
 */
import { mkdir } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { listGpuNames, resolveCacheDir } from "../../adapters/machine.js";
import { createProgress } from "../../adapters/progress.js";
import type { EnsureEnvironmentOptions } from "../../adapters/python-env.js";
import { probeToolchain, type Toolchain } from "../../adapters/python-toolchain.js";
import { locateUv } from "../../adapters/uv-binary.js";
import type { ManifestVariant } from "../../core/variants/manifest.js";
import type { Project } from "./load-project.js";

/** Facts about this machine and this invocation, probed or read once per command. */
export interface MachineFacts {
  toolchain: Toolchain;
  /** `$MATRIX_CACHE`. */
  cacheDir: string;
  /** The reports folder: it may sit inside the project, and is never part of its key. */
  reportsDir: string;
  /** GPU indices workers are pinned to (empty on a CPU machine). */
  gpus: string[];
  /** The GPUs as `nvidia-smi -L` names them (`GPU 0: NVIDIA H200 (UUID: ...)`), for reproductions. */
  gpuNames: string[];
}

/** The requirement files of one environment: a variant's, or a bisect candidate's. */
export interface EnvironmentFiles {
  requirementsFile: string;
  overridesFile?: string | null;
}

/** The options for one environment of this project. */
export function environmentSpecOf(
  project: Pick<Project, "matrix" | "installPath">,
  facts: Pick<MachineFacts, "toolchain" | "cacheDir" | "reportsDir">,
  files: EnvironmentFiles,
  extra: Pick<EnsureEnvironmentOptions, "keyExtra" | "onProgress"> = {},
): EnsureEnvironmentOptions {
  const matrix = project.matrix;
  return {
    toolchain: facts.toolchain,
    requirementsFile: files.requirementsFile,
    // Installs run where the project's requirements live, so relative lines mean what they meant there.
    requirementsDir: dirname(matrix.project.requirements),
    // A `-e .` line or the project folder may hold the reports and the cache: never part of a key.
    projectExclude: [facts.reportsDir, facts.cacheDir],
    ...(project.installPath ? { projectPath: project.installPath } : {}),
    ...(matrix.index ? { indexUrl: matrix.index } : {}),
    ...(files.overridesFile ? { overridesFile: files.overridesFile } : {}),
    systemSitePackages: matrix.project.systemSitePackages,
    cacheDir: facts.cacheDir,
    ...extra,
  };
}

/** The files of a manifest variant, resolved against the manifest's folder. */
export function variantFilesOf(variant: ManifestVariant, manifestDir: string): EnvironmentFiles | null {
  if (variant.requirements === null) return null;
  return {
    requirementsFile: join(manifestDir, variant.requirements),
    overridesFile: variant.overrides ? join(manifestDir, variant.overrides) : null,
  };
}

/**
 * Probes the toolchain once and reads the cache folder and GPUs: the facts every command passes
 * down. uv is located (or fetched into the cache) first; when environments fall back to pip, that
 * is said once on stderr with the reason, since pip makes every install several times slower.
 */
export async function gatherMachineFacts(project: Project, reportsDir: string): Promise<MachineFacts> {
  const cacheDir = resolveCacheDir();
  await mkdir(cacheDir, { recursive: true });
  const wanted = project.matrix.installer;
  // The first run on a machine fetches uv (seconds): a line says so.
  const setup = createProgress().start("setup", "python and installer", { quietUnderMs: 3000 });
  const uv = wanted === "pip" ? null : await locateUv({ cacheDir });
  const [toolchain, gpuNames] = await Promise.all([
    probeToolchain({
      python: project.matrix.python,
      installer: wanted,
      uvPath: uv?.path ?? "uv",
      cwd: cacheDir,
    }),
    listGpuNames(),
  ]);
  setup(
    // Which uv, and why that one: a uv from PATH is used only when not older than the pinned.
    `${toolchain.installer} ${toolchain.installerVersion.replace(/^uv /, "")}${toolchain.installer === "uv" && uv?.path ? ` (${uv.why})` : ""}`,
  );
  if (uv && toolchain.installer === "pip") {
    const why = uv.path === null ? uv.why : `${uv.path} (from ${uv.source}) does not run`;
    process.stderr.write(`matrix: environments use pip, not uv: ${why}\n`);
  }
  const gpus = gpuNames
    .map((line) => /^GPU (\d+):/.exec(line)?.[1])
    .filter((i): i is string => i !== undefined);
  return { toolchain, cacheDir, reportsDir: resolve(reportsDir), gpus, gpuNames };
}
