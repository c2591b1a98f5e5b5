/**
 * What a failed GitHub request means for filing, and what to do about it. Some failures end the
 * filing (the API cannot be reached, it keeps answering 5xx, a rate limit that does not lift, a
 * token GitHub rejects): every further request would fail the same way. The rest (a 403 for a
 * repository the token cannot write, a 404, issues disabled, a 422) concern one action; they are
 * reported with the fix and the filing goes on. Pure: the adapter passes the answer's facts in.
 */

/** The facts of a failed request: no status (or no response) when nothing answered. */
export interface FailedRequest {
  status: number | null;
  /** GitHub's `message` (with its `errors`), or the network error's. */
  message: string;
  /** Response headers, lower-case; empty when nothing answered. */
  headers: Record<string, string | undefined>;
  url: string;
}

/** Kinds of failure, from the filing's point of view. */
export type FailureKind =
  | "unreachable"
  | "server"
  | "rate-limit"
  | "unauthorized"
  | "forbidden"
  | "not-found"
  | "disabled"
  | "invalid"
  | "other";

/** A failure judged: `fatal` ends the filing; `whatToDo` is one sentence for the report. */
export interface GitHubFailure {
  kind: FailureKind;
  status: number | null;
  fatal: boolean;
  message: string;
  url: string;
  whatToDo: string;
}

/** Where the request went and with which token, for the advice. */
export interface FailureContext {
  /** `owner/repo`. */
  repo: string;
  /** The variable that holds the token used (`GITHUB_TOKEN`, `MATRIX_UPSTREAM_TOKEN`). */
  tokenVariable: string;
  /** True for the project's own repository (the Actions token can be given permissions there). */
  own: boolean;
}

/** Whether a 403 or 429 is a rate limit (primary or secondary) rather than a missing permission. */
export function isRateLimit(failed: FailedRequest): boolean {
  if (failed.status !== 403 && failed.status !== 429) return false;
  return (
    failed.status === 429 ||
    failed.headers["x-ratelimit-remaining"] === "0" ||
    failed.headers["retry-after"] !== undefined ||
    /\bsecondary rate\b|rate limit/i.test(failed.message)
  );
}

/** Judges a failed request and says what to do. */
export function describeGitHubFailure(failed: FailedRequest, ctx: FailureContext): GitHubFailure {
  const base = { status: failed.status, message: failed.message, url: failed.url };
  const judged = (kind: FailureKind, fatal: boolean, whatToDo: string): GitHubFailure => ({
    kind,
    fatal,
    whatToDo,
    ...base,
  });
  const { status } = failed;
  if (status === null) {
    return judged(
      "unreachable",
      true,
      `check that ${failed.url} is reachable from the runner (GITHUB_API_URL), then rerun`,
    );
  }
  if (status >= 500)
    return judged(
      "server",
      true,
      "GitHub kept failing after the retries; rerun later (filing is idempotent)",
    );
  if (isRateLimit(failed)) {
    const reset = failed.headers["x-ratelimit-reset"];
    const when = reset ? ` (resets at ${new Date(Number(reset) * 1000).toISOString()})` : "";
    return judged("rate-limit", true, `rate limited${when}; rerun later (filing is idempotent)`);
  }
  if (status === 401)
    return judged("unauthorized", true, `GitHub rejected ${ctx.tokenVariable}; set a valid, unexpired token`);
  if (status === 403) {
    const fix = ctx.own
      ? "give the workflow `permissions: issues: write` (or a token with Issues: read and write)"
      : `use a ${ctx.tokenVariable} of an account allowed to open issues there`;
    return judged("forbidden", false, `${ctx.tokenVariable} lacks issues:write on ${ctx.repo}; ${fix}`);
  }
  if (status === 404) {
    const which = ctx.own ? "GITHUB_REPOSITORY" : "the package's repo: URL";
    return judged(
      "not-found",
      false,
      `${ctx.repo} is not visible to ${ctx.tokenVariable}; check ${which} and the token's repository access`,
    );
  }
  if (status === 410) {
    const fix = ctx.own ? "enable Issues in the repository settings" : "set file_upstream: false for it";
    return judged("disabled", false, `issues are disabled on ${ctx.repo}; ${fix}`);
  }
  if (status === 422) {
    return judged(
      "invalid",
      false,
      `GitHub refused it as invalid (${failed.message}); fix the draft (too long? a bad label?) and rerun`,
    );
  }
  return judged("other", false, `unexpected answer ${status}; rerun, and report it if it stays`);
}
