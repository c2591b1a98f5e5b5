/**
 * How filing applies one step against GitHub: the step's outcome is recorded, a failure that
 * concerns only this step (403, 404, 410, 422) becomes a reported problem and the filing goes on,
 * and one that dooms every further request (unreachable, 5xx after the retries, a rate limit that
 * does not lift, a rejected token) aborts the filing with what was done so far.
 */

import type { GitHubClient } from "../../adapters/github-client.js";
import { failedRequestOf } from "../../adapters/github-issues.js";
import { AttemptFailed, retryWithBackoff } from "../../adapters/retry.js";
import type { RepoName } from "../../core/github/filing-settings.js";
import {
  describeGitHubFailure,
  type FailureContext,
  type GitHubFailure,
} from "../../core/github/github-failure.js";

/** What one step did (or, in a dry run, would do). */
export interface StepOutcome {
  /** `owner/name`. */
  repo: string;
  action: string;
  fingerprint: string | null;
  number: number | null;
  url: string | null;
  /** `planned` in a dry run; `found` when a create found its issue already there (a lost answer). */
  result: "planned" | "done" | "found" | "failed" | "skipped";
  detail?: string;
  problem?: { kind: string; status: number | null; message: string; what_to_do: string };
}

/** A failure that ends the filing; the engine writes what was done, then exits 3. */
export class FilingAborted extends Error {
  constructor(readonly failure: GitHubFailure) {
    super(`${failure.message} (${failure.url})`);
    this.name = "FilingAborted";
  }
}

/** One repository, its client, and where outcomes go. */
export interface StepContext {
  client: GitHubClient;
  repo: RepoName;
  failure: FailureContext;
  apiUrl: string;
  /** Waits between guarded create attempts: `backoffMs * n²` before attempt n + 1. */
  retry: { retries: number; backoffMs: number };
  outcomes: StepOutcome[];
}

/** `owner/name` of a repository. */
export function repoText(repo: RepoName): string {
  return `${repo.owner}/${repo.name}`;
}

/**
 * Runs `work` as the step `what`; its outcome is pushed (a `quiet` step, a lookup, only when it
 * fails). Returns the work's value, or null when it failed in a way that concerns only this step
 * (`FilingAborted` is thrown for the others).
 */
export async function runStep<T>(
  ctx: StepContext,
  what: { action: string; fingerprint: string | null; number?: number | null; quiet?: boolean },
  work: () => Promise<{
    value: T;
    number: number | null;
    url: string | null;
    result?: StepOutcome["result"];
    detail?: string;
  }>,
): Promise<T | null> {
  const base = { repo: repoText(ctx.repo), action: what.action, fingerprint: what.fingerprint };
  try {
    const done = await work();
    if (what.quiet) return done.value;
    ctx.outcomes.push({
      ...base,
      number: done.number,
      url: done.url,
      result: done.result ?? "done",
      ...(done.detail && { detail: done.detail }),
    });
    return done.value;
  } catch (error) {
    const failure = judgeFailure(ctx, error);
    const problem = {
      kind: failure.kind,
      status: failure.status,
      message: failure.message,
      what_to_do: failure.whatToDo,
    };
    ctx.outcomes.push({ ...base, number: what.number ?? null, url: null, result: "failed", problem });
    if (failure.fatal) throw new FilingAborted(failure);
    return null;
  }
}

/** An error of a request to the repository of `ctx`, judged. */
export function judgeFailure(ctx: StepContext, error: unknown): GitHubFailure {
  if (error instanceof FilingAborted) return error.failure;
  return describeGitHubFailure(failedRequestOf(error, ctx.apiUrl), ctx.failure);
}

/**
 * Creates something at most once: `look` for it before every attempt (a create whose answer was
 * lost, to a dropped connection or a 5xx, may have happened), and retry only such failures.
 */
export async function createOnce<T>(
  look: () => Promise<T | null>,
  create: () => Promise<T>,
  retry: { retries: number; backoffMs: number },
): Promise<{ value: T; created: boolean; lookups: number }> {
  let lookups = 0;
  const outcome = await retryWithBackoff(
    async () => {
      lookups += 1;
      const found = await look();
      if (found !== null) return { value: found, created: false };
      try {
        return { value: await create(), created: true };
      } catch (error) {
        const status = (error as { status?: number; response?: unknown }).status;
        const answered = (error as { response?: unknown }).response !== undefined;
        const unknownOutcome = !answered || (status !== undefined && (status >= 500 || status === 429));
        // Only a create whose outcome is unknown is tried again (after looking once more).
        throw new AttemptFailed(String(error), !unknownOutcome, { cause: error });
      }
    },
    {},
    retry,
  );
  if (!outcome.ok) throw outcome.cause;
  return { ...outcome.value, lookups };
}
