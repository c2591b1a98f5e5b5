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
import type { RefVerdict } from "../core/bisect/bisect-state.js";
import { missingDeclaredDependency } from "../core/bisect/missing-dependency.js";
import { verdictOf } from "../core/bisect/verdict-of.js";
import type { JobSpec } from "../core/matrix/model.js";
import { buildResult } from "../core/results/build-result.js";
import type { ManifestVariant } from "../core/variants/manifest.js";
import { prepareFull, prepareInWorker } from "./bisect-install.js";
import type { MachineFacts } from "./environment-spec.js";
import type { Project } from "./load-project.js";
import { gpuOfSlot, importBaselineOf, runAttempts } from "./run-attempts.js";

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
  const done = ctx.progress.start(`bisect ${ctx.packageName}`, `${label}: install`);
  const prepared = ctx.workers
    ? await prepareInWorker(ctx, ctx.workers, ref, slot)
    : await prepareFull(ctx, ref, label);
  done(prepared.setup.status === "ok" ? (prepared.note ?? "ready") : (prepared.detail ?? "install failed"));
  ready?.();
  const attempts = prepared.envDir
    ? await runAttempts(label, ctx.job, prepared.envDir, gpuOfSlot(ctx.facts.gpus, slot), {
        logsDir: join(ctx.dir, "logs"),
        progress: ctx.progress,
        // The night's pinned cell recorded which imports fail under the pins too (bisect/<pkg>--<job>/ is in the run).
        baselineFile: importBaselineOf(join(ctx.dir, "..", "..", "logs"), ctx.job.name),
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
