/**
 * The dashboard issue: one issue in the own repository (`<!-- matrix:dashboard -->`), edited in
 * place every night, listing the current breakages with links to their tracking issues. The
 * night's `dashboard.md` draft comes first; the links are added here because only filing knows
 * the issue numbers. Pure.
 */
import { canonicalIssues, type TrackedIssue } from "./filing-model.js";
import { markerLine, markersOf, sameBody } from "./issue-markers.js";

/** One current breakage and where it is tracked (null: not filed, or not yet in a dry run). */
export interface DashboardEntry {
  fingerprint: string;
  title: string;
  cell: string;
  issue: { number: number; url: string } | null;
  upstream: { url: string } | null;
}

/** The dashboard step, if any. */
export type DashboardAction =
  | { kind: "create"; title: string; body: string }
  | { kind: "update-body"; number: number; body: string };

/** The title used when the night wrote no `dashboard.md`. */
export const DEFAULT_DASHBOARD_TITLE = "Dependency matrix: current breakages";

/** The dashboard among labelled issues: the open one with the lowest number, else the lowest. */
export function findDashboard(issues: TrackedIssue[]): TrackedIssue | null {
  const { byKey } = canonicalIssues(issues, (i) => (markersOf(i.body).dashboard ? "dashboard" : null));
  return byKey.get("dashboard") ?? null;
}

/**
 * The dashboard's title and body: the draft (or a heading) and a list of tracking links. No run id
 * of its own, so the issue is edited only when the draft or the breakages change.
 */
export function composeDashboard(
  draft: { title: string; body: string } | null,
  entries: DashboardEntry[],
): { title: string; body: string } {
  const head =
    draft?.body.trimEnd() ?? `Breakages seen by the nightly dependency matrix.\n\n${markerLine("dashboard")}`;
  // The marker is what finds this issue again; a draft that lacks it still gets it.
  const marker = markersOf(head).dashboard ? "" : `\n${markerLine("dashboard")}`;
  const sorted = [...entries].sort(
    (a, b) => a.cell.localeCompare(b.cell) || a.fingerprint.localeCompare(b.fingerprint),
  );
  const lines = sorted.map((e) => {
    const where = e.issue ? `[#${e.issue.number}](${e.issue.url})` : "(not filed)";
    const upstream = e.upstream ? `, upstream ${e.upstream.url}` : "";
    return `- ${where} \`${e.cell}\`: ${e.title}${upstream}`;
  });
  const list =
    lines.length > 0 ? lines.join("\n") : "None: every cell that ran tonight is clean or expected.";
  const body = `${head}${marker}\n\n## Tracking issues\n\n${list}\n`;
  return { title: draft?.title ?? DEFAULT_DASHBOARD_TITLE, body };
}

/** Create the dashboard when there is none, edit its body when it changed, else nothing. */
export function planDashboard(
  existing: TrackedIssue | null,
  wanted: { title: string; body: string },
): DashboardAction | null {
  if (existing === null) return { kind: "create", title: wanted.title, body: wanted.body };
  return sameBody(existing.body, wanted.body)
    ? null
    : { kind: "update-body", number: existing.number, body: wanted.body };
}
