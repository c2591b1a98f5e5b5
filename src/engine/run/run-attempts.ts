/**
 * One job in one environment: its attempts (retries until the first pass), each a process in its
 * own group with `MATRIX_METRICS`, a scrubbed environment, the slot's GPU and a timeout that
 * kills the whole group. The run's cells and the bisect's steps both run jobs through here.
 */
import { rm } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { runProcess } from "../../adapters/exec.js";
import { readTextIfPresent, writeFileAtomic, writeRedactedText } from "../../adapters/fs.js";
import type { Progress } from "../../adapters/progress.js";
import type { JobSpec } from "../../core/matrix/model.js";
import { type AttemptOutcome, classifyAttempt } from "../../core/results/build-result.js";
import { parseMetrics } from "../../core/results/parse-metrics.js";
import {
  IMPORT_BASELINE_VAR,
  IMPORT_SMOKE_SCRIPT,
  IMPORT_SMOKE_VAR,
  usesImportSmoke,
} from "../../core/smoke/import-smoke-script.js";

/** The GPU a worker slot owns: slots take the GPUs round-robin; none on a CPU machine. */
export function gpuOfSlot(gpus: string[], slot: number): string | undefined {
  return gpus.length > 0 ? gpus[slot % gpus.length] : undefined;
}

/** Where attempts log and report; a run's `logs/`, or a bisect's own folder. */
export interface AttemptContext {
  logsDir: string;
  progress: Progress;
  /** Where the pinned variant's import smoke records its known failures for this job (the run's logs). */
  baselineFile?: string;
}

/** The pinned cell's known import failures of `job`, in a run's logs folder. */
export function importBaselineOf(logsDir: string, job: string): string {
  return join(logsDir, `pinned--${job}.imports.json`);
}

/** The import smoke's variables for a job that runs it: the script (written next to the logs) and the baseline. */
async function importSmokeEnv(job: JobSpec, ctx: AttemptContext): Promise<Record<string, string>> {
  if (!usesImportSmoke(job.run)) return {};
  const script = join(ctx.logsDir, "import-smoke.py");
  await writeFileAtomic(script, IMPORT_SMOKE_SCRIPT);
  return {
    [IMPORT_SMOKE_VAR]: script,
    [IMPORT_BASELINE_VAR]: ctx.baselineFile ?? importBaselineOf(ctx.logsDir, job.name),
  };
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
  const smokeEnv = await importSmokeEnv(job, ctx);
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
        ...smokeEnv,
        MATRIX_METRICS: metricsFile,
        MATRIX_VARIANT: variant,
        MATRIX_JOB: job.name,
        VIRTUAL_ENV: envDir,
        PATH: `${join(envDir, "bin")}${delimiter}${process.env.PATH ?? ""}`,
        // Let Python cache bytecode in the (reused) environment: importing torch cold costs seconds.
        PYTHONDONTWRITEBYTECODE: "",
        // A crash in native code (SIGILL, SIGSEGV) leaves no traceback: the fault handler prints
        // the crash site, so the log, the excerpt and the signature say where it died.
        PYTHONFAULTHANDLER: "1",
        ...(gpu !== undefined ? { CUDA_VISIBLE_DEVICES: gpu } : {}),
      },
    });
    const metricsText = (await readTextIfPresent(metricsFile)) ?? "";
    const metrics = parseMetrics(metricsText);
    // The job wrote it into logs/, which is uploaded with the run: what stays there is redacted.
    if (metricsText !== "") await writeRedactedText(metricsFile, metricsText);
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
