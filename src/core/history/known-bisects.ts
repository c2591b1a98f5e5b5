/**
 * Bisects a night need not run again. A breakage red on the night before with a found first bad
 * release or commit is, tonight, the same breakage (its fingerprint is the culprit package, the
 * job and the failure's signature), so the culprit carries over and the night spends its time on
 * what is new. A breakage that was gone for a night, or whose bisect named nothing, is bisected
 * afresh; so is every breakage on the first night.
 */
import type { HistoryNight } from "./history-record.js";

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

/** The found culprits of the newest night before `tonight` (nights in any order). */
export function knownBisectsOf(nights: readonly HistoryNight[], tonight: string): Map<string, KnownBisect> {
  const before = nights.filter((n) => n.run < tonight).sort((a, b) => (a.run < b.run ? -1 : 1));
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
