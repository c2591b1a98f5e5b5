/**
 * The body of the one dashboard issue (`<!-- matrix:dashboard -->`): the release gate, the
 * current breakages (one row per fingerprint, however many cells show it) with their first bad
 * release or commit and issue, and the breakages a maintainer marked expected, listed apart.
 * Pure; rewritten whole every night, so it is always tonight's state.
 */
import { type Coverage, describeCoverage } from "../gate/coverage.js";
import { GITHUB_BODY_LIMIT } from "./draft-input.js";
import type { IssueRegression } from "./issue-records.js";
import { codeSpan, table, tableCell } from "./markdown.js";

/** A cell that fails with the pinned requirements. */
export interface DashboardBlocker {
  variant: string;
  job: string;
  status: string;
  failure?: { signature: string } | null;
}

/** What the dashboard shows. */
export interface DashboardInput {
  runId: string;
  blocked: boolean;
  blockers: DashboardBlocker[];
  regressions: IssueRegression[];
  /** The issue of each fingerprint, when the filer knows it (a URL). */
  issues?: Record<string, string>;
  /** Cells tried of those planned, when the summary says (`coverageOf`). */
  coverage?: Coverage;
  /** Cells the night could not try (an unreachable upstream, an unsatisfiable variant). */
  untried?: Array<{ variant: string; job: string; status: string }>;
}

/** The regressions of one fingerprint: the first, and every variant that shows it. */
interface Breakage {
  first: IssueRegression;
  variants: string[];
}

/** The regressions grouped by fingerprint, in the order they first appear. */
export function groupByFingerprint(regressions: IssueRegression[]): Breakage[] {
  const groups = new Map<string, Breakage>();
  for (const r of regressions) {
    const group = groups.get(r.fingerprint);
    if (group) group.variants.push(r.variant);
    else groups.set(r.fingerprint, { first: r, variants: [r.variant] });
  }
  return [...groups.values()];
}

/** The bisect's answer in a cell: the first bad ref and its title, or the bisect's status. */
function firstBadCell(r: IssueRegression): string {
  const b = r.bisect;
  if (!b) return r.culprits.length === 0 ? "no culprit" : "not bisected";
  if (!b.first_bad) return tableCell(b.status, 120);
  const ref = /^[0-9a-f]{40}$/.test(b.first_bad) ? b.first_bad.slice(0, 12) : b.first_bad;
  const title = b.title && b.title !== `${b.package} ${b.first_bad}` ? ` ${tableCell(b.title, 100)}` : "";
  return `${tableCell(ref)}${title}${b.status === "found" ? "" : ` (${b.status})`}`;
}

function packagesCell(r: IssueRegression): string {
  return r.culprits.length > 0 ? r.culprits.map((p) => codeSpan(p)).join(" + ") : "unknown";
}

/** The first night of the breakage's red streak, and whether it is new tonight or came back. */
function sinceCell(r: IssueRegression): string {
  const life = r.lifecycle;
  if (!life) return "";
  const mark = life.state === "new" ? " **new**" : life.state === "reappeared" ? " (came back)" : "";
  return `${codeSpan(life.since)}${mark}`;
}

function issueCell(r: IssueRegression, issues: Record<string, string> | undefined): string {
  return issues?.[r.fingerprint] ?? `draft ${codeSpan(r.fingerprint)}`;
}

/** The dashboard's title and body, within GitHub's limit (rows past it are counted, not shown). */
export function draftDashboard(
  input: DashboardInput,
  maxBody = GITHUB_BODY_LIMIT,
): { title: string; body: string } {
  const current = groupByFingerprint(input.regressions.filter((r) => !r.expected));
  const expected = groupByFingerprint(input.regressions.filter((r) => r.expected));
  // The history's word on each breakage, when the night had one: since when, and what is new.
  const withSince = current.some(({ first }) => first.lifecycle);
  const currentRows = current.map(({ first, variants }) => [
    packagesCell(first),
    codeSpan(first.job),
    variants.map((v) => codeSpan(v)).join(", "),
    ...(withSince ? [sinceCell(first)] : []),
    firstBadCell(first),
    issueCell(first, input.issues),
    codeSpan(first.status),
  ]);
  const expectedRows = expected.map(({ first, variants }) => [
    packagesCell(first),
    codeSpan(first.job),
    variants.map((v) => codeSpan(v)).join(", "),
    tableCell(first.expected?.reason, 200),
    tableCell(first.expected?.until ?? null),
    issueCell(first, input.issues),
  ]);
  const gate = input.blocked
    ? `**Release gate: BLOCKED.** The pinned requirements fail: ${input.blockers
        .map((b) => `${codeSpan(`${b.variant}/${b.job}`)} (${b.status})`)
        .join(", ")}.`
    : "**Release gate: open.** The pinned requirements pass.";
  const allTried = input.coverage
    ? input.coverage.tried === input.coverage.planned
    : (input.untried ?? []).length === 0;
  const render = (keep: number) => {
    const shown = (rows: string[][]) => rows.slice(0, keep);
    const more = (rows: string[][]) =>
      rows.length > keep ? `\n\n${rows.length - keep} more not shown.` : "";
    const parts = [
      gate,
      "",
      `Run ${codeSpan(input.runId)}${input.coverage ? `: ${describeCoverage(input.coverage)}` : ""}.`,
      "",
      `## Current breakages (${current.length})`,
      "",
    ];
    parts.push(
      current.length > 0
        ? `${table(["package(s)", "job", "variant(s)", ...(withSince ? ["red since"] : []), "first bad", "issue", "status"], shown(currentRows))}${more(currentRows)}`
        : expected.length > 0
          ? "None beyond the expected ones below."
          : allTried
            ? "None: every cell the night planned was tried, and every upstream variant passes."
            : "None among the cells that ran; the others were not tried (listed below).",
    );
    if (expected.length > 0) {
      parts.push(
        "",
        `## Expected (${expected.length})`,
        "",
        "Known breakages a maintainer marked expected; no issue is filed for them.",
        "",
      );
      parts.push(
        `${table(["package(s)", "job", "variant(s)", "reason", "until", "issue"], shown(expectedRows))}${more(expectedRows)}`,
      );
    }
    const untried = input.untried ?? [];
    if (untried.length > 0) {
      parts.push("", `## Not tried tonight (${untried.length})`, "");
      parts.push(
        ...untried.slice(0, keep).map((u) => `- ${codeSpan(`${u.variant}/${u.job}`)}: ${codeSpan(u.status)}`),
      );
    }
    parts.push("", `<!-- matrix:run=${input.runId} -->`, "<!-- matrix:dashboard -->");
    return parts.join("\n");
  };
  let keep = Math.max(currentRows.length, expectedRows.length, input.untried?.length ?? 0);
  let body = render(keep);
  while (body.length > maxBody && keep > 0) {
    keep = Math.floor(keep * 0.8);
    body = render(keep);
  }
  return { title: "[matrix] Dependency dashboard", body };
}
