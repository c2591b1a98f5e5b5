/**
 * The one GitHub REST client of matrix (pull request lookups now, issues later): Octokit with the
 * throttling plugin (GitHub's rate limits), the retry plugin (5xx and network errors), a
 * per-request timeout and the user agent `matrix`; every title and body it sends is redacted. Settings
 * are passed in; nothing is read from the process environment here.
 */
import { Octokit } from "@octokit/core";
import { restEndpointMethods } from "@octokit/plugin-rest-endpoint-methods";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { redactText } from "../core/results/redact.js";

// The order of the `octokit` package: throttling wraps retry, so retry repeats 5xx answers and
// network errors inside, and a rate-limited 403 (which retry leaves alone) reaches throttling.
const MatrixOctokit = Octokit.plugin(restEndpointMethods, retry, throttling);

/** The client `createGitHubClient` returns: REST methods under `.rest`, and `.request`. */
export type GitHubClient = InstanceType<typeof MatrixOctokit>;

/** Where the API is, the token, and the limits on waiting; tests shrink the waits. */
export interface GitHubClientOptions {
  /** Sent as `authorization: token ...`; null sends none (60 requests an hour, per IP). */
  token: string | null;
  /** API root, e.g. https://api.github.com or https://ghe.example.com/api/v3. */
  apiUrl: string;
  /** Extra attempts after the first on 5xx, 429, timeouts and network errors (default 2). */
  retries?: number;
  /** Extra attempts after hitting a rate limit (default 2). */
  rateLimitRetries?: number;
  /** Longest wait for a rate limit to lift, in seconds; a longer one gives up (default 60). */
  maxRateLimitWaitS?: number;
  /**
   * Milliseconds per unit of waiting (default 1000): the retry plugin waits (n+1)² units before
   * attempt n+1, the throttling plugin the seconds GitHub names. Tests set 1.
   */
  retryAfterBaseMs?: number;
  /** Per-attempt limit in ms, so a silent host counts as a failed attempt (default 15000). */
  timeoutMs?: number;
  /**
   * Space writes as GitHub asks (default true): the throttling plugin waits 1 s between writes,
   * 3 s between issue and comment creations and 2 s between searches. Tests turn it off.
   */
  paceWrites?: boolean;
  /**
   * Values masked in every title and body sent (the harness's credentials; the token always), on
   * top of what the redactor finds by shape: nothing reaches an issue or comment unredacted.
   */
  secrets?: readonly string[];
  /** Where Octokit's messages go (default: warnings and errors to the console, the rest dropped). */
  log?: Record<"debug" | "info" | "warn" | "error", (message: string) => void>;
}

/**
 * An Octokit for `opts.apiUrl`. Rate limits are waited out at most `rateLimitRetries` times and
 * only when GitHub names a reset within `maxRateLimitWaitS`; a night never sleeps for an hour.
 */
export function createGitHubClient(opts: GitHubClientOptions): GitHubClient {
  const baseMs = opts.retryAfterBaseMs ?? 1000;
  const policy = { retries: opts.rateLimitRetries ?? 2, maxWaitS: opts.maxRateLimitWaitS ?? 60 };
  const onLimit =
    (kind: string) =>
    (retryAfterS: number, options: { method: string; url: string }, octokit: Octokit, n: number) => {
      const again = shouldWaitForRateLimit(retryAfterS, n, policy);
      const what = again ? `retrying in ${retryAfterS}s` : "giving up";
      octokit.log.warn(`GitHub ${kind} for ${options.method} ${options.url}: ${what}`);
      return again;
    };
  const client = new MatrixOctokit({
    ...(opts.token !== null && { auth: opts.token }),
    baseUrl: opts.apiUrl.replace(/\/+$/, ""),
    userAgent: "matrix",
    request: { fetch: fetchWithTimeout(opts.timeoutMs ?? 15_000) },
    retry: { retries: opts.retries ?? 2, retryAfterBaseValue: baseMs },
    throttle: {
      retryAfterBaseValue: baseMs,
      onRateLimit: onLimit("rate limit"),
      onSecondaryRateLimit: onLimit("secondary rate limit"),
      ...(opts.paceWrites === false && { write: UNPACED, notifications: UNPACED, search: UNPACED }),
    },
    ...(opts.log && { log: opts.log }),
  });
  const secrets = [...(opts.secrets ?? []), ...(opts.token !== null ? [opts.token] : [])];
  client.hook.before("request", (options) => {
    for (const field of ["title", "body"] as const) {
      const value = (options as Record<string, unknown>)[field];
      if (typeof value === "string") (options as Record<string, unknown>)[field] = redactText(value, secrets);
    }
  });
  return client;
}

/**
 * Whether to wait `retryAfterS` seconds for a rate limit to lift, having waited `retryCount`
 * times already: only a few times, and never longer than `maxWaitS`.
 */
export function shouldWaitForRateLimit(
  retryAfterS: number,
  retryCount: number,
  policy: { retries: number; maxWaitS: number },
): boolean {
  return retryCount < policy.retries && retryAfterS <= policy.maxWaitS;
}

// Stands in for the plugin's Bottleneck groups of writes, notifications and searches: runs each
// job at once. Rate-limit answers are still waited out; only the spacing between calls goes.
const UNPACED = {
  key: () => ({
    schedule: (_options: unknown, job: (...args: unknown[]) => unknown, ...args: unknown[]) =>
      Promise.resolve().then(() => job(...args)),
  }),
} as never;

/**
 * `fetch` with a fresh timeout per call. Octokit takes only a fixed `signal`, which would start
 * counting when the client is made; a timeout per call limits each attempt, and the retry plugin
 * retries a timed-out one like any other network error.
 */
function fetchWithTimeout(timeoutMs: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return fetch(input, { ...init, signal });
  };
}
