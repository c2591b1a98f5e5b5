/**
 * One bisect step: the candidate put into the worker slot's private environment (a clone of the
 * variant's environment with the package at the good endpoint) together with whatever it
 * declares that the environment lacks, the job with its retries, and the verdict against the bad
 * endpoint's signature. When no worker environment can be made, a full environment per
 * candidate is the fallback.
 */
import { join } from "node:path";
import type { CommitWheel } from "../adapters/commit-wheels.js";
import type { Progress } from "../adapters/progress.js";
import { ensureEnvironment } from "../adapters/python-env.js";
import { installCandidate } from "../adapters/python-installer.js";
import { writeVariantFiles } from "../adapters/requirements-files.js";
import { readMetadata } from "../adapters/site-packages.js";
import type { RefVerdict } from "../core/bisect/bisect-state.js";
import { declaredDependencies, missingDeclaredDependency } from "../core/bisect/missing-dependency.js";
import { verdictOf } from "../core/bisect/verdict-of.js";
import type { JobSpec } from "../core/matrix/model.js";
import { buildResult, type SetupOutcome } from "../core/results/build-result.js";
import { excerptInstallError } from "../core/results/install-excerpt.js";
import type { ManifestVariant } from "../core/variants/manifest.js";
import { makeGitUrl, type VariantEdit } from "../core/variants/plan-variants.js";
import { makeVariantFiles } from "../core/variants/variant-files.js";
import { environmentSpecOf, type MachineFacts } from "./environment-spec.js";
import type { Project } from "./load-project.js";
import { gpuOfSlot, runAttempts } from "./run-cells.js";

/** The worker environments of one bisect: where each slot's clone is, and what it must keep. */
export interface Workers {
  /** Slot -> the path of its private environment (made by `prepareWorker`). */
  envOf: (slot: number) => Promise<string>;
  /** What the base environment holds, for the records. */
  installed: Record<string, string>;
  /** Constraints keeping every package of the base (tier 1), or only the tracked ones (tier 2). */
  constraints: { all: string; tracked: string };
}

/** What every step of one bisect shares. */
export interface StepContext {
  project: Project;
  facts: MachineFacts;
  job: JobSpec;
  base: ManifestVariant;
  packageName: string;
  kind: "releases" | "commits";
  repo: string | null;
  dir: string;
  progress: Progress;
  /** The candidate refs, oldest (good endpoint) first. */
  candidates: string[];
  /** The worker environments, or null when the base could not be built (full environments then). */
  workers: Workers | null;
  /** The wheel of a commit (built once, shared with the prefetcher). */
  wheelOf: (sha: string) => Promise<CommitWheel>;
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

type Prepared = { setup: SetupOutcome; envDir?: string; declared: string[]; detail?: string; note?: string };

/** The requirement (or wheel) that puts the package at `ref`; a commit's wheel comes from the cache. */
async function artifactOf(
  ctx: StepContext,
  ref: string,
): Promise<{ ok: true; requirement: string; note: string } | { ok: false; output: string }> {
  if (ctx.kind === "releases")
    return { ok: true, requirement: `${ctx.packageName}==${ref}`, note: "release" };
  const wheel = await ctx.wheelOf(ref);
  return wheel.ok
    ? { ok: true, requirement: wheel.wheel, note: wheel.reused ? "wheel reused" : "wheel built" }
    : wheel;
}

/** The candidate in the slot's environment, with what it declares; the tracked packages stay put. */
async function prepareInWorker(
  ctx: StepContext,
  workers: Workers,
  ref: string,
  slot: number,
): Promise<Prepared> {
  // The slot's first clone is made while the wheel is still being built.
  const env = workers.envOf(slot);
  env.catch(() => undefined);
  const artifact = await artifactOf(ctx, ref);
  if (!artifact.ok) {
    const excerpt = excerptInstallError(artifact.output);
    return {
      setup: { status: "install-error", excerpt },
      declared: [],
      detail: `cannot build: ${lastLine(excerpt)}`,
    };
  }
  const envDir = await env;
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
      detail: `cannot install: ${lastLine(excerpt)}`,
    };
  }
  const metadata = await readMetadata(envDir, ctx.packageName);
  return {
    setup: { status: "ok", installed: { ...workers.installed, [ctx.packageName]: ref } },
    envDir,
    declared: metadata ? declaredDependencies(metadata) : [],
    note: `${artifact.note}, installed in worker ${slot}`,
  };
}

/** The fallback: a whole environment for the candidate's variant files. */
async function prepareFull(ctx: StepContext, ref: string, label: string): Promise<Prepared> {
  const folder = join(ctx.dir, "candidates", label);
  await writeVariantFiles(folder, makeVariantFiles(ctx.project.tree, editsFor(ctx, ref)));
  const files = {
    requirementsFile: join(folder, "requirements.txt"),
    overridesFile: ctx.project.tree.kind === "pyproject" ? join(folder, "overrides.txt") : null,
  };
  const env = await ensureEnvironment(environmentSpecOf(ctx.project, ctx.facts, files));
  if (env.status !== "ok") return { setup: { status: "install-error", excerpt: env.excerpt }, declared: [] };
  const metadata = await readMetadata(env.envDir, ctx.packageName);
  return {
    setup: { status: "ok", installed: env.installed },
    envDir: env.envDir,
    declared: metadata ? declaredDependencies(metadata) : [],
    note: env.reused ? "environment reused" : "environment built",
  };
}

/** The line of an installer's output that says why: the last one that is not a hint. */
function lastLine(text: string): string {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !/^(hint|help|note):/i.test(l));
  return lines.pop() ?? "";
}

/** Tests one candidate on worker `slot` and judges it; `ready` is called once it is installed (or cannot be). */
export async function testCandidate(
  ctx: StepContext,
  ref: string,
  badSignature: string | null,
  slot = 0,
  ready?: () => void,
): Promise<RefVerdict & { smoke: number }> {
  const started = performance.now();
  const label = ctx.kind === "commits" ? ref.slice(0, 12) : ref;
  const done = ctx.progress.start(`bisect ${ctx.packageName}`, `${label}: environment`);
  const prepared = ctx.workers
    ? await prepareInWorker(ctx, ctx.workers, ref, slot)
    : await prepareFull(ctx, ref, label);
  done(prepared.setup.status === "ok" ? (prepared.note ?? "ready") : (prepared.detail ?? "install failed"));
  ready?.();
  const attempts = prepared.envDir
    ? await runAttempts(label, ctx.job, prepared.envDir, gpuOfSlot(ctx.facts.gpus, slot), {
        logsDir: join(ctx.dir, "logs"),
        progress: ctx.progress,
      })
    : [];
  const result = buildResult({
    variant: label,
    job: ctx.job.name,
    expect: ctx.job.expect,
    setup: prepared.setup,
    attempts,
  });
  const seconds = Math.round(performance.now() - started) / 1000;
  const smoke = result.seconds;
  const verdict = verdictOf(
    { status: result.status, signature: result.failure?.signature ?? null },
    badSignature,
  );
  const missing =
    verdict.verdict !== "good" && result.failure
      ? missingDeclaredDependency(result.failure.excerpt, prepared.declared)
      : null;
  if (missing !== null)
    return {
      ref,
      verdict: "skip",
      reason: "missing-dependency",
      signature: verdict.signature,
      detail: `${ctx.packageName} declares ${missing}, which the environment could not import`,
      seconds,
      smoke,
    };
  return { ref, ...verdict, ...(prepared.detail ? { detail: prepared.detail } : {}), seconds, smoke };
}
