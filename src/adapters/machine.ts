/**
 * Facts about this machine that commands need: the cache folder and the GPUs workers may be
 * pinned to (uv is found by uv-binary.ts). Each is read when asked; nothing is kept.
 */
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { execa } from "execa";

/** `$MATRIX_CACHE`, else `~/.cache/matrix` (mirrors, wheels, environments). */
export function resolveCacheDir(env = process.env): string {
  return resolve(env.MATRIX_CACHE ?? join(homedir(), ".cache", "matrix"));
}

/** The `nvidia-smi -L` lines (`GPU 0: NVIDIA H200 (UUID: ...)`); empty without NVIDIA GPUs or the tool. */
export async function listGpuNames(): Promise<string[]> {
  const result = await execa("nvidia-smi", ["-L"], { reject: false, timeout: 20_000 });
  if (result.exitCode !== 0) return [];
  return String(result.stdout)
    .split("\n")
    .filter((line) => /^GPU \d+:/.test(line));
}

/**
 * The first line a command prints when it succeeds (`git --version`, a Python one-liner), or null
 * when it does not run or fails: doctor's probes list what is missing instead of stopping.
 */
export async function readCommandLine(argv: string[], env?: NodeJS.ProcessEnv): Promise<string | null> {
  const r = await execa(argv[0] ?? "", argv.slice(1), {
    reject: false,
    timeout: 30_000,
    all: true,
    ...(env ? { env } : {}),
  });
  if (r.exitCode !== 0) return null;
  return (
    String(r.all ?? "")
      .split("\n")
      .find((l) => l.trim())
      ?.trim() ?? ""
  );
}
