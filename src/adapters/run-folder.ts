/**
 * Run folders under `reports/`: making a new one for a run, finding the newest for the commands
 * that read one (`gate`, `report`, `file-issues`), and the fixed layout inside a run.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { makeRunId, pickNewestRun, pickPreviousRun } from "../core/runs/run-id.js";
import { InputError } from "../errors.js";

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

/** `--run DIR` when given, else the newest run under `reportsDir`; an input error when there is none. */
export async function findRunFolder(reportsDir: string, runDir: string | undefined): Promise<RunLayout> {
  if (runDir) return layoutOf(runDir);
  const names = await readdir(reportsDir).catch(() => [] as string[]);
  const newest = pickNewestRun(names);
  if (!newest)
    throw new InputError(
      `${reportsDir}:1:1: no runs here yet; run \`matrix nightly\` first or pass --run DIR`,
    );
  return layoutOf(join(reportsDir, newest));
}

/** The run under `reportsDir` before the run folder `runDir` (what the digest compares with), or null. */
export async function findPreviousRunFolder(reportsDir: string, runDir: string): Promise<RunLayout | null> {
  const names = await readdir(reportsDir).catch(() => [] as string[]);
  const previous = pickPreviousRun(names, basename(resolve(runDir)));
  return previous ? layoutOf(join(reportsDir, previous)) : null;
}

/**
 * The text of a file of a run folder, or null when it is absent. Absent is absent; a file that is
 * there but cannot be read (a folder in its place, no permission) is an error naming the file and
 * what is wrong, never "not there": a corrupt run must not pass for an empty one.
 */
export async function readRunFile(path: string): Promise<string | null> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return null;
    throw new InputError(
      `${path}: cannot be read (${code ?? (error as Error).message}); repair or remove it`,
    );
  }
}
