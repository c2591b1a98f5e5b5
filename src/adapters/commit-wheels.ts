/**
 * The wheel of an upstream commit, built once per (repository, SHA) and kept under
 * `cacheDir/wheels/` as a content-addressed entry: every worker of a bisect, a resumed bisect,
 * tomorrow's bisect and the prefetcher share it. The source is a detached worktree of the cached
 * mirror (a real checkout, so setuptools-scm and friends see their git metadata), built with
 * `uv build` (or `pip wheel` when pip is the installer), then removed.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdir, readdir, rm } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { ensureEntry } from "./env-cache.js";
import { runProcess } from "./exec.js";
import { gitEnv } from "./git.js";
import type { Toolchain } from "./python-toolchain.js";
import { AttemptFailed, retryWithBackoff } from "./retry.js";

/** What one wheel build needs. */
export interface CommitWheelRequest {
  /** The cached mirror (`ensureMirror`), and the upstream URL it mirrors (part of the key). */
  mirror: string;
  repo: string;
  sha: string;
  toolchain: Toolchain;
  cacheDir: string;
  indexUrl?: string;
  timeoutMs?: number;
}

/** The built wheel, or the build's output when the commit cannot be built (an expected outcome). */
export type CommitWheel = { ok: true; wheel: string; reused: boolean } | { ok: false; output: string };

/** Returns the wheel of `repo` at `sha`, building it unless an earlier build left it in the cache. */
export async function ensureCommitWheel(req: CommitWheelRequest): Promise<CommitWheel> {
  const key = `${createHash("sha256").update(req.repo).digest("hex").slice(0, 16)}-${req.sha}`;
  const entry = await ensureEntry<{ wheel: string }, { output: string }>(
    join(req.cacheDir, "wheels"),
    key,
    async (dir) => buildInto(req, dir),
    { pollMs: 50 },
  );
  return entry.ok
    ? { ok: true, wheel: join(entry.dir, entry.value.wheel), reused: entry.reused }
    : { ok: false, output: entry.value.output };
}

async function buildInto(
  req: CommitWheelRequest,
  dir: string,
): Promise<{ ok: true; value: { wheel: string } } | { ok: false; value: { output: string } }> {
  const src = join(req.cacheDir, "tmp", `src-${req.sha.slice(0, 12)}-${randomBytes(4).toString("hex")}`);
  const git = (args: string[]) =>
    execa("git", ["-C", req.mirror, ...args], { env: gitEnv, reject: false, timeout: 600_000 });
  try {
    await mkdir(join(req.cacheDir, "tmp"), { recursive: true });
    const added = await addWorktree(git, src, req.sha);
    if (added.exitCode !== 0)
      return { ok: false, value: { output: `git worktree add ${req.sha}: ${String(added.stderr)}` } };
    const index = req.indexUrl ? ["--index-url", req.indexUrl] : [];
    const argv =
      req.toolchain.installer === "uv"
        ? [
            req.toolchain.uvPath,
            "build",
            "--wheel",
            "--out-dir",
            dir,
            "--python",
            req.toolchain.interpreter,
            ...index,
            src,
          ]
        : [req.toolchain.interpreter, "-m", "pip", "wheel", "--no-deps", "-w", dir, ...index, src];
    const built = await runProcess({
      command: argv,
      cwd: req.cacheDir,
      env: {
        UV_CACHE_DIR: join(req.cacheDir, "uv"),
        PIP_CACHE_DIR: join(req.cacheDir, "pip"),
        UV_PYTHON_DOWNLOADS: "never",
        NO_COLOR: "1",
      },
      inherit: "full",
      timeoutMs: req.timeoutMs ?? 3_600_000,
    });
    const wheel = (await readdir(dir)).find((f) => f.endsWith(".whl"));
    if (built.exitCode !== 0 || !wheel)
      return {
        ok: false,
        value: { output: `$ ${argv.join(" ")}\n${built.output}${built.spawnError ?? ""}` },
      };
    return { ok: true, value: { wheel } };
  } finally {
    await git(["worktree", "remove", "--force", src]);
    await rm(src, { recursive: true, force: true });
    // Only entries an hour old: a fresh one may be another build's, half made.
    await git(["worktree", "prune", "--expire=1.hour.ago"]);
  }
}

/**
 * `git worktree add`, retried: two adds on one repository at once (the prefetcher and a step,
 * or two bisects sharing the cache) can trip over each other's half-written entry ("failed to
 * read worktrees/.../commondir"). A commit that does not exist fails the same way every time.
 */
async function addWorktree(
  git: (args: string[]) => Promise<{ exitCode?: number; stderr: unknown }>,
  src: string,
  sha: string,
): Promise<{ exitCode?: number; stderr: unknown }> {
  let added: { exitCode?: number; stderr: unknown } = { exitCode: 1, stderr: "" };
  await retryWithBackoff(
    async () => {
      await rm(src, { recursive: true, force: true });
      added = await git(["worktree", "add", "--detach", "--force", src, sha]);
      if (added.exitCode === 0) return;
      const missing = /invalid reference|not a valid|unknown revision/i.test(String(added.stderr));
      throw new AttemptFailed(String(added.stderr), missing);
    },
    {},
    // Two adds collide for milliseconds; the random part keeps them from colliding again.
    { retries: 7, backoffMs: 40 + Math.floor(Math.random() * 60) },
  );
  return added;
}
