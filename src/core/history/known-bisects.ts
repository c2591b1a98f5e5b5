/**
 * Bisects a night need not run again. A breakage red on the night before with a found first bad
 * release or commit is, tonight, the same breakage (its fingerprint is the culprit package, the
 * job and the failure's signature), so the culprit carries over and the night spends its time on
 * what is new. A breakage that was gone for a night, or whose bisect named nothing, is bisected
 * afresh; so is every breakage on the first night.
 */
import type { HistoryNight } from "./history-record.js";
import { mergeHistories } from "./merge-histories.js";

/** A culprit found on an earlier night, keyed by the breakage's fingerprint. */
export interface KnownBisect {
  /** The night whose bisect found it. */
  run: string;
  package: string;
  kind: string | null;
  ref: string;
  title: string | null;
  pr: number | null;
  url: string | null;
  with: string[];
}

/**
 * The found culprits of the newest night before tonight. Nights are ordered as the history orders
 * them (by date, then run id), since a run folder named by hand does not sort by its name.
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
    if (!cell.fingerprint || !b || b.status !== "found" || !b.ref) continue;
    known.set(cell.fingerprint, {
      run: last?.run ?? "",
      package: b.package,
      kind: b.kind,
      ref: b.ref,
      title: b.title,
      pr: b.pr,
      url: b.url,
      with: b.with,
    });
  }
  return known;
}
