/**
 * The engine of `matrix run`: one environment per variant (built once, shared by its jobs, even
 * across workers), each job run with its retries, every result written whole as it completes.
 * Workers are a p-limit pool; on a multi-GPU machine each worker slot owns one GPU.
 */
import { readFile, rm } from "node:fs/promises";
import { delimiter, dirname, join } from "node:path";
import pLimit from "p-limit";
import { runProcess } from "../adapters/exec.js";
import { writeFileAtomic, writeRedactedJson } from "../adapters/fs.js";
import type { Progress } from "../adapters/progress.js";
import { ensureEnvironment } from "../adapters/python-env.js";
import type { RunLayout } from "../adapters/run-folder.js";
import type { JobSpec } from "../core/matrix/model.js";
import {
  type AttemptOutcome,
  buildResult,
  classifyAttempt,
  type SetupOutcome,
} from "../core/results/build-result.js";
import { parseMetrics } from "../core/results/parse-metrics.js";
import { explainResolution, isResolutionFailure } from "../core/results/resolution-failure.js";
import type { ResultRecord } from "../core/results/result-record.js";
import type { ManifestVariant } from "../core/variants/manifest.js";
import { environmentSpecOf, type MachineFacts, variantFilesOf } from "./environment-spec.js";
import type { Project } from "./load-project.js";
import { examineRefusal, type Refusal } from "./refused-variant.js";

/** Everything the engine needs, resolved by the command. */
export interface RunCellsOptions {
  project: Project;
  facts: MachineFacts;
  layout: RunLayout;
  variants: ManifestVariant[];
  jobs: JobSpec[];
  workers: number;
  progress: Progress;
  /** Companion variant -> the refused variant it stands in for (set when running companions). */
  companionOf?: Record<string, string>;
  /** Set when these cells test subsets for an interaction search of that variant. */
  probeOf?: string;
}

type EnvSetup = SetupOutcome & { envDir?: string; refusal?: Refusal; companion?: ManifestVariant | null };

/**
 * Runs every (variant, job) cell; returns the results in plan order. A variant the resolver
 * refuses gets its companion variant (the pins it needs moved too) run after the others.
 */
export async function runCells(opts: RunCellsOptions): Promise<ResultRecord[]> {
  const envs = new Map<string, Promise<EnvSetup>>();
  const results = await runEach(opts, envs);
  const companions: ManifestVariant[] = [];
  const companionOf: Record<string, string> = {};
  for (const [name, setup] of envs) {
    const companion = (await setup).companion;
    if (companion && !opts.companionOf && !opts.probeOf) {
      companions.push(companion);
      companionOf[companion.name] = name;
    }
  }
  if (companions.length === 0) return results;
  return [...results, ...(await runEach({ ...opts, variants: companions, companionOf }, new Map()))];
}

async function runEach(opts: RunCellsOptions, envs: Map<string, Promise<EnvSetup>>): Promise<ResultRecord[]> {
  const limit = pLimit(opts.workers);
  const freeSlots = Array.from({ length: opts.workers }, (_, i) => i);
  const setupOf = (variant: ManifestVariant) => {
    if (!envs.has(variant.name)) envs.set(variant.name, prepareEnvironment(variant, opts));
    return envs.get(variant.name) as Promise<EnvSetup>;
  };
  const cells = opts.variants.flatMap((variant) => opts.jobs.map((job) => ({ variant, job })));
  return Promise.all(
    cells.map(({ variant, job }) =>
      limit(async () => {
        const slot = freeSlots.shift() ?? 0;
        try {
          const setup = await setupOf(variant);
          const gpu = gpuOfSlot(opts.facts.gpus, slot);
          const attempts =
            setup.status === "ok" && setup.envDir
              ? await runAttempts(variant.name, job, setup.envDir, gpu, {
                  logsDir: opts.layout.logs,
                  progress: opts.progress,
                })
              : [];
          const built = buildResult({
            variant: variant.name,
            job: job.name,
            expect: job.expect,
            setup,
            attempts,
          });
          const companionOf = opts.companionOf?.[variant.name];
          const result = {
            ...built,
            ...(setup.refusal ? { resolution: setup.refusal } : {}),
            ...(companionOf ? { companion_of: companionOf } : {}),
            ...(opts.probeOf ? { probe_of: opts.probeOf } : {}),
          };
          await writeRedactedJson(join(opts.layout.results, `${variant.name}--${job.name}.json`), result);
          opts.progress.note(variant.name, `${job.name}: ${result.status} (${result.seconds}s)`);
          return result;
        } finally {
          freeSlots.push(slot);
        }
      }),
    ),
  );
}

async function prepareEnvironment(variant: ManifestVariant, opts: RunCellsOptions): Promise<EnvSetup> {
  const files = variantFilesOf(variant, dirname(opts.layout.manifest));
  if (files === null) {
    const message = variant.unresolved.map((u) => `${u.package}: ${u.reason}`).join("; ");
    return { status: "infra-error", message: `not resolved: ${message}` };
  }
  const done = opts.progress.start(variant.name, "environment");
  const lines: string[] = [];
  const env = await ensureEnvironment(
    environmentSpecOf(opts.project, opts.facts, files, { onProgress: (line) => lines.push(line) }),
  );
  const log = join(opts.layout.logs, `${variant.name}--install.log`);
  if (env.status === "ok") {
    done(env.reused ? `reused ${env.installer} environment` : `built with ${env.installer}`);
    await writeFileAtomic(
      log,
      `${lines.join("\n")}\nenvironment ${env.envDir} (${env.reused ? "reused" : "built"})\n`,
    );
    return { status: "ok", installed: env.installed, envDir: env.envDir };
  }
  await writeFileAtomic(log, env.logText);
  if (!env.network && isResolutionFailure(env.logText)) {
    done("unsatisfiable: the resolver refuses these requirements together");
    // An interaction search's subsets only need the verdict; companions are for the night's variants.
    if (opts.probeOf) return { status: "unsatisfiable", explanation: explainResolution(env.logText) };
    const examined = await examineRefusal(opts.project, opts.facts, opts.layout, variant, env.logText);
    const { refusal, companion } = examined;
    opts.progress.note(
      variant.name,
      companion
        ? `companion ${companion.name} (${Object.keys(refusal.companion?.moved ?? {}).join(", ")} moved)`
        : `no companion: ${refusal.reason}`,
    );
    return { status: "unsatisfiable", explanation: refusal.explanation, refusal, companion };
  }
  done(env.network ? "index or git host unreachable" : "install failed");
  return env.network
    ? { status: "infra-error", message: env.excerpt }
    : { status: "install-error", excerpt: env.excerpt };
}

/** The GPU a worker slot owns: slots take the GPUs round-robin; none on a CPU machine. */
export function gpuOfSlot(gpus: string[], slot: number): string | undefined {
  return gpus.length > 0 ? gpus[slot % gpus.length] : undefined;
}

/** Where attempts log and report; a run's `logs/`, or a bisect's own folder. */
export interface AttemptContext {
  logsDir: string;
  progress: Progress;
}

/** Runs a job in an environment with its retries, stopping at the first pass; logs per attempt. */
export async function runAttempts(
  variant: string,
  job: JobSpec,
  envDir: string,
  gpu: string | undefined,
  ctx: AttemptContext,
): Promise<AttemptOutcome[]> {
  const attempts: AttemptOutcome[] = [];
  for (let n = 0; n <= job.retries; n++) {
    const stem = join(
      ctx.logsDir,
      n === 0 ? `${variant}--${job.name}` : `${variant}--${job.name}.retry-${n}`,
    );
    const metricsFile = `${stem}.metrics.jsonl`;
    await rm(metricsFile, { force: true });
    const done = ctx.progress.start(variant, n === 0 ? job.name : `${job.name} (retry ${n})`);
    const ran = await runProcess({
      command: job.run,
      cwd: job.cwd,
      timeoutMs: job.timeoutSeconds * 1000,
      logFile: `${stem}.log`,
      env: {
        ...job.env,
        MATRIX_METRICS: metricsFile,
        MATRIX_VARIANT: variant,
        MATRIX_JOB: job.name,
        VIRTUAL_ENV: envDir,
        PATH: `${join(envDir, "bin")}${delimiter}${process.env.PATH ?? ""}`,
        // Let Python cache bytecode in the (reused) environment: importing torch cold costs seconds.
        PYTHONDONTWRITEBYTECODE: "",
        ...(gpu !== undefined ? { CUDA_VISIBLE_DEVICES: gpu } : {}),
      },
    });
    const metrics = parseMetrics(await readFile(metricsFile, "utf8").catch(() => ""));
    const attempt: AttemptOutcome = {
      exitCode: ran.exitCode,
      signal: ran.signal,
      timedOut: ran.timedOut,
      seconds: ran.durationMs / 1000,
      output: ran.output,
      metrics,
      ...(ran.spawnError ? { infraError: ran.spawnError } : {}),
    };
    attempts.push(attempt);
    const verdict = classifyAttempt(attempt, job.expect);
    done(verdict.status === "pass" ? "passed" : `${verdict.status}: ${verdict.failure?.kind ?? ""}`);
    // A run that exited 0 with a flat loss is a failure too, and is retried like one.
    if (verdict.status === "pass") break;
  }
  return attempts;
}
