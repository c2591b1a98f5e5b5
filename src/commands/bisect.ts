/**
 * `matrix bisect`: the first bad release or commit of one package, for one job, with the other
 * packages as in `--variant` (engine/bisect-record.ts does the work). Exit 0 when the first bad
 * ref is found, 1 otherwise.
 */
import { openRunFolder } from "../adapters/run-folder.js";
import { bisectPackage } from "../engine/bisect-record.js";
import { gatherMachineFacts } from "../engine/environment-spec.js";
import { loadProject } from "../engine/load-project.js";
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
}

/** The `matrix bisect` command. */
export async function bisectCommand(opts: BisectOptions): Promise<number> {
  const project = await loadProject(opts.matrix);
  const layout = await openRunFolder(opts.reports, opts.run);
  const facts = await gatherMachineFacts(project, opts.reports);
  const record = await bisectPackage(project, layout, facts, opts);
  emitResult(opts, record, formatBisect(record));
  return record.status === "found" ? 0 : 1;
}
