/**
 * `matrix report [--run DIR] [--out DIR] [--merge DIR]...`: adds the run (the newest under
 * --reports by default) to `<reports>/history/`, merging other history folders in first (another
 * machine's, last night's Actions artifact, a gh-pages checkout), and renders the dashboard to
 * `<out>/index.html` (default `<reports>/site`). The matrix file's `history.keep` sets retention.
 * With `--merge` and no run under --reports, it renders the merged histories alone (the upstream
 * view of several projects' histories).
 */
import { dirname, resolve } from "node:path";
import { readTextIfPresent } from "../adapters/fs.js";
import { findRunFolder } from "../adapters/run-folder.js";
import { parseMatrix } from "../core/matrix/parse-matrix.js";
import { type ReportOutcome, reportRun } from "../engine/report/report-run.js";
import { InputError } from "../errors.js";
import { emitResult, type OutputOptions } from "./output.js";
import { sayRunChoice } from "./run-choice.js";

/** Options of `matrix report`. */
export interface ReportCommandOptions extends OutputOptions {
  matrix: string;
  reports: string;
  run?: string;
  out?: string;
  merge?: string[];
}

/** The `matrix report` command. */
export async function reportCommand(opts: ReportCommandOptions): Promise<number> {
  // Merging others' histories needs no run of our own: an upstream view may be all that is wanted.
  const merging = (opts.merge ?? []).length > 0 && opts.run === undefined;
  const layout = merging
    ? await findRunFolder(opts.reports, undefined).catch((error: unknown) => {
        if (error instanceof InputError) return null;
        throw error;
      })
    : await findRunFolder(opts.reports, opts.run);
  if (layout) sayRunChoice(layout, opts.stderr);
  const outcome = await reportRun({
    reports: opts.reports,
    layout,
    ...(opts.out ? { out: opts.out } : {}),
    merge: opts.merge ?? [],
    keep: await readKeep(opts.matrix),
  });
  emitResult(opts, outcome, formatReport(outcome));
  return 0;
}

/** `history.keep` of the matrix file; none when there is no matrix file (a bare reports folder). */
async function readKeep(file: string): Promise<number | null> {
  const text = await readTextIfPresent(file);
  if (text === null) return null;
  return parseMatrix(text, file, dirname(resolve(file))).history?.keep ?? null;
}

/** The human lines: what was added, what is broken, where the page is. */
export function formatReport(o: ReportOutcome): string {
  const open = o.breakages.filter((b) => b.state !== "fixed");
  const lines = [
    `report: ${o.run ?? "history"} in ${o.history} (${o.nights} night${o.nights === 1 ? "" : "s"}, ${o.prs ? `${o.prs} pull request run${o.prs === 1 ? "" : "s"}, ` : ""}${o.written.length} written${o.dropped.length ? `, ${o.dropped.length} past retention removed` : ""})`,
  ];
  for (const b of open)
    lines.push(
      `  ${b.state.padEnd(10)} ${b.packages.join("+") || "unknown"} / ${b.job}: red since ${b.since} (${b.nights_red} night${b.nights_red === 1 ? "" : "s"})${b.culprit?.ref ? `, first bad ${b.culprit.ref.slice(0, 12)}` : ""}${b.issue?.url ? `, ${b.issue.url}` : ""}`,
    );
  for (const u of o.unreadable) lines.push(`  left out: ${u}`);
  lines.push(`  dashboard: ${o.site} (${o.bytes} bytes)`);
  return lines.join("\n");
}
