/**
 * The import smoke's pinned baseline for a cell run without pinned's cell. In one process
 * pinned's cell runs first and leaves `logs/pinned--<job>.imports.json` (the modules that fail
 * under the pins too), and every other variant is judged against it. In the Actions fan-out each
 * cell has a runner of its own and pinned's runs elsewhere, so without this every module that
 * fails under the pins too would fail every variant (and be bisected). The runner therefore makes
 * the baseline itself, once per job, the way pinned's cell does: pinned's environment from the
 * same manifest (the same uv cache, so mostly links) and the same script under
 * `MATRIX_VARIANT=pinned`, on the same kind of machine, so a GPU-only module is judged on a GPU
 * runner. Its log and baseline go to `logs/<variant>--<job>.baseline/`, never over the files of
 * pinned's own cell when the cells' artifacts are merged. No result is recorded for it.
 */

import { dirname, join } from "node:path";
import { isPresent } from "../../adapters/fs.js";
import type { Progress } from "../../adapters/progress.js";
import { ensureEnvironment } from "../../adapters/python-env.js";
import type { JobSpec } from "../../core/matrix/model.js";
import { usesImportSmoke } from "../../core/smoke/import-smoke-script.js";
import type { ManifestVariant } from "../../core/variants/manifest.js";
import { environmentSpecOf, type MachineFacts, variantFilesOf } from "../project/environment-spec.js";
import type { Project } from "../project/load-project.js";
import { gpuOfSlot, importBaselineOf, runAttempts } from "./run-attempts.js";

/** What a baseline probe needs from the run. */
export interface BaselineContext {
  project: Project;
  facts: MachineFacts;
  /** The run's logs folder and manifest path. */
  logs: string;
  manifest: string;
  /** The manifest's pinned variant; null when the run has none (then no probe is made). */
  pinned: ManifestVariant | null;
  progress: Progress;
}

/** Which baseline a cell's import smoke reads: undefined for the run's own (`logs/pinned--<job>`). */
export type BaselineOf = (variant: string, job: JobSpec) => Promise<string | undefined>;

/** Where the cells of one `runCells` learn their baseline; pinned's cells say when they run. */
export interface Baselines {
  baselineOf: BaselineOf;
  /** Pinned's cell of `job` runs in this batch: the job's other cells wait for it and read its baseline. */
  pinnedRuns(job: string, cell: Promise<unknown>): void;
}

/**
 * The baseline source of the cells of one `runCells` (its companions and stand-ins included):
 * pinned's own cell when it runs here (awaited), the run folder's baseline when one is there
 * already, else a probe made once per job.
 */
export function baselinesOf(ctx: BaselineContext): Baselines {
  const pinnedDone = new Map<string, Promise<unknown>>();
  const probes = new Map<string, Promise<string | undefined>>();
  return {
    pinnedRuns: (job, cell) =>
      pinnedDone.set(
        job,
        cell.catch(() => undefined),
      ),
    baselineOf: async (variant, job) => {
      if (variant === "pinned" || !usesImportSmoke(job.run)) return undefined;
      const own = pinnedDone.get(job.name);
      if (own) return own.then(() => undefined);
      if (probes.has(job.name)) return probes.get(job.name);
      if (ctx.pinned === null || (await isPresent(importBaselineOf(ctx.logs, job.name)))) return undefined;
      if (!probes.has(job.name)) probes.set(job.name, probeBaseline(ctx, ctx.pinned, variant, job));
      return probes.get(job.name);
    },
  };
}

/** Runs the import smoke once under pinned here; the baseline file it wrote, or undefined when none could be made. */
async function probeBaseline(
  ctx: BaselineContext,
  pinned: ManifestVariant,
  variant: string,
  job: JobSpec,
): Promise<string | undefined> {
  const files = variantFilesOf(pinned, dirname(ctx.manifest));
  const label = `${variant} (pinned baseline)`;
  if (files === null) return undefined;
  const done = ctx.progress.start(
    label,
    `${job.name}: pinned's environment and import smoke, for known failures`,
  );
  const env = await ensureEnvironment(environmentSpecOf(ctx.project, ctx.facts, files));
  if (env.status !== "ok") {
    done("pinned's environment could not be made here: judged without a baseline");
    return undefined;
  }
  const dir = join(ctx.logs, `${variant}--${job.name}.baseline`);
  await runAttempts("pinned", { ...job, retries: 0 }, env.envDir, gpuOfSlot(ctx.facts.gpus, 0), {
    logsDir: dir,
    progress: ctx.progress,
  });
  const file = importBaselineOf(dir, job.name);
  const made = await isPresent(file);
  done(made ? `baseline in ${file}` : "the import smoke under pinned left no baseline: judged without one");
  return made ? file : undefined;
}
