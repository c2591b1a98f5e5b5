/**
 * One bisect step: the variant's requirements with the bisected package moved to one candidate,
 * an environment for it (content-addressed, so a resumed or repeated bisect reuses it), the job
 * with its retries, and the verdict against the bad endpoint's signature.
 */
import { join } from "node:path";
import type { Progress } from "../adapters/progress.js";
import { ensureEnvironment } from "../adapters/python-env.js";
import { writeVariantFiles } from "../adapters/requirements-files.js";
import type { RefVerdict } from "../core/bisect/bisect-state.js";
import { verdictOf } from "../core/bisect/verdict-of.js";
import type { JobSpec } from "../core/matrix/model.js";
import { buildResult, type SetupOutcome } from "../core/results/build-result.js";
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

/** Tests one candidate and judges it. */
export async function testCandidate(
  ctx: StepContext,
  ref: string,
  badSignature: string | null,
): Promise<RefVerdict> {
  const started = performance.now();
  const label = ctx.kind === "commits" ? ref.slice(0, 12) : ref;
  const folder = join(ctx.dir, "candidates", label);
  await writeVariantFiles(folder, makeVariantFiles(ctx.project.tree, editsFor(ctx, ref)));
  const matrix = ctx.project.matrix;
  const done = ctx.progress.start(`bisect ${ctx.packageName}`, `${label}: environment`);
  const env = await ensureEnvironment({
    python: matrix.python,
    requirementsFile: join(folder, "requirements.txt"),
    requirementsDir: join(matrix.project.requirements, ".."),
    projectPath: matrix.project.path,
    ...(matrix.index ? { indexUrl: matrix.index } : {}),
    installer: matrix.installer,
    uvPath: ctx.uvPath,
    systemSitePackages: matrix.project.systemSitePackages,
    cacheDir: ctx.cacheDir,
  });
  done(env.status === "ok" ? (env.reused ? "reused" : "built") : "install failed");
  const setup: SetupOutcome =
    env.status === "ok"
      ? { status: "ok", installed: env.installed }
      : { status: "install-error", excerpt: env.excerpt };
  const attempts =
    env.status === "ok"
      ? await runAttempts(label, ctx.job, env.envDir, undefined, {
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
