/**
 * The dashboard's data: the history folded into compact JSON the page draws on load. Columns are
 * (variant, job); each night is one string of status letters, one per column; signatures,
 * versions and excerpts sit once in tables and are referred to by number, so a year of nights x
 * 40 cells stays a few hundred kilobytes. Pure.
 */
import { type BreakageLife, lifecyclesOf, orderLifecycles } from "../history/breakage-lifecycle.js";
import type { HistoryCell, HistoryNight } from "../history/history-record.js";
import { STATUS_LETTERS } from "./status-letters.js";

/** Nights, counted back from the newest, whose failures carry their excerpt on the page. */
export const EXCERPT_NIGHTS = 60;

/** What the page reads (`<script id="matrix-data" type="application/json">`). */
export interface DashboardData {
  v: 1;
  name: string | null;
  generated: string;
  /** Run ids and dates, oldest first. */
  nights: Array<[string, string]>;
  /** Columns: [variant, job]. */
  cols: Array<[string, string]>;
  /** Per night, one status letter per column. */
  status: string[];
  /** Signatures, fingerprints and excerpts, each stored once. */
  sigs: string[];
  fps: string[];
  texts: string[];
  /**
   * Per night: [col, sig, fp, excerpt, log] for every cell that did not pass (-1: none). `log` is
   * the log's path in its run folder (an install log, a retry's log), -1 for the usual
   * `logs/<variant>--<job>.log`, -2 when the cell has no log.
   */
  fails: Array<Array<[number, number, number, number, number]>>;
  /** Version sets, and per night one index per column (-1: none). */
  vsets: Array<Record<string, string>>;
  versions: number[][];
  /** Per column: final loss, seconds (passing nights only), peak memory per night (null: not reported). */
  metrics: Array<[Array<number | null>, Array<number | null>, Array<number | null>]>;
  breakages: BreakageLife[];
}

/** Folds `nights` (oldest first) into the page's data. */
export function buildDashboardData(nights: HistoryNight[], generated: Date): DashboardData {
  const cols = columnsOf(nights);
  const colIndex = new Map(cols.map(([v, j], i) => [`${v}\0${j}`, i]));
  const tables = { sigs: new Interner(), fps: new Interner(), texts: new Interner(), vsets: new Interner() };
  const metrics = cols.map(
    () => [[], [], []] as [Array<number | null>, Array<number | null>, Array<number | null>],
  );
  const data: DashboardData = {
    v: 1,
    name: nights.at(-1)?.matrix ?? null,
    generated: generated.toISOString(),
    nights: nights.map((n) => [n.run, n.date]),
    cols,
    status: [],
    sigs: [],
    fps: [],
    texts: [],
    fails: [],
    vsets: [],
    versions: [],
    metrics,
    breakages: orderLifecycles(lifecyclesOf(nights)),
  };
  // Excerpts differ night by night (times, paths): only the recent nights carry theirs, so a
  // year of a red cell does not weigh a year of tracebacks; older ones stay in history/.
  const excerptsFrom = nights.length - EXCERPT_NIGHTS;
  for (const [n, night] of nights.entries()) {
    const letters = cols.map(() => "-");
    const versions = cols.map(() => -1);
    const fails: Array<[number, number, number, number, number]> = [];
    const byCol = new Map<number, HistoryCell>();
    for (const cell of night.cells) {
      const col = colIndex.get(`${cell.variant}\0${cell.job}`) as number;
      byCol.set(col, cell);
      letters[col] = STATUS_LETTERS[cell.status] ?? "x";
      versions[col] = tables.vsets.add(JSON.stringify(cell.versions));
      if (cell.status !== "pass")
        fails.push([
          col,
          cell.signature ? tables.sigs.add(cell.signature) : -1,
          cell.fingerprint ? tables.fps.add(cell.fingerprint) : -1,
          cell.excerpt && n >= excerptsFrom ? tables.texts.add(cell.excerpt) : -1,
          logRef(cell, night.run, tables.texts),
        ]);
    }
    cols.forEach((_, col) => {
      const cell = byCol.get(col);
      const m = cell?.metrics;
      const series = metrics[col] as (typeof metrics)[number];
      series[0].push(round(m?.final_loss, 4));
      // A failing cell's seconds are how long it took to crash (or a flaky one's attempts added
      // up): drawn beside passing nights they read as a speed-up or a slow-down that is neither.
      series[1].push(cell?.status === "pass" ? round(m?.seconds, 1) : null);
      series[2].push(round(m?.peak_memory_mb, 0));
    });
    data.status.push(letters.join(""));
    data.versions.push(versions);
    data.fails.push(fails);
  }
  data.sigs = tables.sigs.values;
  data.fps = tables.fps.values;
  data.texts = tables.texts.values;
  data.vsets = tables.vsets.values.map((v) => JSON.parse(v) as Record<string, string>);
  return data;
}

/** (variant, job) columns grouped by job; in a job pinned first, then latest, then upstream. */
function columnsOf(nights: HistoryNight[]): Array<[string, string]> {
  const seen = new Map<string, [string, string]>();
  for (const n of nights) for (const c of n.cells) seen.set(`${c.variant}\0${c.job}`, [c.variant, c.job]);
  const rank = (v: string) => (v === "pinned" ? 0 : v.startsWith("latest") ? 1 : 2);
  return [...seen.values()].sort(
    ([va, ja], [vb, jb]) => ja.localeCompare(jb) || rank(va) - rank(vb) || va.localeCompare(vb),
  );
}

function round(value: number | null | undefined, digits: number): number | null {
  if (typeof value !== "number" || !Number.isFinite(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Strings stored once, referred to by index. */
class Interner {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  add(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(value);
      this.index.set(value, i);
    }
    return i;
  }
}

/** The fails tuple's log entry: most cells use the usual name, so only the others are stored. */
function logRef(cell: HistoryCell, run: string, texts: { add(text: string): number }): number {
  if (cell.log === null) return -2;
  const file = cell.log.startsWith(`${run}/`) ? cell.log.slice(run.length + 1) : cell.log;
  return file === `logs/${cell.variant}--${cell.job}.log` ? -1 : texts.add(file);
}
