/**
 * The probes behind `matrix doctor`, each turned into one DoctorCheck: never an exception, since
 * the point is to list everything that is wrong at once. What counts as needed comes from the
 * matrix file (its variants, its jobs' runners).
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { envCapBytes, listEnvironments } from "../../adapters/env-prune.js";
import { gitEnv, resolveBranch } from "../../adapters/git.js";
import { DEFAULT_INDEX_URL, fetchProjectFiles } from "../../adapters/index-client.js";
import { readCommandLine, resolveCacheDir } from "../../adapters/machine.js";
import { probeToolchain, type Toolchain } from "../../adapters/python-toolchain.js";
import { locateUv } from "../../adapters/uv-binary.js";
import { type DoctorCheck, describeToken, wantsGpu } from "../../core/doctor/summarize-doctor.js";
import type { Matrix } from "../../core/matrix/model.js";
import { WorldError } from "../../errors.js";
import { checkGpu } from "./doctor-gpu.js";

const firstLine = (text: string) =>
  text
    .split("\n")
    .find((l) => l.trim())
    ?.trim() ?? "";
const errorText = (error: unknown) => firstLine(error instanceof Error ? error.message : String(error));

const version = (argv: string[]): Promise<string | null> => readCommandLine(argv, gitEnv);

/** Every check for `matrix`, in the order they are printed. */
export async function runDoctorChecks(matrix: Matrix, env = process.env): Promise<DoctorCheck[]> {
  const upstream = matrix.variants.some((v) => v.text.startsWith("upstream-"));
  const gpuJobs = matrix.jobs.filter((j) => wantsGpu(j.runsOn)).map((j) => j.name);
  const cacheDir = resolveCacheDir(env);
  const installer = checkInstaller(matrix);
  const [python, { check: uv }, git, index, upstreams, gpu, token, envs] = await Promise.all([
    checkPython(matrix.python),
    installer,
    version(["git", "--version"]).then(
      (v): DoctorCheck => ({
        name: "git",
        status: v ? "ok" : "missing",
        detail: v ?? "git does not run; install git (upstream variants and bisects clone with it)",
        needed: upstream,
      }),
    ),
    checkIndex(matrix),
    Promise.all(
      matrix.packages
        .filter((p) => p.repo)
        .map((p) => checkUpstream(p.name, p.repo ?? "", p.branch, upstream)),
    ),
    installer.then(({ toolchain }) => checkGpu({ matrix, toolchain, cacheDir, gpuJobs })),
    checkToken(env),
    checkEnvironments(env),
  ]);
  return [python, uv, git, index, ...upstreams, gpu, token, envs];
}

async function checkPython(python: string): Promise<DoctorCheck> {
  const v = await version([python, "-c", "import sys; print(sys.version.split()[0], sys.executable)"]);
  return v
    ? { name: "python", status: "ok", detail: `${python}: Python ${v.replace(" ", " at ")}`, needed: true }
    : {
        name: "python",
        status: "missing",
        detail: `${python} does not run; install it or set python: in the matrix file`,
        needed: true,
      };
}

/**
 * The installer as the night finds it: the same `locateUv` and `probeToolchain` road that
 * `gatherMachineFacts` takes, so doctor cannot pass a machine the night then refuses.
 */
async function checkInstaller(matrix: Matrix): Promise<{ check: DoctorCheck; toolchain: Toolchain | null }> {
  const cacheDir = resolveCacheDir();
  await mkdir(cacheDir, { recursive: true });
  const uv = matrix.installer === "pip" ? null : await locateUv({ cacheDir });
  try {
    const toolchain = await probeToolchain({
      python: matrix.python,
      installer: matrix.installer,
      uvPath: uv?.path ?? "uv",
      cwd: cacheDir,
    });
    if (toolchain.installer === "uv") {
      const detail = `${toolchain.installerVersion} (${uv?.why ?? "uv"}: ${toolchain.uvPath})`;
      return { check: { name: "uv", status: "ok", detail, needed: true }, toolchain };
    }
    const why = uv === null ? "" : uv.path === null ? `: ${uv.why}` : `: ${uv.path} does not run`;
    const detail = `pip is used instead (pip ${toolchain.installerVersion})${why}`;
    return { check: { name: "uv", status: "note", detail, needed: true }, toolchain };
  } catch (error) {
    if (!(error instanceof WorldError)) throw error;
    return { check: { name: "uv", status: "missing", detail: error.message, needed: true }, toolchain: null };
  }
}

async function checkIndex(matrix: Matrix): Promise<DoctorCheck> {
  const index = matrix.index ?? DEFAULT_INDEX_URL;
  const probe = matrix.packages[0]?.name ?? "pip";
  try {
    const files = await fetchProjectFiles(index, probe, { retries: 1, backoffMs: 200, timeoutMs: 15_000 });
    return {
      name: "index",
      status: "ok",
      detail: `${index} answers (${probe}: ${files.length} files)`,
      needed: true,
    };
  } catch (error) {
    return { name: "index", status: "missing", detail: errorText(error), needed: true };
  }
}

async function checkUpstream(
  name: string,
  repo: string,
  branch: string,
  needed: boolean,
): Promise<DoctorCheck> {
  try {
    const sha = await resolveBranch(repo, branch, { retries: 0 });
    return sha
      ? {
          name: "upstream",
          status: "ok",
          detail: `${name}: ${repo} ${branch} at ${sha.slice(0, 12)}`,
          needed,
        }
      : {
          name: "upstream",
          status: "missing",
          detail: `${name}: ${repo} has no branch ${branch}; fix branch:`,
          needed,
        };
  } catch (error) {
    // git repeats the URL the message already names: keep the URL once and the reason.
    const why = `${name}: ${errorText(error).replace(/fatal: unable to access '[^']*': /, "")}`;
    return {
      name: "upstream",
      status: "missing",
      detail: `${why}; its upstream variants will be infra-error`,
      needed,
    };
  }
}

/** The cached environments against the cap a run prunes them to. */
async function checkEnvironments(env: NodeJS.ProcessEnv): Promise<DoctorCheck> {
  const dir = join(resolveCacheDir(env), "envs");
  const entries = await listEnvironments(resolveCacheDir(env));
  const gb = (bytes: number) => (bytes / 1024 ** 3).toFixed(1);
  const held = entries.reduce((sum, e) => sum + e.bytes, 0);
  return {
    name: "environments",
    status: "ok",
    detail: `${entries.length} in ${dir}, ${gb(held)} GB of a ${gb(envCapBytes(env))} GB cap (MATRIX_ENV_CAP_GB): after a run, the unused ones past it are removed, least recently used first`,
    needed: false,
  };
}

async function checkToken(env: NodeJS.ProcessEnv): Promise<DoctorCheck> {
  const token = env.GITHUB_TOKEN;
  const name = "token";
  if (!token)
    return {
      name,
      status: "missing",
      detail: "GITHUB_TOKEN not set (needed only by file-issues --confirm)",
      needed: false,
    };
  const api = (env.GITHUB_API_URL ?? "https://api.github.com").replace(/\/+$/, "");
  try {
    const res = await fetch(`${api}/rate_limit`, {
      headers: { authorization: `Bearer ${token}`, accept: "application/vnd.github+json" },
      signal: AbortSignal.timeout(15_000),
    });
    return { name, ...describeToken(res.status, res.headers.get("x-oauth-scopes")), needed: false };
  } catch (error) {
    return { name, status: "missing", detail: `${api} unreachable: ${errorText(error)}`, needed: false };
  }
}
