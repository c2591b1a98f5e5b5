/**
 * `uv pip compile` of a project's requirements source (a requirements file or a PEP 621
 * pyproject.toml, with chosen extras) into a requirements lock: every package the project
 * installs, transitives included, as an exact `name==version` pin. The lock's header names the
 * command that remakes it (relative paths, not the temp file uv wrote to), and the lock is written
 * whole. Installs nothing.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runProcess } from "./exec.js";
import { writeFileAtomic } from "./fs.js";

/** One lock to compile; `source` and `lockFile` are relative to `cwd` (the repository root). */
export interface CompileLockOptions {
  uvPath: string;
  /** The interpreter the environments are made from; uv resolves markers for it. */
  python: string;
  cwd: string;
  source: string;
  lockFile: string;
  /** Optional dependency groups of a pyproject source, compiled in. */
  extras: string[];
  /** The index the night installs from; uv's default (PyPI) when absent. */
  indexUrl?: string;
  /** `$MATRIX_CACHE`; uv's download cache is `cacheDir/uv`, shared with the installs. */
  cacheDir: string;
  timeoutMs: number;
}

/** The lock's text when uv resolved, else the command and uv's output for the caller to judge. */
export type CompileLockOutcome = { ok: true; text: string; command: string } | { ok: false; output: string };

/** The command a maintainer runs to remake the lock (written into its header). */
export function lockCommandOf(opts: Pick<CompileLockOptions, "source" | "lockFile" | "extras">): string {
  const extras = opts.extras.flatMap((e) => ["--extra", e]);
  return ["uv pip compile", opts.source, ...extras, "-o", opts.lockFile].join(" ");
}

/** Compiles the lock and, when uv resolves, writes it to `cwd/lockFile` whole. */
export async function compileLock(opts: CompileLockOptions): Promise<CompileLockOutcome> {
  const dir = await mkdtemp(join(tmpdir(), "matrix-lock-"));
  try {
    const outFile = join(dir, "lock.txt");
    const command = lockCommandOf(opts);
    const argv = [
      opts.uvPath,
      "pip",
      "compile",
      opts.source,
      ...opts.extras.flatMap((e) => ["--extra", e]),
      "--python",
      opts.python,
      "--custom-compile-command",
      command,
      // A file, not stdout: the merged output stream also carries uv's progress lines.
      "--output-file",
      outFile,
      ...(opts.indexUrl ? ["--index-url", opts.indexUrl] : []),
    ];
    const result = await runProcess({
      command: argv,
      cwd: opts.cwd,
      env: { UV_CACHE_DIR: join(opts.cacheDir, "uv"), UV_PYTHON_DOWNLOADS: "never", NO_COLOR: "1" },
      inherit: "full",
      timeoutMs: opts.timeoutMs,
    });
    if (result.exitCode !== 0 || result.timedOut) {
      const why = result.spawnError ?? (result.timedOut ? `timed out after ${opts.timeoutMs / 1000} s` : "");
      return { ok: false, output: [`$ ${argv.join(" ")}`, result.output, why].filter(Boolean).join("\n") };
    }
    const text = await readFile(outFile, "utf8");
    await writeFileAtomic(join(opts.cwd, opts.lockFile), text);
    return { ok: true, text, command };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
