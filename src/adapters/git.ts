/**
 * Git adapter: resolves upstream branches to exact SHAs with `git ls-remote`, which works on any
 * URL git takes (`file://` included) and needs no clone. Network trouble is retried, then exit 3.
 */
import { execa } from "execa";
import { WorldError } from "../errors.js";
import { AttemptFailed, type RetryOptions, retryWithBackoff } from "./retry.js";

/** Options shared by git calls: retries with exponential backoff. */
export type GitOptions = RetryOptions;

/** Environment for git: never prompt for credentials (a prompt would hang a nightly run). */
export const gitEnv = { GIT_TERMINAL_PROMPT: "0", GIT_ASKPASS: "echo", SSH_ASKPASS: "echo" };

/**
 * Returns the SHA that `branch` points at in `repo`, or null when the repo answers but has no
 * such branch. Throws WorldError (naming the URL) when the repo cannot be reached.
 */
export async function resolveBranch(
  repo: string,
  branch: string,
  opts: GitOptions = {},
): Promise<string | null> {
  const outcome = await retryWithBackoff(
    async () => {
      const result = await execa("git", ["ls-remote", "--heads", "--", repo, `refs/heads/${branch}`], {
        env: gitEnv,
        reject: false,
        timeout: 60_000,
      });
      if (result.exitCode === 0) {
        const line = String(result.stdout)
          .split("\n")
          .find((l) => l.endsWith(`\trefs/heads/${branch}`));
        return line ? (line.split("\t")[0] ?? null) : null;
      }
      const reason = lastLine(String(result.stderr || result.shortMessage || ""));
      // A repository that does not exist will not appear on a retry; a flaky network might.
      throw new AttemptFailed(reason, isMissingRepository(reason));
    },
    opts,
    { retries: 2, backoffMs: 500 },
  );
  if (outcome.ok) return outcome.value;
  throw new WorldError(`cannot reach upstream ${repo} (git ls-remote: ${outcome.reason})`);
}

/** Whether git's message says the repository is not there (no retry will change that). */
export function isMissingRepository(message: string): boolean {
  return /does not appear to be a git repository|not found|No such file|does not exist/i.test(message);
}

/** The last non-empty line of a tool's message, where git puts the reason. */
export function lastLine(text: string): string {
  return (
    text
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean)
      .pop() ?? "unknown error"
  );
}
