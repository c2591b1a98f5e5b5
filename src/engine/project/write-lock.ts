/**
 * `matrix init --lock`: the project's requirements source compiled by the pinned uv the night
 * uses (`locateUv`) into `requirements.lock.txt`, against the index the night installs from, so
 * `pinned` tests the same exact releases every night and every variant rewrites exact pins.
 * A source that cannot resolve is the input's fault (exit 2, uv's deepest reason); an index uv
 * cannot reach, or a uv that cannot run, is the world's (exit 3).
 */
import { join } from "node:path";
import { compileLock } from "../../adapters/compile-lock.js";
import { resolveCacheDir } from "../../adapters/machine.js";
import { locateUv } from "../../adapters/uv-binary.js";
import { excerptInstallError, isNetworkFailure } from "../../core/results/install-excerpt.js";
import { parseResolverReport } from "../../core/results/resolver-report.js";
import { InputError, WorldError } from "../../errors.js";
import { LOCK_FILE, readPinsFile } from "./read-repository.js";

/** What to lock: the repository, its pins source and the extras chosen. */
export interface LockRequest {
  cwd: string;
  /** The requirements source, relative to `cwd` (requirements.txt or pyproject.toml). */
  source: string;
  extras: string[];
  /** The index the night installs from; PyPI when absent. */
  indexUrl: string | null;
  python: string;
}

/** The lock written: its file, the command that remakes it, how many pins it holds. */
export interface LockFacts {
  file: string;
  command: string;
  pins: number;
  /** Lines that are no exact pin (a direct URL or local path uv keeps as written). */
  loosePins: string[];
  seconds: number;
}

const TIMEOUT_MS = 10 * 60_000;

/** Compiles and writes the lock; throws InputError / WorldError as the file comment says. */
export async function writeLock(req: LockRequest): Promise<LockFacts> {
  const started = performance.now();
  const cacheDir = resolveCacheDir();
  const uv = await locateUv({ cacheDir });
  if (uv.path === null) throw new WorldError(`matrix init --lock needs uv: ${uv.why}`);
  const outcome = await compileLock({
    uvPath: uv.path,
    python: req.python,
    cwd: req.cwd,
    source: req.source,
    lockFile: LOCK_FILE,
    extras: req.extras,
    ...(req.indexUrl ? { indexUrl: req.indexUrl } : {}),
    cacheDir,
    timeoutMs: TIMEOUT_MS,
  });
  if (!outcome.ok) throw failureOf(outcome.output, req);
  const { pinCount, loosePins } = await readPinsFile(join(req.cwd, LOCK_FILE));
  const seconds = Math.round((performance.now() - started) / 100) / 10;
  return { file: LOCK_FILE, command: outcome.command, pins: pinCount, loosePins, seconds };
}

function failureOf(output: string, req: LockRequest): Error {
  const excerpt = excerptInstallError(output);
  const index = req.indexUrl ?? "https://pypi.org/simple";
  if (isNetworkFailure(excerpt))
    return new WorldError(`uv pip compile cannot reach ${index}: ${firstLine(excerpt)}`);
  const report = parseResolverReport(output);
  if (report)
    return new InputError(
      `${req.source}:1:1: its requirements cannot be locked: ${report.reason || firstLine(report.text)}${report.required.length ? ` (you require ${report.required.join(", ")})` : ""}; loosen or fix the pins uv names`,
    );
  return new WorldError(`uv pip compile ${req.source} failed: ${firstLine(excerpt || output)}`);
}

function firstLine(text: string): string {
  return (
    text
      .split("\n")
      .map((l) => l.replace(/^\s*(×|error:)\s*/, "").trim())
      .find((l) => l !== "") ?? "no output"
  );
}
