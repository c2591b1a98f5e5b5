/**
 * `matrix bisect`: the first bad release or commit of one package, for one job, with the other
 * packages as in `--variant` (engine/bisect-record.ts does the work). Exit 0 when the first bad
 * ref is found, 1 otherwise.
 */
import { openRunFolder } from "../adapters/run-folder.js";
import { bisectPackage } from "../engine/bisect-record.js";
import { gatherMachineFacts } from "../engine/environment-spec.js";
import { loadProject } from "../engine/load-project.js";
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
export async function bisectCommand(opts: BisectOptions): Promise<number> {
  const project = await loadProject(opts.matrix);
  const layout = await openRunFolder(opts.reports, opts.run);
  const facts = await gatherMachineFacts(project, opts.reports);
  const record = await bisectPackage(project, layout, facts, opts);
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
  return record.status === "found" ? 0 : 1;
}
