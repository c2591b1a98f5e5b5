import { dirname, join } from "node:path";
import pLimit from "p-limit";
import { writeRedactedJson, writeRedactedText } from "../../adapters/fs.js";
import type { Progress } from "../../adapters/progress.js";
import { ensureEnvironment } from "../../adapters/python-env.js";
import type { RunLayout } from "../../adapters/run-folder.js";
import { readImportNames } from "../../adapters/site-packages.js";
import { runsUnder } from "../../core/knobs/knob-jobs.js";
import type { JobSpec } from "../../core/matrix/model.js";
import { buildResult, type SetupOutcome } from "../../core/results/build-result.js";
import { explainResolution, isResolutionFailure } from "../../core/results/resolution-failure.js";
import type { ResultRecord } from "../../core/results/result-record.js";
import type { ManifestVariant } from "../../core/variants/manifest.js";
import { describeStale } from "../../core/variants/stale-upstream.js";
import { describeMachine } from "../project/describe-machine.js";
import { environmentSpecOf, type MachineFacts, variantFilesOf } from "../project/environment-spec.js";
import type { Project } from "../project/load-project.js";
import { examineRefusal, type Refusal } from "../variants/refused-variant.js";
import { leaveOutBlocker } from "../variants/stand-in-variant.js";
import { type Baselines, baselinesOf } from "./import-baseline.js";
import { checkMissingDependency } from "./missing-dependency-check.js";
import { gpuOfSlot, runAttempts } from "./run-attempts.js";
import { checkStaleUpstreams } from "./stale-upstream-check.js";

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
  /**
   * The manifest's pinned variant, given by the run stage: a cell run without pinned's cell (a
   * split runner) makes pinned's import smoke baseline from it (import-baseline.ts).
   */
  pinned?: ManifestVariant;
}

type EnvSetup = SetupOutcome & {
  envDir?: string;
  refusal?: Refusal;
  companion?: ManifestVariant | null;
  /** A refused or failed install's whole log: the resolver's (or build's) words name the blocker. */
  refusedLog?: string;
};

/**
 * Runs every (variant, job) cell; returns the results in plan order. A variant the resolver
 * refuses gets its companion variant (the pins it needs moved too) run after the others.
 */
export async function runCells(opts: RunCellsOptions): Promise<ResultRecord[]> {
  const envs = new Map<string, Promise<EnvSetup>>();
  // One baseline source for every batch: pinned's cells of the first, or one probe per job.
  const baselines = baselinesOf({
    ...opts,
    logs: opts.layout.logs,
    manifest: opts.layout.manifest,
    pinned: opts.pinned ?? null,
  });
  const results = await runEach(opts, envs, baselines);
  // Variants made on the way (companions, stand-ins) make none of their own.
  if (opts.companionOf || opts.probeOf) return results;
  const companions: ManifestVariant[] = [];
  const companionOf: Record<string, string> = {};
  const standIns: ManifestVariant[] = [];
  for (const [name, pending] of envs) {
    const setup = await pending;
    if (setup.companion) {
      companions.push(setup.companion);
      companionOf[setup.companion.name] = name;
    } else if (setup.status === "unsatisfiable" || setup.status === "install-error") {
      const refused = opts.variants.find((v) => v.name === name);
      const standIn =
        refused && setup.refusedLog
          ? await leaveOutBlocker(
              opts.project,
              opts.layout,
              opts.variants,
              refused,
              setup.refusedLog,
              opts.progress,
            )
          : null;
      if (standIn) standIns.push(standIn);
    }
  }
  const more = [
    ...(companions.length > 0
      ? await runEach({ ...opts, variants: companions, companionOf }, new Map(), baselines)
      : []),
    ...(standIns.length > 0
      ? await runEach({ ...opts, variants: standIns, companionOf: {} }, new Map(), baselines)
      : []),
  ];
  return [...results, ...more];
}

async function runEach(
  opts: RunCellsOptions,
  envs: Map<string, Promise<EnvSetup>>,
  baselines: Baselines,
): Promise<ResultRecord[]> {
  const limit = pLimit(opts.workers);
  const freeSlots = Array.from({ length: opts.workers }, (_, i) => i);
  const setupOf = (variant: ManifestVariant) => {
    if (!envs.has(variant.name)) envs.set(variant.name, prepareEnvironment(variant, opts));
    return envs.get(variant.name) as Promise<EnvSetup>;
  };
  const cells = opts.variants.flatMap((variant) =>
    // A stand-in runs the jobs of the variant it stands in for (knob cells name their variants).
    opts.jobs
      .filter((job) => runsUnder(job, variant.left_out?.of ?? variant.name))
      .map((job) => ({ variant, job })),
  );
  // Pinned's cells are queued first: the pool is first-in first-out, so a cell that waits for
  // pinned's (the import smoke) never holds the slot pinned's cell needs. Results keep plan order.
  const pinnedFirst = [...cells].sort(
    (a, b) => Number(b.variant.name === "pinned") - Number(a.variant.name === "pinned"),
  );
  const started = new Map(
    pinnedFirst.map(({ variant, job }) => {
      const cell = limit(async () => {
        const slot = freeSlots.shift() ?? 0;
        try {
          const setup = await setupOf(variant);
          // The import smoke judges a variant against the imports that fail under pinned too.
          const baselineFile = await baselines.baselineOf(variant.name, job);
          const gpu = gpuOfSlot(opts.facts.gpus, slot);
          const attempts =
            setup.status === "ok" && setup.envDir
              ? await runAttempts(variant.name, job, setup.envDir, gpu, {
                  logsDir: opts.layout.logs,
                  progress: opts.progress,
                  ...(baselineFile ? { baselineFile } : {}),
                })
              : [];
          const built = await checkMissingDependency(
            buildResult({ variant: variant.name, job: job.name, expect: job.expect, setup, attempts }),
            setup,
            variant.moves,
          );
          const companionOf = opts.companionOf?.[variant.name];
          const result = {
            ...built,
            ...(setup.refusal ? { resolution: setup.refusal } : {}),
            ...(companionOf ? { companion_of: companionOf } : {}),
            ...(variant.left_out ? { left_out: variant.left_out } : {}),
            ...(opts.probeOf ? { probe_of: opts.probeOf } : {}),
            ...(job.knobCell ? { knob: job.knobCell } : {}),
            machine: describeMachine(opts.facts),
          };
          await writeRedactedJson(join(opts.layout.results, `${variant.name}--${job.name}.json`), result);
          // One attempt has said its verdict already; a retried, flaky or never-run cell has not.
          if (result.attempts !== 1)
            opts.progress.note(variant.name, `${job.name}: ${result.status} (${result.seconds}s)`);
          return result;
        } finally {
          freeSlots.push(slot);
        }
      });
      if (variant.name === "pinned") baselines.pinnedRuns(job.name, cell);
      return [`${variant.name}\0${job.name}`, cell] as const;
    }),
  );
  return Promise.all(
    cells.map(({ variant, job }) => started.get(`${variant.name}\0${job.name}`) as Promise<ResultRecord>),
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
    const reused = env.projectReinstalled
      ? `reused ${env.installer} environment, project reinstalled`
      : `reused ${env.installer} environment`;
    done(env.reused ? reused : `built with ${env.installer}`);
    const stale = await checkStaleUpstreams(opts.project, variant, env.envDir);
    const said = stale.length > 0 ? `${describeStale(stale)}\n` : "";
    await writeRedactedText(
      log,
      `${lines.join("\n")}\nenvironment ${env.envDir} (${env.reused ? "reused" : "built"})\n${said}`,
    );
    if (stale.length > 0) {
      opts.progress.note(variant.name, `stale upstream, jobs not run: ${describeStale(stale)}`);
      return { status: "stale-upstream", message: describeStale(stale), stale: stale.map((s) => s.package) };
    }
    // Read once per environment: every cell's blame, and the missing-dependency check, go by it.
    const importNames = await readImportNames(env.envDir);
    return { status: "ok", installed: env.installed, importNames, envDir: env.envDir };
  }
  await writeRedactedText(log, env.logText);
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
    return {
      status: "unsatisfiable",
      explanation: refusal.explanation,
      refusal,
      companion,
      refusedLog: env.logText,
    };
  }
  done(env.network ? "index or git host unreachable" : "install failed");
  return env.network
    ? { status: "infra-error", message: env.excerpt }
    : { status: "install-error", excerpt: env.excerpt, refusedLog: env.logText };
}
