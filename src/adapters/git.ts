/**
 * Git adapter: resolves upstream branches to exact SHAs with `git ls-remote`, which works on any
 * URL git takes (`file://` included) and needs no clone. Network trouble is retried, then exit 3.
 */
import { execa } from "execa";
import { WorldError } from "../errors.js";

/** Options shared by git calls: retries with exponential backoff. */
export interface GitOptions {
  retries?: number;
  backoffMs?: number;
}

/** Environment for git: never prompt for credentials (a prompt would hang a nightly run). */
const gitEnv = { GIT_TERMINAL_PROMPT: "0", GIT_ASKPASS: "echo", SSH_ASKPASS: "echo" };

/**
 * Returns the SHA that `branch` points at in `repo`, or null when the repo answers but has no
 * such branch. Throws WorldError (naming the URL) when the repo cannot be reached.
 */
export async function resolveBranch(
  repo: string,
  branch: string,
  opts: GitOptions = {},
): Promise<string | null> {
  const retries = opts.retries ?? 2;
  let lastError = "";
  for (let attempt = 0; attempt <= retries; attempt++) {
    if (attempt > 0) await sleep((opts.backoffMs ?? 500) * 2 ** (attempt - 1));
    const result = await execa("git", ["ls-remote", "--heads", "--", repo, `refs/heads/${branch}`], {
      env: gitEnv,
      reject: false,
      timeout: 60_000,
    });
    if (result.exitCode === 0) {
      const line = result.stdout.split("\n").find((l) => l.endsWith(`\trefs/heads/${branch}`));
      return line ? (line.split("\t")[0] ?? null) : null;
    }
    lastError =
      String(result.stderr || result.shortMessage || "")
        .split("\n")
        .filter(Boolean)
        .pop() ?? "unknown error";
    // A repository that does not exist will not appear on a retry; a flaky network might.
    if (/does not appear to be a git repository|not found|No such file/i.test(lastError)) break;
  }
  throw new WorldError(`cannot reach upstream ${repo} (git ls-remote: ${lastError.trim()})`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
