/**
 * The nightly workflow's jobs played on one machine the way GitHub Actions runs them: each job a
 * separate `node dist/bin.js` process (the built CLI, as the action runs it) in a folder of its
 * own (a fresh runner), artifacts handed on as folder copies (upload-artifact, then
 * download-artifact with `merge-multiple`), and the steps in the order matrix-night.yml has them.
 */
import { cp, mkdir, readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { execa, type ResultPromise } from "execa";
import type { CliResult } from "./run-cli.js";

const repo = resolve(import.meta.dirname, "../..");
const bin = join(repo, "dist", "bin.js");

/** Newest modification time under `dir` (files only), in ms. */
async function newestUnder(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    newest = Math.max(newest, (await stat(join(entry.parentPath, entry.name))).mtimeMs);
  }
  return newest;
}

/**
 * Builds dist/ (`npm run build`: the CLI and the page script's bundle, dist/page.js) when any
 * source is newer than it: the simulation runs what a runner would install.
 */
export async function ensureBuilt(): Promise<void> {
  // The older of the two outputs: a dist/ built before the page script had its bundle rebuilds.
  const mtimes = await Promise.all(
    [bin, join(repo, "dist", "page.js")].map((file) =>
      stat(file).then(
        (s) => s.mtimeMs,
        () => 0,
      ),
    ),
  );
  const built = Math.min(...mtimes);
  if (built >= (await newestUnder(join(repo, "src")))) return;
  await execa("npm", ["run", "build"], { cwd: repo });
}

/** One step of a job: `node dist/bin.js ...args` in `cwd` (the job's checkout). */
export async function runStep(
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<CliResult> {
  const result = await startStep(args, cwd, env);
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

/** The step as a running process in its own process group (so a "lost runner" can be killed whole). */
export function startStep(args: string[], cwd: string, env: Record<string, string> = {}): ResultPromise {
  return execa("node", [bin, ...args], {
    cwd,
    // The runner's own environment (proxy, CA bundle) plus the step's.
    env: { NO_COLOR: "1", ...env },
    reject: false,
    detached: true,
    timeout: 1_800_000,
  });
}

/** upload-artifact: a copy of each path that exists, under `store/<name>/`, relative to `base`. */
export async function upload(store: string, name: string, base: string, paths: string[]): Promise<void> {
  for (const path of paths) {
    const from = join(base, path);
    const there = await stat(from).then(
      () => true,
      () => false,
    );
    if (there) await cp(from, join(store, name, path), { recursive: true });
  }
}

/** download-artifact: the named artifact, or every artifact matching `prefix*` merged, into `dest`. */
export async function download(store: string, dest: string, opts: { name?: string; prefix?: string }) {
  await mkdir(dest, { recursive: true });
  const names = (await readdir(store).catch(() => [] as string[])).filter((n) =>
    opts.name !== undefined ? n === opts.name : n.startsWith(opts.prefix ?? ""),
  );
  for (const name of names.sort()) await cp(join(store, name), dest, { recursive: true });
  return names;
}
