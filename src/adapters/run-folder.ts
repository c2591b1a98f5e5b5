/**
 * Run folders under `reports/`: making a new one for a run, finding the newest with results for
 * the commands that read one (`gate`, `report`, `file-issues`), and the fixed layout inside a run.
 */
import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { isPrSideResult } from "../core/pr/pr-report.js";
import { makeRunId, pickNewestRun, pickPreviousRun } from "../core/runs/run-id.js";
import { InputError } from "../errors.js";
import { isPresent, listIfPresent } from "./fs.js";

/** The paths inside one run folder, as DESIGN.md's "Files on disk" lays them out. */
export interface RunLayout {
  dir: string;
  manifest: string;
  variants: string;
  results: string;
  logs: string;
  summary: string;
}

/** The layout of the run folder `dir`. */
export function layoutOf(dir: string): RunLayout {
  const abs = resolve(dir);
  return {
    dir: abs,
    manifest: join(abs, "manifest.json"),
    variants: join(abs, "variants"),
    results: join(abs, "results"),
    logs: join(abs, "logs"),
    summary: join(abs, "summary.json"),
  };
}

/** `--run DIR` when given (created if missing), else a new `reports/<run-id>/`. */
export async function openRunFolder(
  reportsDir: string,
  runDir: string | undefined,
  now = new Date(),
): Promise<RunLayout> {
  const dir = runDir ?? join(reportsDir, makeRunId(now, randomBytes(2).toString("hex")));
  await mkdir(dir, { recursive: true });
  return layoutOf(dir);
}

/** How a run folder was found: given with `--run`, or the newest with results (and those passed over). */
export interface FoundRun extends RunLayout {
  /**
   * Null when `--run` named it; else the runs newer than it that had no results (a crash's
   * leftovers), and those that were `matrix pr` runs (`pullRequests`, absent when none): no nights.
   */
  picked: { skipped: string[]; pullRequests?: string[] } | null;
}

/**
 * What a run folder holds: a night's results (a summary, or at least one cell's record), only a
 * `matrix pr` run's (`pr-base` and `pr-head` cells: no night; its record is in `history/pr/`), or none.
 */
async function resultsOf(layout: RunLayout): Promise<"night" | "pull-request" | "none"> {
  if (await isPresent(layout.summary)) return "night";
  const cells = (await listIfPresent(layout.results)).filter((n) => n.endsWith(".json"));
  if (cells.some((name) => !isPrSideResult(name))) return "night";
  return cells.length > 0 ? "pull-request" : "none";
}

/**
 * `--run DIR` when given, else the newest run under `reportsDir` that has a night's results: a
 * folder a crash or a refused command left half-made is passed over and named in
 * `picked.skipped`, a `matrix pr` run in `picked.pullRequests`. An input error when no run has results.
 */
export async function findRunFolder(reportsDir: string, runDir: string | undefined): Promise<FoundRun> {
  if (runDir) return { ...layoutOf(runDir), picked: null };
  const names = await listIfPresent(reportsDir);
  const skipped: string[] = [];
  const pullRequests: string[] = [];
  for (let left = names; ; ) {
    const newest = pickNewestRun(left);
    if (!newest) break;
    const layout = layoutOf(join(reportsDir, newest));
    const holds = await resultsOf(layout);
    if (holds === "night")
      return { ...layout, picked: { skipped, ...(pullRequests.length > 0 && { pullRequests }) } };
    (holds === "pull-request" ? pullRequests : skipped).push(newest);
    left = left.filter((n) => n !== newest);
  }
  const passed = [
    ...(skipped.length > 0 ? [`${skipped.join(", ")} ha${skipped.length > 1 ? "ve" : "s"} none`] : []),
    ...(pullRequests.length > 0 ? [`${pullRequests.join(", ")}: matrix pr, no night`] : []),
  ]
    .map((why) => ` (${why})`)
    .join("");
  throw new InputError(
    `${reportsDir}:1:1: no run with results here${passed}; run \`matrix nightly\` first or pass --run DIR`,
  );
}

/** The run under `reportsDir` before the run folder `runDir` (what the digest compares with), or null. */
export async function findPreviousRunFolder(reportsDir: string, runDir: string): Promise<RunLayout | null> {
  const names = await listIfPresent(reportsDir);
  const previous = pickPreviousRun(names, basename(resolve(runDir)));
  return previous ? layoutOf(join(reportsDir, previous)) : null;
}
