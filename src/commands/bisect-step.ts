/**
 * One bisect step: the variant's requirements with the bisected package moved to one candidate,
 * an environment for it (content-addressed, so a resumed or repeated bisect reuses it), the job
 * with its retries, and the verdict against the bad endpoint's signature.
 */
import { join } from "node:path";
import type { Progress } from "../adapters/progress.js";
import { ensureEnvironment } from "../adapters/python-env.js";
import { reinstallPackage } from "../adapters/python-installer.js";
import { writeVariantFiles } from "../adapters/requirements-files.js";
import type { RefVerdict } from "../core/bisect/bisect-state.js";
import { verdictOf } from "../core/bisect/verdict-of.js";
import type { JobSpec } from "../core/matrix/model.js";
import { buildResult, type SetupOutcome } from "../core/results/build-result.js";
import { excerptInstallError } from "../core/results/install-excerpt.js";
import type { ManifestVariant } from "../core/variants/manifest.js";
import { makeGitUrl, type VariantEdit } from "../core/variants/plan-variants.js";
import { makeVariantFiles } from "../core/variants/variant-files.js";
import type { Project } from "./load-project.js";
import { runAttempts } from "./run-cells.js";

/** What every step of one bisect shares. */
export interface StepContext {
  project: Project;
  job: JobSpec;
  base: ManifestVariant;
  packageName: string;
  kind: "releases" | "commits";
  repo: string | null;
  dir: string;
  cacheDir: string;
  uvPath: string;
  progress: Progress;
  /** The candidate refs, oldest (good endpoint) first. */
  candidates: string[];
}

/** The base variant's own moves, with the bisected package moved to `ref`. */
export function editsFor(
  ctx: Pick<StepContext, "base" | "packageName" | "kind" | "repo">,
  ref: string,
): VariantEdit[] {
  const edits: VariantEdit[] = [];
  for (const [name, state] of Object.entries(ctx.base.packages)) {
    if (name === ctx.packageName || state.source === "pinned") continue;
    edits.push({
      package: name,
      target:
        state.source === "latest"
          ? { kind: "version", version: state.version }
          : { kind: "url", url: state.url },
    });
  }
  const target: VariantEdit["target"] =
    ctx.kind === "releases"
      ? { kind: "version", version: ref }
      : { kind: "url", url: makeGitUrl(ctx.repo as string, ref) };
  return [...edits, { package: ctx.packageName, target }];
}

/** Where the worker environments' requirements (the package at the good endpoint) are written. */
export function workerBaseOf(ctx: Pick<StepContext, "dir">): string {
  return join(ctx.dir, "worker-base");
}

/** Writes the worker environments' requirements once per bisect, before any step. */
export async function writeWorkerBase(ctx: StepContext): Promise<void> {
  const good = ctx.candidates[0] as string;
  await writeVariantFiles(workerBaseOf(ctx), makeVariantFiles(ctx.project.tree, editsFor(ctx, good)));
}

/** The requirement line that puts the bisected package at `ref`. */
function requirementAt(ctx: StepContext, ref: string): string {
  return ctx.kind === "releases"
    ? `${ctx.packageName}==${ref}`
    : `${ctx.packageName} @ ${makeGitUrl(ctx.repo as string, ref)}`;
}

function envOptions(ctx: StepContext, requirementsFile: string) {
  const matrix = ctx.project.matrix;
  return {
    python: matrix.python,
    requirementsFile,
    requirementsDir: join(matrix.project.requirements, ".."),
    projectPath: matrix.project.path,
    ...(matrix.index ? { indexUrl: matrix.index } : {}),
    installer: matrix.installer,
    uvPath: ctx.uvPath,
    systemSitePackages: matrix.project.systemSitePackages,
    cacheDir: ctx.cacheDir,
  };
}

/**
 * The environment of one step. Cheap path: the worker's own environment (the variant with the
 * package at the good endpoint, built once per worker slot and cached) with only the bisected
 * package reinstalled, `--no-deps`. When that base cannot be built, a full environment for the
 * candidate is made instead.
 */
async function prepareStep(
  ctx: StepContext,
  ref: string,
  slot: number,
): Promise<{ setup: SetupOutcome; envDir?: string }> {
  const label = ctx.kind === "commits" ? ref.slice(0, 12) : ref;
  const done = ctx.progress.start(`bisect ${ctx.packageName}`, `${label}: environment`);
  const baseFolder = workerBaseOf(ctx);
  const worker = await ensureEnvironment({
    ...envOptions(ctx, join(baseFolder, "requirements.txt")),
    keyExtra: `bisect-worker ${ctx.packageName} ${slot}`,
  });
  if (worker.status === "ok") {
    const matrix = ctx.project.matrix;
    const swap = await reinstallPackage({
      installer: worker.installer,
      uvPath: ctx.uvPath,
      envDir: worker.envDir,
      cacheDir: ctx.cacheDir,
      name: ctx.packageName,
      requirement: requirementAt(ctx, ref),
      ...(matrix.index ? { indexUrl: matrix.index } : {}),
      cwd: join(matrix.project.requirements, ".."),
      timeoutMs: 3_600_000,
    });
    done(
      swap.ok
        ? `${worker.reused ? "reused" : "built"} worker environment, reinstalled ${ctx.packageName}`
        : "install failed",
    );
    if (!swap.ok) return { setup: { status: "install-error", excerpt: excerptInstallError(swap.output) } };
    return {
      setup: { status: "ok", installed: { ...worker.installed, [ctx.packageName]: ref } },
      envDir: worker.envDir,
    };
  }
  const folder = join(ctx.dir, "candidates", label);
  await writeVariantFiles(folder, makeVariantFiles(ctx.project.tree, editsFor(ctx, ref)));
  const env = await ensureEnvironment(envOptions(ctx, join(folder, "requirements.txt")));
  done(env.status === "ok" ? (env.reused ? "reused" : "built") : "install failed");
  return env.status === "ok"
    ? { setup: { status: "ok", installed: env.installed }, envDir: env.envDir }
    : { setup: { status: "install-error", excerpt: env.excerpt } };
}

/** Tests one candidate on worker `slot` and judges it. */
export async function testCandidate(
  ctx: StepContext,
  ref: string,
  badSignature: string | null,
  slot = 0,
): Promise<RefVerdict> {
  const started = performance.now();
  const label = ctx.kind === "commits" ? ref.slice(0, 12) : ref;
  const { setup, envDir } = await prepareStep(ctx, ref, slot);
  const attempts = envDir
    ? await runAttempts(label, ctx.job, envDir, undefined, {
        logsDir: join(ctx.dir, "logs"),
        progress: ctx.progress,
      })
    : [];
  const result = buildResult({ variant: label, job: ctx.job.name, expect: ctx.job.expect, setup, attempts });
  const verdict = verdictOf(
    { status: result.status, signature: result.failure?.signature ?? null },
    badSignature,
  );
  return { ref, ...verdict, seconds: Math.round(performance.now() - started) / 1000 };
}
