import { describe, expect, it } from "vitest";
import { describeGitHubFailure, type FailedRequest, type FailureKind } from "./github-failure.js";

const own = { repo: "acme/trainer", tokenVariable: "GITHUB_TOKEN", own: true };
const upstream = { repo: "huggingface/peft", tokenVariable: "MATRIX_UPSTREAM_TOKEN", own: false };
const failed = (
  status: number | null,
  message = "x",
  headers: Record<string, string> = {},
): FailedRequest => ({
  status,
  message,
  headers,
  url: "https://api.github.com/repos/acme/trainer/issues",
});

describe("describeGitHubFailure", () => {
  it.each<[string, FailedRequest, typeof own, FailureKind, boolean, RegExp]>([
    ["nothing answered", failed(null, "fetch failed"), own, "unreachable", true, /reachable.*GITHUB_API_URL/],
    ["a 502 after the retries", failed(502), own, "server", true, /rerun later/],
    [
      "a primary rate limit",
      failed(403, "API rate limit exceeded", {
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": "1700000000",
      }),
      own,
      "rate-limit",
      true,
      /resets at 2023-11-14T22:13:20/,
    ],
    [
      "a secondary rate limit",
      failed(403, "You have exceeded a secondary rate limit", { "retry-after": "60" }),
      own,
      "rate-limit",
      true,
      /rerun later/,
    ],
    ["a 429", failed(429), own, "rate-limit", true, /rate limited/],
    ["a rejected token", failed(401, "Bad credentials"), own, "unauthorized", true, /GITHUB_TOKEN/],
    [
      "no issues:write on the own repo",
      failed(403, "Resource not accessible by integration"),
      own,
      "forbidden",
      false,
      /permissions: issues: write/,
    ],
    [
      "no issues:write upstream",
      failed(403, "Resource not accessible by personal access token"),
      upstream,
      "forbidden",
      false,
      /MATRIX_UPSTREAM_TOKEN.*huggingface\/peft/,
    ],
    ["an invisible repository", failed(404, "Not Found"), own, "not-found", false, /GITHUB_REPOSITORY/],
    [
      "issues disabled upstream",
      failed(410, "Issues are disabled for this repo"),
      upstream,
      "disabled",
      false,
      /file_upstream: false/,
    ],
    [
      "a refused body",
      failed(422, "Validation Failed: body is too long"),
      own,
      "invalid",
      false,
      /body is too long.*fix the draft/,
    ],
    ["anything else", failed(409), own, "other", false, /unexpected answer 409/],
  ])("%s", (_name, request, ctx, kind, fatal, advice) => {
    const failure = describeGitHubFailure(request, ctx);
    expect(failure.kind).toBe(kind);
    expect(failure.fatal).toBe(fatal);
    expect(failure.whatToDo).toMatch(advice);
  });
});
