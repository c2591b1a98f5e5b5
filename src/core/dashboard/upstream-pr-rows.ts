/**
 * The upstream view's pull request rows: one row per upstream pull request (or `--ref` tested
 * alone) that any project's `matrix pr` judged, a cell per project from that project's newest
 * record of it (a pull request pushed again is judged again: the newer head's verdicts stand).
 * A project's effect is the worst of its cells' verdicts, worded as the other rows are. Pure.
 */
import { byDate, type PrRecord } from "../history/pr-record.js";
import { EFFECT_RANK, type UpstreamEffect, type UpstreamRow } from "./upstream-effects.js";

/** What a cell's verdict says the pull request does to the project. */
export const EFFECT_OF_VERDICT: Readonly<Record<string, UpstreamEffect>> = {
  regressed: "breaks",
  "head-build-failed": "breaks",
  "learns-worse": "learns-worse",
  heavier: "heavier",
  slower: "slows",
  fixed: "fixes",
  "broken-both": "already-broken",
  flaky: "flaky",
  "passes-both": "passes",
  "infra-error": "unknown",
};

/** One project's effect from its record: the worst verdict; a verdict this harness does not know is unknown. */
export function effectOfRecord(record: PrRecord): UpstreamEffect {
  let worst: UpstreamEffect = "unknown";
  for (const cell of record.cells) {
    const effect = EFFECT_OF_VERDICT[cell.verdict] ?? "unknown";
    if (EFFECT_RANK[effect] > EFFECT_RANK[worst]) worst = effect;
  }
  return worst;
}

/** The rows, one per (package, pull request); effects only for the projects that judged it. */
export function prRowsOf(records: readonly PrRecord[]): UpstreamRow[] {
  const groups = new Map<string, PrRecord[]>();
  for (const r of records) {
    const key = `${r.package}\0${r.pr !== null ? `#${r.pr}` : r.head.ref}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.values()].map((group) => {
    const ordered = [...group].sort(byDate);
    const newest = ordered[ordered.length - 1] as PrRecord;
    const effects: Record<string, UpstreamEffect> = {};
    // Oldest first, so each project keeps its newest record's effect.
    for (const r of ordered) effects[r.matrix ?? "unnamed"] = effectOfRecord(r);
    return {
      package: newest.package,
      ref: newest.head.sha,
      kind: "pull-request" as const,
      title: newest.pr !== null ? null : newest.head.ref,
      pr: newest.pr,
      url: [...ordered].reverse().find((r) => r.url !== null)?.url ?? null,
      first: (ordered[0] as PrRecord).date,
      effects,
    };
  });
}
