/**
 * What the page derives once from the inline data: each night's failures by column, one letter
 * (and hue) per failure signature in the order they first fail, and the packages the variants
 * move. The status words come from the core's letter table, bundled in, so the page and the data
 * read one alphabet.
 */
import type { DashboardData } from "../core/dashboard/dashboard-data.js";
import { STATUS_LETTERS } from "../core/dashboard/status-letters.js";

/** One failing cell of a night: [col, sig, fp, excerpt, log], as dashboard-data.ts writes it. */
export type Fail = [number, number, number, number, number];

/** Status letter -> word; `-` a cell the night did not have. */
export const WORDS: Record<string, string> = {
  ...Object.fromEntries(Object.entries(STATUS_LETTERS).map(([word, letter]) => [letter, word])),
  "-": "not run",
};

/** Status letter -> symbol: a cell reads without colour. */
export const SYMBOLS: Record<string, string> = {
  p: "\u2713",
  f: "\u2717",
  k: "\u2248",
  i: "\u2298",
  u: "U",
  t: "T",
  x: "?",
  s: "S",
  "-": "\u00B7",
};

// Only failures get a letter: a cell that could not be tried (unreachable upstream) is "?".
const LETTERED = new Set(["f", "i", "t", "k"]);

/** The data and what the page derives from it once. */
export interface PageModel {
  data: DashboardData;
  /** Per night, per column: the cell's failure, if it did not pass. */
  failAt: Array<Array<Fail | undefined>>;
  /** Per signature index: its letter (A, B, ..., AA), if it ever marked a failure. */
  sigLetter: Array<string | undefined>;
  /** Every package a variant moves or a breakage blames, sorted. */
  packages: string[];
}

/** Whether a cell with this status letter is marked with its signature's letter. */
export function isLettered(letter: string): boolean {
  return LETTERED.has(letter);
}

/** The status letter of column `col` on night `n` (`-`: not run). */
export function letterAt(model: PageModel, n: number, col: number): string {
  return model.data.status[n]?.[col] ?? "-";
}

/** The hue of a signature: far apart for neighbours (the golden angle). */
export function hueOf(sig: number): number {
  return (sig * 137.508) % 360;
}

/** 0 -> A, 25 -> Z, 26 -> AA. */
export function letterOf(index: number): string {
  let s = "";
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** The model of `data`. */
export function buildModel(data: DashboardData): PageModel {
  const failAt = data.fails.map((list) => {
    const row: Array<Fail | undefined> = [];
    for (const f of list) row[f[0]] = f;
    return row;
  });
  const sigLetter: Array<string | undefined> = [];
  let count = 0;
  data.fails.forEach((list, n) => {
    for (const [col, sig] of list)
      if (sig >= 0 && isLettered(data.status[n]?.[col] ?? "-") && sigLetter[sig] === undefined)
        sigLetter[sig] = letterOf(count++);
  });
  const seen = new Set<string>();
  for (const [variant] of data.cols) {
    const m = /^(?:latest|upstream)-(.+)$/.exec(variant);
    if (m?.[1] && m[1] !== "all") for (const p of m[1].split("+")) seen.add(p);
  }
  for (const b of data.breakages) for (const p of b.packages) seen.add(p);
  return { data, failAt, sigLetter, packages: [...seen].sort() };
}
