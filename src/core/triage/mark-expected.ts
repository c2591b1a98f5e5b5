/**
 * Expected failures: the matrix file's `expected:` entries name known breakages (by culprit
 * package and job, or by fingerprint) until a date. A breakage an entry matches is shown as
 * expected and alerts no one; an entry past its `until` matches nothing, so its breakage alerts
 * again and the entry is reported `expired`; an entry that matched nothing although its job ran
 * is `stale` (the breakage is gone: remove it). Pure: `now` is passed in.
 */

import { fingerprintOf } from "../issues/fingerprint.js";
import type { ExpectedEntry } from "../matrix/model.js";
import { type Regression, signatureOf, type TriageInput } from "./triage-run.js";

/** What a matched breakage carries: why it is expected, where that is tracked, until when. */
export interface ExpectedMark {
  /** The entry's place in `expected:`. */
  entry: number;
  reason: string;
  link: string | null;
  until: string;
}

/** One entry as the summary lists it under `expected.matched`, `expired` or `stale`. */
export interface ExpectedEntryReport {
  entry: number;
  package: string | null;
  fingerprint: string | null;
  job: string;
  reason: string;
  link: string | null;
  until: string;
  /** The entry's line in the matrix file. */
  line: number;
  /** Fingerprints of tonight's breakages it matched (or, expired, would have matched). */
  breakages: string[];
}

/** `summary.expected`: what the entries did tonight. Entries whose job did not run are in none. */
export interface ExpectedReport {
  matched: ExpectedEntryReport[];
  expired: ExpectedEntryReport[];
  stale: ExpectedEntryReport[];
}

/** A blocker with its identity: the traceback's blame (if any), the job, the signature. */
export type MarkedBlocker<B extends TriageInput> = Omit<B, "expected"> & {
  fingerprint: string;
  expected?: ExpectedMark;
};

/** What matching reads of a regression (a summary read back from disk has more). */
export type RegressionIdentity = Pick<Regression, "job" | "culprits" | "fingerprint">;

/** A regression, marked when an entry expects it. */
export type MarkedRegression<R extends RegressionIdentity> = Omit<R, "expected"> & {
  expected?: ExpectedMark;
};

/** The breakages of a night and the results that say which jobs ran. */
export interface NightBreakages<R extends RegressionIdentity, B extends TriageInput> {
  regressions: R[];
  blockers: B[];
  /** Every result of the night; a job ran when one of its results is not `infra-error`. */
  results: TriageInput[];
}

const DAY_MS = 86_400_000;

/** Whether `entry` no longer holds at `now`: it holds through the whole UTC day `until`. */
export function isExpired(entry: Pick<ExpectedEntry, "until">, now: Date): boolean {
  return now.getTime() >= Date.parse(`${entry.until}T00:00:00Z`) + DAY_MS;
}

/** The fingerprint of a pinned failure: its blame (when the traceback names one), job, signature. */
export function blockerFingerprintOf(blocker: TriageInput): string {
  const blame = blocker.failure?.blame;
  return fingerprintOf({ packages: blame ? [blame] : [], job: blocker.job, signature: signatureOf(blocker) });
}

/**
 * Marks the breakages the entries expect (marks from an earlier call are dropped first, so it can
 * run again once an interaction search has changed a fingerprint) and reports every entry.
 */
export function markExpected<R extends RegressionIdentity, B extends TriageInput>(
  night: NightBreakages<R, B>,
  entries: readonly ExpectedEntry[],
  now: Date,
): { regressions: MarkedRegression<R>[]; blockers: MarkedBlocker<B>[]; expected: ExpectedReport } {
  const live = entries.filter((e) => !isExpired(e, now));
  const regressions = night.regressions.map((r) => {
    const { expected: _old, ...rest } = r as R & { expected?: unknown };
    const entry = live.find((e) => matches(e, r.job, r.culprits, r.fingerprint));
    return entry ? { ...rest, expected: markOf(entry) } : rest;
  });
  const blockers = night.blockers.map((b) => {
    const { expected: _old, ...rest } = b as B & { expected?: unknown };
    const fingerprint = blockerFingerprintOf(b);
    const blame = b.failure?.blame;
    const entry = live.find((e) => matches(e, b.job, blame ? [blame] : [], fingerprint));
    return entry ? { ...rest, fingerprint, expected: markOf(entry) } : { ...rest, fingerprint };
  });
  const identities = [
    ...night.regressions.map((r) => ({ job: r.job, culprits: r.culprits, fingerprint: r.fingerprint })),
    ...blockers.map((b) => ({ job: b.job, culprits: culpritsOfBlocker(b), fingerprint: b.fingerprint })),
  ];
  const ran = new Set(
    night.results
      .filter((r) => r.status !== "infra-error" && r.companion_of === undefined && r.probe_of === undefined)
      .map((r) => r.job),
  );
  const expected: ExpectedReport = { matched: [], expired: [], stale: [] };
  for (const entry of entries) {
    const hits = identities.filter((b) => matches(entry, b.job, b.culprits, b.fingerprint));
    const report = reportOf(entry, [...new Set(hits.map((b) => b.fingerprint))]);
    if (isExpired(entry, now)) expected.expired.push(report);
    else if (hits.length > 0) expected.matched.push(report);
    else if ([...ran].some((job) => coversJob(entry.job, job))) expected.stale.push(report);
  }
  return {
    regressions: regressions as MarkedRegression<R>[],
    blockers: blockers as MarkedBlocker<B>[],
    expected,
  };
}

/** An entry for a job covers the job and, for a job with knobs, each of its cells (`<job>--<id>`). */
function coversJob(entryJob: string, job: string): boolean {
  return job === entryJob || job.startsWith(`${entryJob}--`);
}

function culpritsOfBlocker(blocker: TriageInput): string[] {
  return blocker.failure?.blame ? [blocker.failure.blame] : [];
}

function matches(entry: ExpectedEntry, job: string, culprits: string[], fingerprint: string): boolean {
  if (!coversJob(entry.job, job)) return false;
  return entry.fingerprint !== null
    ? entry.fingerprint === fingerprint
    : culprits.includes(entry.package ?? "");
}

function markOf(entry: ExpectedEntry): ExpectedMark {
  return { entry: entry.index, reason: entry.reason, link: entry.link, until: entry.until };
}

function reportOf(entry: ExpectedEntry, breakages: string[]): ExpectedEntryReport {
  const { index, package: pkg, fingerprint, job, reason, link, until, pos } = entry;
  return { entry: index, package: pkg, fingerprint, job, reason, link, until, line: pos.line, breakages };
}
