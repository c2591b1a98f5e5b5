/**
 * Bisects a night need not run again. A breakage red on the night before whose bisect concluded
 * is, tonight, the same breakage (its fingerprint is the culprit package, the job and the
 * failure's signature), so the answer carries over and the night spends its time on what is new.
 * A found first bad release or commit carries as long as the breakage is red. A bisect that
 * concluded without one (`not-reproduced`: the good end fails too, or the bad end passes;
 * `ambiguous`: only untestable candidates) would give the same answer over the same range, so it
 * carries only while both endpoints are unchanged: the pinned version (the good end) and the
 * failing variant's version or SHA (the bad end). A `flaky` bisect, one that could not run, a
 * breakage that was gone for a night, and every breakage on the first night are bisected afresh.
 */
import type { HistoryNight } from "./history-record.js";
import { mergeHistories } from "./merge-histories.js";

/** A bisect concluded on an earlier night, keyed by the breakage's fingerprint. */
export interface KnownBisect {
  /** The night whose bisect concluded it. */
  run: string;
  package: string;
  status: string;
  kind: string | null;
  /** The first bad ref; null for a bisect that concluded without one. */
  ref: string | null;
  title: string | null;
  pr: number | null;
  url: string | null;
  with: string[];
  /** The range it searched, as that night's cells installed it (null when not recorded). */
  endpoints: Endpoints;
}

/** The two ends of a bisect's range: the pinned version and the failing variant's version or SHA. */
export interface Endpoints {
  good: string | null;
  bad: string | null;
}

/** Statuses that are an answer, not an accident of the night: the same range gives the same one. */
const CONCLUDED = new Set(["found", "not-reproduced", "ambiguous"]);

/**
 * The concluded bisects of the newest night before tonight. Nights are ordered as the history
 * orders them (by date, then run id), since a run folder named by hand does not sort by its name.
 */
export function knownBisectsOf(
  nights: readonly HistoryNight[],
  tonight: { run: string; date: string },
): Map<string, KnownBisect> {
  const before = mergeHistories(nights.filter((n) => n.run !== tonight.run && n.date <= tonight.date));
  const last = before.at(-1);
  const known = new Map<string, KnownBisect>();
  for (const cell of last?.cells ?? []) {
    const b = cell.bisect;
    if (!cell.fingerprint || !b || !CONCLUDED.has(b.status)) continue;
    if (b.status === "found" && !b.ref) continue;
    const pinned = last?.cells.find((c) => c.variant === "pinned" && c.job === cell.job);
    known.set(cell.fingerprint, {
      run: last?.run ?? "",
      package: b.package,
      status: b.status,
      kind: b.kind,
      ref: b.ref,
      title: b.title,
      pr: b.pr,
      url: b.url,
      with: b.with,
      endpoints: { good: pinned?.versions[b.package] ?? null, bad: cell.versions[b.package] ?? null },
    });
  }
  return known;
}

/**
 * Whether `known` still answers tonight's breakage over `tonight`'s range: a found culprit always
 * (the breakage is the same one), any other concluded answer only over the very same endpoints.
 */
export function stillKnown(known: KnownBisect, tonight: Endpoints): boolean {
  if (known.status === "found") return true;
  const same = (a: string | null, b: string | null) => a !== null && a === b;
  return same(known.endpoints.good, tonight.good) && same(known.endpoints.bad, tonight.bad);
}
