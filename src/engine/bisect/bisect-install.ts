/**
 * A bisect candidate's environment. In a worker slot: the candidate installed into the slot's
 * clone with what it declares that the clone lacks, every other package held where the base has
 * it (then only the tracked ones). Without workers (the base could not be built): a whole
 * environment for the candidate's variant files. Either way, the candidate's declared
 * dependencies are read back for the missing-dependency rule.
 */
import { join } from "node:path";
import { ensureEnvironment } from "../../adapters/python-env.js";
import { installCandidate } from "../../adapters/python-installer.js";
import { writeVariantFiles } from "../../adapters/requirements-files.js";
import { readImportNames, readMetadata } from "../../adapters/site-packages.js";
import { declaredDependencies } from "../../core/bisect/missing-dependency.js";
import type { VariantFile } from "../../core/requirements/plan-variant-files.js";
import type { SetupOutcome } from "../../core/results/build-result.js";
import { excerptInstallError, installReasonOf } from "../../core/results/install-excerpt.js";
import { editsOfPackages, makeGitUrl, type VariantEdit } from "../../core/variants/plan-variants.js";
import { makeVariantFiles, OVERRIDES_FILE } from "../../core/variants/variant-files.js";
import { environmentSpecOf } from "../project/environment-spec.js";
import type { StepContext, Workers } from "./bisect-context.js";

/** The base variant's own moves, with the bisected package moved to `ref`. */
export function editsFor(
  ctx: Pick<StepContext, "base" | "packageName" | "kind" | "repo">,
  ref: string,
): VariantEdit[] {
  const edits = editsOfPackages(ctx.base.packages, ctx.packageName);
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

/** A candidate's environment, or why there is none; `declared` are its own dependencies. */
export type Prepared = {
  setup: SetupOutcome;
  envDir?: string;
  declared: string[];
  detail?: string;
  note?: string;
};

/** The requirement (or wheel) that puts the package at `ref`; a commit's wheel comes from the cache. */
async function artifactOf(
  ctx: StepContext,
  ref: string,
): Promise<{ ok: true; requirement: string; note: string } | { ok: false; output: string }> {
  if (ctx.kind === "releases")
    return { ok: true, requirement: `${ctx.packageName}==${ref}`, note: "from the index" };
  const wheel = await ctx.wheelOf(ref);
  return wheel.ok
    ? { ok: true, requirement: wheel.wheel, note: wheel.reused ? "wheel reused" : "wheel built" }
    : wheel;
}

/** The candidate in the slot's environment, with what it declares; the tracked packages stay put. */
export async function prepareInWorker(
  ctx: StepContext,
  workers: Workers,
  ref: string,
  slot: number,
): Promise<Prepared> {
  // The slot's first clone is made while the wheel is still being built.
  const env = workers.envOf(slot);
  env.catch(() => undefined);
  const source = workers.source;
  if (ctx.kind === "commits" && source && (await source.fits(ref, slot))) {
    const envDir = await env;
    const placed = await source.place(slot, envDir, ref);
    if (placed.ok) return await readyIn(ctx, workers, envDir, ref, `source tree, in worker ${slot}`);
  }
  const artifact = await artifactOf(ctx, ref);
  if (!artifact.ok) {
    const excerpt = excerptInstallError(artifact.output);
    return {
      setup: { status: "install-error", excerpt },
      declared: [],
      detail: `cannot build: ${installReasonOf(artifact.output)}`,
    };
  }
  const envDir = await env;
  await source?.leave(slot, envDir);
  const matrix = ctx.project.matrix;
  const install = (constraintsFile: string, installedFirst = false) =>
    installCandidate({
      installer: ctx.facts.toolchain.installer,
      uvPath: ctx.facts.toolchain.uvPath,
      envDir,
      cacheDir: ctx.facts.cacheDir,
      name: ctx.packageName,
      requirement: artifact.requirement,
      constraintsFile,
      installedFirst,
      ...(matrix.index ? { indexUrl: matrix.index } : {}),
      cwd: join(matrix.project.requirements, ".."),
      timeoutMs: 3_600_000,
    });
  // Everything as the base had it first (a commit's wheel without the index, when what it declares
  // is there already); when the candidate needs other versions of untracked packages (a newer
  // huggingface-hub), only the tracked packages are held.
  let installed = await install(workers.constraints.all, ctx.kind === "commits");
  if (!installed.ok) installed = await install(workers.constraints.tracked);
  if (!installed.ok) {
    const excerpt = excerptInstallError(installed.output);
    return {
      setup: { status: "install-error", excerpt },
      declared: [],
      detail: `cannot install: ${installReasonOf(installed.output)}`,
    };
  }
  source?.took(slot, ref);
  return readyIn(ctx, workers, envDir, ref, `${artifact.note}, installed in worker ${slot}`);
}

/** The slot's environment with the candidate in it, and what the candidate declares. */
async function readyIn(
  ctx: StepContext,
  workers: Workers,
  envDir: string,
  ref: string,
  note: string,
): Promise<Prepared> {
  const [metadata, importNames] = await Promise.all([
    readMetadata(envDir, ctx.packageName),
    readImportNames(envDir),
  ]);
  return {
    setup: { status: "ok", installed: { ...workers.installed, [ctx.packageName]: ref }, importNames },
    envDir,
    declared: metadata ? declaredDependencies(metadata) : [],
    note,
  };
}

/**
 * The uv overrides file of a candidate's variant folder, when it has one: a pyproject's variant
 * has none at the endpoint its pin already names (nothing is rewritten there).
 */
export function overridesOf(folder: string, files: VariantFile[]): string | null {
  return files.some((f) => f.relPath === OVERRIDES_FILE) ? join(folder, OVERRIDES_FILE) : null;
}

/** The fallback: a whole environment for the candidate's variant files. */
export async function prepareFull(ctx: StepContext, ref: string, label: string): Promise<Prepared> {
  const folder = join(ctx.dir, "candidates", label);
  const written = makeVariantFiles(ctx.project.tree, editsFor(ctx, ref));
  await writeVariantFiles(folder, written);
  const files = {
    requirementsFile: join(folder, "requirements.txt"),
    overridesFile: overridesOf(folder, written),
  };
  const env = await ensureEnvironment(environmentSpecOf(ctx.project, ctx.facts, files));
  if (env.status !== "ok")
    return {
      setup: { status: "install-error", excerpt: env.excerpt },
      declared: [],
      detail: `cannot install: ${installReasonOf(env.logText)}`,
    };
  const [metadata, importNames] = await Promise.all([
    readMetadata(env.envDir, ctx.packageName),
    readImportNames(env.envDir),
  ]);
  return {
    setup: { status: "ok", installed: env.installed, importNames },
    envDir: env.envDir,
    declared: metadata ? declaredDependencies(metadata) : [],
    note: env.reused ? "environment reused" : "environment built",
  };
}
