/**
 * One bisect step: the candidate put into the worker slot's private environment (a clone of the
 * variant's environment with the package at the good endpoint) together with whatever it
 * declares that the environment lacks, the job with its retries, and the verdict against the bad
 * endpoint's signature. When no worker environment can be made, a full environment per
 * candidate is the fallback.
 */
import { join } from "node:path";
import type { RefVerdict } from "../../core/bisect/bisect-state.js";
import { missingDeclaredDependency } from "../../core/bisect/missing-dependency.js";
import { type Outcome, verdictOf } from "../../core/bisect/verdict-of.js";
import { buildResult } from "../../core/results/build-result.js";
import { gpuOfSlot, importBaselineOf, runAttempts } from "../run/run-attempts.js";
import type { StepContext } from "./bisect-context.js";
import { prepareFull, prepareInWorker } from "./bisect-install.js";

/** Tests one candidate on worker `slot` and judges it; `ready` is called once it is installed (or cannot be). */
export async function testCandidate(
  ctx: StepContext,
  ref: string,
  badSignature: string | null,
  slot = 0,
  ready?: () => void,
): Promise<RefVerdict & { smoke: number; outcome: Outcome | null }> {
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
  const outcome: Outcome = { status: result.status, signature: result.failure?.signature ?? null };
  const verdict = verdictOf(outcome, badSignature);
  const missing =
    verdict.verdict !== "good" && result.failure
      ? missingDeclaredDependency(
          result.failure.excerpt,
          prepared.declared,
          prepared.setup.status === "ok" ? prepared.setup.importNames : {},
        )
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
      // The environment's fault, not the code's: nothing to remember about the candidate.
      outcome: null,
    };
  return {
    ref,
    ...verdict,
    ...(prepared.detail ? { detail: prepared.detail } : {}),
    seconds,
    smoke,
    outcome,
  };
}
