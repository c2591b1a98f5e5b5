/**
 * Facts about this machine that commands need: the cache folder, the uv that `npm ci` installed,
 * and the GPUs workers may be pinned to. Each is read when asked; nothing is kept.
 */
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";

/** `$MATRIX_CACHE`, else `~/.cache/matrix` (mirrors, wheels, environments). */
export function resolveCacheDir(env = process.env): string {
  return resolve(env.MATRIX_CACHE ?? join(homedir(), ".cache", "matrix"));
}

/** `$MATRIX_UV`, else the uv that `npm ci` put in `.tools/uv`, else `uv` from PATH. */
export function resolveUvPath(env = process.env): string {
  if (env.MATRIX_UV) return env.MATRIX_UV;
  const bundled = fileURLToPath(new URL("../../.tools/uv/bin/uv", import.meta.url));
  return existsSync(bundled) ? bundled : "uv";
}

/** The `nvidia-smi -L` lines (`GPU 0: NVIDIA H200 (UUID: ...)`); empty without NVIDIA GPUs or the tool. */
export async function listGpuNames(): Promise<string[]> {
  const result = await execa("nvidia-smi", ["-L"], { reject: false, timeout: 20_000 });
  if (result.exitCode !== 0) return [];
  return String(result.stdout)
    .split("\n")
    .filter((line) => /^GPU \d+:/.test(line));
}
