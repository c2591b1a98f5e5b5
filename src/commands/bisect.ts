/**
 * `matrix bisect`: the first bad release or commit of one package, for one job, with the other
 * packages as in `--variant` (engine/bisect-record.ts does the work). Exit 0 when the first bad
 * ref is found, 1 otherwise.
 */
import { openRunFolder } from "../adapters/run-folder.js";
import { bisectPackage } from "../engine/bisect-record.js";
import { gatherMachineFacts } from "../engine/environment-spec.js";
import { planKnobCells } from "../engine/knob-run.js";
import { loadProject } from "../engine/load-project.js";
import { InputError } from "../errors.js";
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
}

/** The `matrix bisect` command. */
export async function bisectCommand(opts: BisectOptions): Promise<void> {
  const loaded = await loadProject(opts.matrix);
  const layout = await openRunFolder(opts.reports, opts.run);
  const facts = await gatherMachineFacts(loaded, opts.reports);
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
  const record = await bisectPackage(project, layout, facts, { ...opts, job });
  const first = record.first_bad;
  const head = first
    ? `first bad ${record.kind === "commits" ? first.ref.slice(0, 12) : first.ref}: ${first.title}${first.pr && !first.title.includes(`#${first.pr}`) ? ` (#${first.pr})` : ""}`
    : `no first bad ref: ${record.reason ?? record.status}`;
  const skipped = record.log
    .filter((l) => l.verdict === "skip")
    .map(
      (l) => `  skipped ${record.kind === "commits" ? l.ref.slice(0, 12) : l.ref}: ${l.detail ?? l.reason}`,
    );
  const human = [
    `bisect ${record.package} (${record.kind}, ${record.candidates} candidates): ${record.status}`,
    `  ${head}`,
    `  last good ${record.last_good?.ref ?? "-"}; ${record.steps} steps in ${record.rounds} rounds`,
    ...skipped,
  ].join("\n");
  emitResult(opts, record, human);
  if (record.status !== "found") process.exitCode = 1;
}
