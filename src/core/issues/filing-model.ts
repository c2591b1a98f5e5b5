/**
 * What filing issues reads: the night's drafts and breakages, its cell results, and the issues
 * that already exist. Shared by the plans of tracking issues, the dashboard and upstream issues.
 */

/** An issue as filing sees it, in the own repository or upstream. */
export interface TrackedIssue {
  number: number;
  url: string;
  state: "open" | "closed";
  /** `completed`, `not_planned`, `reopened`, `duplicate` or null. */
  stateReason: string | null;
  title: string;
  body: string;
  /** ISO 8601, as GitHub writes it. */
  createdAt: string;
  closedAt: string | null;
}

/** One drafted breakage: `<run>/issues/<fingerprint>.md`, already redacted. */
export interface FilingDraft {
  fingerprint: string;
  /** `VARIANT/JOB`. */
  cell: string;
  title: string;
  body: string;
}

/** The night's bisect of a breakage's culprit, as the summary records it. */
export interface BreakageBisect {
  package: string;
  status: string;
  firstBad: string | null;
  title: string | null;
}

/** A regression of the night (summary.json), the fields filing reads. */
export interface Breakage {
  fingerprint: string;
  variant: string;
  job: string;
  culprits: string[];
  bisect: BreakageBisect | null;
}

/** A cell's outcome tonight: `pass`, `fail`, `infra-error`, ... */
export interface CellOutcome {
  variant: string;
  job: string;
  status: string;
}

/** A variant of the night and the packages it moved (manifest.json). */
export interface VariantMoves {
  name: string;
  moves: string[];
}

/** The first bad ref of a bisect that found one, else null. */
export function firstBadOf(breakage: Breakage | undefined): string | null {
  return breakage?.bisect?.status === "found" ? breakage.bisect.firstBad : null;
}

/**
 * The issue to keep for each marker value: the open one with the lowest number, else the lowest
 * closed one. Others with the same marker (made by hand, or before filing was idempotent) are
 * listed as duplicates and left alone.
 */
export function canonicalIssues(
  issues: TrackedIssue[],
  keyOf: (issue: TrackedIssue) => string | null,
): { byKey: Map<string, TrackedIssue>; duplicates: Array<{ key: string; number: number; of: number }> } {
  const sorted = [...issues].sort(
    (a, b) => Number(a.state !== "open") - Number(b.state !== "open") || a.number - b.number,
  );
  const byKey = new Map<string, TrackedIssue>();
  const duplicates: Array<{ key: string; number: number; of: number }> = [];
  for (const issue of sorted) {
    const key = keyOf(issue);
    if (key === null) continue;
    const kept = byKey.get(key);
    if (kept) duplicates.push({ key, number: issue.number, of: kept.number });
    else byKey.set(key, issue);
  }
  return { byKey, duplicates };
}
