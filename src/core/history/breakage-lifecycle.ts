/**
 * Breakages across nights: each fingerprint's lifecycle as of the newest night. `new` the first
 * night it is red, `ongoing` while it stays red (since when, how many nights), `fixed` once its
 * cells run again without it (in which night, at which version of the culprit), `reappeared` the
 * first night it is red again after a fix. A night that did not run the breakage's job in any of
 * its variants (an unreachable upstream, a split run that lost a runner) neither fixes nor
 * extends it. Pure: takes nights oldest first, returns one record per fingerprint.
 */
import {
  BROKEN_STATUSES,
  type Culprit,
  type HistoryCell,
  type HistoryNight,
  type IssueLink,
} from "./history-record.js";

/** Where a breakage stands as of the newest night. */
export type LifecycleState = "new" | "ongoing" | "fixed" | "reappeared";

/** One breakage over the history. */
export interface BreakageLife {
  fingerprint: string;
  /** The culprit packages (an interaction's set), empty when unknown. */
  packages: string[];
  job: string;
  /** Variants that showed it on the last night it was red. */
  variants: string[];
  signature: string;
  status: string;
  state: LifecycleState;
  /** The first night it was ever red. */
  first_seen: string;
  /** The first night of the current (or last) red streak. */
  since: string;
  /** Nights red in the current (or last) streak, nights that did not run it left out. */
  nights_red: number;
  /** Red streaks so far (2 or more: it came back after a fix). */
  streaks: number;
  last_seen: string;
  /** The night it was fixed, and the culprit as installed that night. */
  fixed_in: string | null;
  fixed_by: { package: string; version: string } | null;
  culprit: Culprit | null;
  issue: IssueLink | null;
  expected: string | null;
  blocker: boolean;
}

const UNTRIED = new Set(["infra-error", "unsatisfiable", "stale-upstream"]);

const isRed = (c: HistoryCell, fp: string) => c.fingerprint === fp && BROKEN_STATUSES.has(c.status);

/** Every breakage of `nights` (oldest first) with its lifecycle as of the last night. */
export function lifecyclesOf(nights: HistoryNight[]): BreakageLife[] {
  const lives = new Map<string, BreakageLife>();
  const cellsOf = new Map<string, Set<string>>();
  for (const night of nights) {
    const redTonight = new Map<string, HistoryCell[]>();
    for (const cell of night.cells) {
      if (cell.fingerprint === null || !BROKEN_STATUSES.has(cell.status)) continue;
      const list = redTonight.get(cell.fingerprint) ?? [];
      list.push(cell);
      redTonight.set(cell.fingerprint, list);
    }
    for (const [fp, cells] of redTonight) {
      const keys = cellsOf.get(fp) ?? new Set<string>();
      for (const c of cells) keys.add(`${c.variant}\0${c.job}`);
      cellsOf.set(fp, keys);
      lives.set(fp, advanceRed(lives.get(fp), night, cells));
    }
    for (const [fp, life] of lives) {
      if (redTonight.has(fp) || life.state === "fixed") continue;
      const tried = night.cells.filter(
        (c) => cellsOf.get(fp)?.has(`${c.variant}\0${c.job}`) && !UNTRIED.has(c.status) && !isRed(c, fp),
      );
      if (tried.length > 0) lives.set(fp, fixedBy(life, night, tried));
    }
  }
  return [...lives.values()];
}

function advanceRed(life: BreakageLife | undefined, night: HistoryNight, cells: HistoryCell[]): BreakageLife {
  const lead = pickLead(cells);
  const known = {
    variants: cells.map((c) => c.variant),
    signature: lead.signature ?? lead.status,
    status: lead.status,
    last_seen: night.run,
    culprit: cells.find((c) => c.bisect?.status === "found")?.bisect ?? lead.bisect ?? life?.culprit ?? null,
    issue: cells.find((c) => c.issue)?.issue ?? life?.issue ?? null,
    expected: lead.expected,
    blocker: cells.some((c) => c.variant === "pinned"),
    packages: lead.culprits,
    job: lead.job,
  };
  if (!life) {
    return {
      fingerprint: lead.fingerprint as string,
      ...known,
      state: "new",
      first_seen: night.run,
      since: night.run,
      nights_red: 1,
      streaks: 1,
      fixed_in: null,
      fixed_by: null,
    };
  }
  if (life.state === "fixed")
    return {
      ...life,
      ...known,
      state: "reappeared",
      since: night.run,
      nights_red: 1,
      streaks: life.streaks + 1,
      fixed_in: null,
      fixed_by: null,
    };
  return {
    ...life,
    ...known,
    state: "ongoing",
    nights_red: life.nights_red + 1,
    fixed_in: null,
    fixed_by: null,
  };
}

function fixedBy(life: BreakageLife, night: HistoryNight, tried: HistoryCell[]): BreakageLife {
  const pkg = life.culprit?.package ?? life.packages[0] ?? null;
  const cell = tried.find((c) => life.variants.includes(c.variant)) ?? tried[0];
  const version = pkg && cell ? cell.versions[pkg] : undefined;
  return {
    ...life,
    state: "fixed",
    fixed_in: night.run,
    fixed_by: pkg && version ? { package: pkg, version } : null,
  };
}

/** The cell that speaks for a breakage: one with a bisect, else the first. */
function pickLead(cells: HistoryCell[]): HistoryCell {
  return cells.find((c) => c.bisect !== null) ?? (cells[0] as HistoryCell);
}

/** Current breakages first (blockers, then the longest red), then the fixed, newest fix first. */
export function orderLifecycles(lives: BreakageLife[]): BreakageLife[] {
  const open = lives.filter((l) => l.state !== "fixed");
  const fixed = lives.filter((l) => l.state === "fixed");
  open.sort(
    (a, b) =>
      Number(b.blocker) - Number(a.blocker) ||
      Number(a.expected !== null) - Number(b.expected !== null) ||
      b.nights_red - a.nights_red ||
      a.fingerprint.localeCompare(b.fingerprint),
  );
  fixed.sort((a, b) => (b.fixed_in ?? "").localeCompare(a.fixed_in ?? ""));
  return [...open, ...fixed];
}
