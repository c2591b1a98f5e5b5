/**
 * `matrix bisect`: the first bad release or commit of one package, for one job, with the other
 * packages as in `--variant` (engine/bisect-record.ts does the work). Exit 0 when the first bad
 * ref is found, 1 otherwise.
 */
import { resolveCacheDir } from "../adapters/machine.js";
import { openRunFolder } from "../adapters/run-folder.js";
import { findRequestedRange } from "../engine/bisect/bisect-package.js";
import { bisectPackage } from "../engine/bisect/bisect-record.js";
import { knownEndsInRun } from "../engine/explain/explain-regressions.js";
import { planKnobCells } from "../engine/knobs/knob-run.js";
import { checkRunArguments, checkTrackedPackage } from "../engine/project/check-arguments.js";
import { gatherMachineFacts } from "../engine/project/environment-spec.js";
import { loadProject } from "../engine/project/load-project.js";
import { InputError } from "../errors.js";
import { formatBisect } from "./format-bisect.js";
import { emitResult, type OutputOptions } from "./output.js";

/** Options of `matrix bisect`. */
export interface BisectOptions extends OutputOptions {
  matrix: string;
  reports: string;
  run?: string;
  package: string;
  good?: string;
  bad?: string;
  job?: string;
  variant: string;
  workers: number;
  /** `--no-suspects`: false. */
  suspects?: boolean;
}

/** The `matrix bisect` command. */
export async function bisectCommand(opts: BisectOptions): Promise<number> {
  const loaded = await loadProject(opts.matrix);
  // Flags and machine first: a refused command (a mistyped --package) leaves no run folder behind.
  await checkRunArguments(loaded, {
    ...(opts.run !== undefined ? { run: opts.run } : {}),
    package: opts.package,
    variant: [opts.variant],
    ...(opts.job !== undefined ? { job: [opts.job] } : {}),
  });
  // The range (the mirror's fetch, git processes) while the machine is probed (python and uv
  // processes): neither waits for the other, and neither writes the run folder.
  const [facts, range] = await Promise.all([
    gatherMachineFacts(loaded, opts.reports),
    findRequestedRange(loaded, resolveCacheDir(), {
      packageName: checkTrackedPackage(loaded, opts.package),
      ...(opts.good !== undefined ? { good: opts.good } : {}),
      ...(opts.bad !== undefined ? { bad: opts.bad } : {}),
    }),
  ]);
  const layout = await openRunFolder(opts.reports, opts.run);
  // A knob cell (`--job <job>--<id>`) is judged as the night judged it (cached in the run folder).
  const job = opts.job ?? loaded.matrix.jobs[0]?.name ?? "";
  const knobbed = loaded.matrix.jobs.find(
    (j) => j.knobs && (job === j.name || job.startsWith(`${j.name}--`)),
  );
  if (knobbed && job === knobbed.name)
    throw new InputError(
      `${loaded.matrix.file}:1:1: job "${job}" has knobs: name one cell, --job ${job}--<knob id> (see matrix plan)`,
    );
  const project = knobbed ? (await planKnobCells(loaded, facts, layout, { job: [job] })).project : loaded;
  // A bisect job of a split night whose run folder holds the cells' results knows what the night's
  // cells answered, as `matrix nightly` does: the same smokes are skipped both ways.
  const known = await knownEndsInRun(
    { project, layout, reports: opts.reports },
    { package: opts.package, job, ...(opts.bad !== undefined ? { bad: opts.bad } : {}) },
  );
  const record = await bisectPackage(project, layout, facts, { ...opts, job, known, range });
  emitResult(opts, record, formatBisect(record));
  return record.status === "found" ? 0 : 1;
}
