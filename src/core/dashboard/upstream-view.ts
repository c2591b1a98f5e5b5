/**
 * The upstream view of merged histories: rows are upstream changes (a release, a commit a bisect
 * named, a commit an upstream variant ran, a pull request `matrix pr` judged), columns are the
 * projects whose nights (or pull request records) the history holds (each carries its matrix's
 * name), and a cell says what that change did to that project: `breaks` (a broken cell blames the
 * package at that version, or a bisect named it), `fixes` (it passes where the project had a
 * breakage of that package), `slows` (it passes but runs more than 10 % longer than pinned that
 * night), `passes`, or `unknown` (never tried); a pull request's row also says `heavier`,
 * `learns-worse`, `already-broken` (broken on its base too) and `flaky` (upstream-pr-rows.ts).
 * The page an upstream maintainer bookmarks. Pure.
 */
import { BROKEN_STATUSES, type HistoryCell, type HistoryNight } from "../history/history-record.js";
import type { PrRecord } from "../history/pr-record.js";
import { EFFECT_RANK, type UpstreamEffect, type UpstreamRow } from "./upstream-effects.js";
import { prRowsOf } from "./upstream-pr-rows.js";

export type { UpstreamEffect, UpstreamRow } from "./upstream-effects.js";

/** The whole view: projects in name order, changes newest first. */
export interface UpstreamView {
  projects: string[];
  rows: UpstreamRow[];
}

/** More than this much slower than pinned on the same night (as `matrix pr`'s default) slows. */
const SLOW = 0.1;

const isSha = (ref: string) => /^[0-9a-f]{40}$/i.test(ref);

/** The packages a cell moved off pinned, with the version or SHA it ran. */
function movedOf(cell: HistoryCell, pinned: HistoryCell | undefined): Array<[string, string]> {
  if (cell.variant === "pinned") return [];
  return Object.entries(cell.versions).filter(([pkg, v]) =>
    pinned ? pinned.versions[pkg] !== v : cell.variant.endsWith(`-${pkg}`),
  );
}

/**
 * Builds the view; one project's nights alone make a view with one column. Pull request records
 * add their own rows (and their projects' columns); nights never turn into pull request rows.
 */
export function buildUpstreamView(
  nights: readonly HistoryNight[],
  prs: readonly PrRecord[] = [],
): UpstreamView {
  const rows = new Map<string, UpstreamRow>();
  const projects = new Set<string>();
  // Per project, the (package, job) pairs a breakage of that package has hit so far.
  const hurt = new Map<string, Set<string>>();
  const note = (
    project: string,
    pkg: string,
    ref: string,
    date: string,
    effect: UpstreamEffect,
    extra: Partial<UpstreamRow> = {},
  ) => {
    const key = `${pkg}\0${ref}`;
    const row = rows.get(key) ?? {
      package: pkg,
      ref,
      kind: isSha(ref) ? "commit" : "release",
      title: null,
      pr: null,
      url: null,
      first: date,
      effects: {},
    };
    Object.assign(
      row,
      Object.fromEntries(Object.entries(extra).filter(([, v]) => v !== null && v !== undefined)),
    );
    if (date < row.first) row.first = date;
    const had = row.effects[project] ?? "unknown";
    if (EFFECT_RANK[effect] > EFFECT_RANK[had]) row.effects[project] = effect;
    rows.set(key, row);
  };
  for (const night of [...nights].sort((a, b) => a.date.localeCompare(b.date))) {
    const project = night.matrix ?? "unnamed";
    projects.add(project);
    const seen = hurt.get(project) ?? new Set<string>();
    hurt.set(project, seen);
    const fixedTonight: string[] = [];
    for (const cell of night.cells) {
      const pinned = night.cells.find((c) => c.variant === "pinned" && c.job === cell.job);
      const broken = BROKEN_STATUSES.has(cell.status) && cell.fingerprint !== null;
      for (const [pkg, ref] of movedOf(cell, pinned)) {
        if (cell.status === "infra-error") continue;
        if (broken) {
          if (cell.culprits.includes(pkg)) {
            note(project, pkg, ref, night.date, "breaks");
            seen.add(`${pkg}\0${cell.job}`);
          }
          continue;
        }
        if (!["pass", "flaky"].includes(cell.status)) continue;
        const slower =
          cell.metrics.seconds !== null && pinned?.metrics.seconds
            ? cell.metrics.seconds > pinned.metrics.seconds * (1 + SLOW)
            : false;
        // A pass where this package broke this job before fixes it, once: later releases pass.
        const fixes = seen.has(`${pkg}\0${cell.job}`);
        if (fixes) fixedTonight.push(`${pkg}\0${cell.job}`);
        note(project, pkg, ref, night.date, slower ? "slows" : fixes ? "fixes" : "passes");
      }
      const b = cell.bisect;
      if (b?.status === "found" && b.ref)
        note(project, b.package, b.ref, night.date, "breaks", { title: b.title, pr: b.pr, url: b.url });
    }
    for (const key of fixedTonight) seen.delete(key);
  }
  for (const record of prs) projects.add(record.matrix ?? "unnamed");
  const names = [...projects].sort();
  const list = [...rows.values(), ...prRowsOf(prs)].map((row) => ({
    ...row,
    effects: Object.fromEntries(names.map((p) => [p, row.effects[p] ?? "unknown"])) as Record<
      string,
      UpstreamEffect
    >,
  }));
  return {
    projects: names,
    rows: list.sort(
      (a, b) =>
        b.first.localeCompare(a.first) || a.package.localeCompare(b.package) || a.ref.localeCompare(b.ref),
    ),
  };
}
