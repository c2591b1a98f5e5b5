/**
 * The one retry loop (index, git ls-remote, mirror clones and fetches, webhooks, GitHub creates,
 * git worktrees of one mirror):
 * exponential backoff, a bounded number of attempts, and no retry for failures that a retry
 * cannot mend (a repository that does not exist, a 404). Callers turn the final failure into
 * their own WorldError, naming the URL.
 */
import pRetry from "p-retry";

/** How often to retry and how long to wait first (doubling after each failure). */
export interface RetryOptions {
  retries?: number;
  backoffMs?: number;
}

/** Thrown by an attempt that failed; `permanent` stops the retries. */
export class AttemptFailed extends Error {
  constructor(
    message: string,
    readonly permanent = false,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "AttemptFailed";
  }
}

/** The last failure, once the retries are spent or a permanent failure came. */
export interface RetriesSpent {
  ok: false;
  reason: string;
  attempts: number;
  /** The last failure's cause, for callers that judge the original error. */
  cause?: unknown;
}

/**
 * Calls `attempt` until it returns, retrying on AttemptFailed; any other exception propagates
 * at once (it is an answer, such as an InputError, not a hiccup). The loop is `p-retry`
 * (exponential backoff from `backoffMs`, doubling, no jitter so waits stay predictable).
 */
export async function retryWithBackoff<T>(
  attempt: (n: number) => Promise<T>,
  opts: RetryOptions,
  defaults: Required<RetryOptions>,
): Promise<{ ok: true; value: T } | RetriesSpent> {
  const retries = opts.retries ?? defaults.retries;
  const backoffMs = opts.backoffMs ?? defaults.backoffMs;
  let attempts = 0;
  try {
    const value = await pRetry(
      (n: number) => {
        attempts = n;
        return attempt(n - 1);
      },
      {
        retries,
        factor: 2,
        minTimeout: backoffMs,
        maxTimeout: Number.POSITIVE_INFINITY,
        randomize: false,
        shouldRetry: ({ error }) => error instanceof AttemptFailed && !error.permanent,
      },
    );
    return { ok: true, value };
  } catch (error) {
    if (!(error instanceof AttemptFailed)) throw error;
    return { ok: false, reason: error.message, attempts, cause: error.cause };
  }
}
