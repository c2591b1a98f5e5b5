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

/** GPU indices from `nvidia-smi -L` (empty without NVIDIA GPUs or the tool). */
export async function listGpus(): Promise<string[]> {
  const result = await execa("nvidia-smi", ["-L"], { reject: false, timeout: 20_000 });
  if (result.exitCode !== 0) return [];
  return String(result.stdout)
    .split("\n")
    .map((line) => /^GPU (\d+):/.exec(line)?.[1])
    .filter((index): index is string => index !== undefined);
}
