/**
 * `matrix report` and the end of `matrix nightly`: the run's night added to `reports/history/`
 * (other history folders merged in first, retention applied), then the dashboard rendered from
 * the whole history into the site folder, redacted, written whole.
 */
import { join, resolve } from "node:path";
import { writeRedactedText } from "../../adapters/fs.js";
import { readPageScript } from "../../adapters/page-bundle.js";
import type { RunLayout } from "../../adapters/run-folder.js";
import { buildDashboardData } from "../../core/dashboard/dashboard-data.js";
import { renderPage } from "../../core/dashboard/render-page.js";
import { buildUpstreamView } from "../../core/dashboard/upstream-view.js";
import type { BreakageLife } from "../../core/history/breakage-lifecycle.js";
import { readRunNight } from "../triage/read-run-night.js";
import { recordHistory } from "./history-store.js";

/** What a report needs. */
export interface ReportOptions {
  reports: string;
  /** The run to add; null renders the history as it is (after merging). */
  layout: RunLayout | null;
  /** The site folder (default `<reports>/site`). */
  out?: string;
  merge?: string[];
  keep?: number | null;
  now?: Date;
}

/** What a report did. */
export interface ReportOutcome {
  run: string | null;
  history: string;
  site: string;
  nights: number;
  /** Pull request records (`history/pr/`) the history holds after the report. */
  prs: number;
  written: string[];
  dropped: string[];
  unreadable: string[];
  breakages: BreakageLife[];
  bytes: number;
}

/** Adds the run to history and renders the dashboard. */
export async function reportRun(opts: ReportOptions): Promise<ReportOutcome> {
  const now = opts.now ?? new Date();
  const history = resolve(opts.reports, "history");
  const night = opts.layout ? await readRunNight(opts.layout, now) : null;
  const merge = (opts.merge ?? []).map((d) => resolve(d)).filter((d) => d !== history);
  const write = await recordHistory(history, night, { merge, keep: opts.keep ?? null });
  const data = buildDashboardData(write.nights, now);
  const site = resolve(opts.out ?? join(opts.reports, "site"));
  const page = renderPage(data, await readPageScript(), buildUpstreamView(write.nights, write.prs));
  await writeRedactedText(join(site, "index.html"), page);
  return {
    run: night?.run ?? null,
    history,
    site: join(site, "index.html"),
    nights: write.nights.length,
    prs: write.prs.length,
    written: write.written,
    dropped: write.dropped,
    unreadable: write.unreadable,
    breakages: data.breakages,
    bytes: Buffer.byteLength(page),
  };
}
