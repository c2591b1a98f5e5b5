/**
 * Histories from several machines (a runner fleet, last night's Actions artifact, a gh-pages
 * checkout) merged without loss: nights are keyed by run id, so the union keeps every night
 * once; two records of the same night (each runner of a split night reporting its own cells)
 * merge cell by cell: where both have a cell, the later record's, unless it could not try the
 * cell and the earlier did, or it knows less (no bisect, no issue where the earlier has them).
 * Retention keeps the newest `keep` nights. Pure.
 */
import type { HistoryCell, HistoryNight } from "./history-record.js";

// Which of two records of one cell wins: a cell that ran beats one that could not be tried.
const RANK: Record<string, number> = { "infra-error": 0, "stale-upstream": 0, unsatisfiable: 1 };
const rankOf = (c: HistoryCell) => RANK[c.status] ?? 2;

/** Two records of one night as one: every cell of either, the more informative when both have it. */
export function mergeNight(a: HistoryNight, b: HistoryNight): HistoryNight {
  const cells = new Map<string, HistoryCell>();
  for (const cell of [...a.cells, ...b.cells]) {
    const key = `${cell.variant}\0${cell.job}`;
    const had = cells.get(key);
    if (
      !had ||
      rankOf(cell) > rankOf(had) ||
      (rankOf(cell) === rankOf(had) && richness(cell) >= richness(had))
    )
      cells.set(key, cell);
  }
  return {
    ...a,
    ...b,
    date: [a.date, b.date].sort()[0] as string,
    blocked: a.blocked || b.blocked,
    // In the order the first record has them: merging a night into itself changes no byte.
    cells: [...cells.values()],
  };
}

/** How much a cell record knows: a bisect and an issue come from the machine that triaged. */
function richness(c: HistoryCell): number {
  return (c.bisect ? 2 : 0) + (c.issue ? 1 : 0);
}

/**
 * Every night of every history, once, oldest first (by date, then run id). Nights of different
 * projects (their matrix's name) never merge into one, even under the same run id.
 */
export function mergeHistories(...histories: HistoryNight[][]): HistoryNight[] {
  const nights = new Map<string, HistoryNight>();
  for (const history of histories)
    for (const night of history) {
      const key = `${night.matrix ?? ""}\0${night.run}`;
      const had = nights.get(key);
      nights.set(key, had ? mergeNight(had, night) : night);
    }
  // By date: a run folder named by hand (`--run out/n2`) sorts by when it ran, not by its name.
  return [...nights.values()].sort((x, y) => x.date.localeCompare(y.date) || x.run.localeCompare(y.run));
}

/** The records retention keeps (the newest `keep` of a list oldest first; all when null), and the run ids it drops. */
export function applyRetention<T extends { run: string }>(
  nights: T[],
  keep: number | null,
): { kept: T[]; dropped: string[] } {
  if (keep === null || nights.length <= keep) return { kept: nights, dropped: [] };
  const cut = nights.length - keep;
  return { kept: nights.slice(cut), dropped: nights.slice(0, cut).map((n) => n.run) };
}
