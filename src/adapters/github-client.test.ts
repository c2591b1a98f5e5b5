import { describe, expect, it } from "vitest";
import { createGitHubClient, shouldWaitForRateLimit } from "./github-client.js";

describe("shouldWaitForRateLimit", () => {
  const policy = { retries: 2, maxWaitS: 60 };
  it.each<[string, number, number, boolean]>([
    ["a reset in 2s, first time", 2, 0, true],
    ["a reset in 60s, second time", 60, 1, true],
    ["a third wait is one too many", 2, 2, false],
    ["a reset 61s away is too far", 61, 0, false],
    ["a reset an hour away", 3601, 0, false],
    ["a reset already past (0s)", 0, 0, true],
  ])("%s", (_name, retryAfterS, retryCount, expected) => {
    expect(shouldWaitForRateLimit(retryAfterS, retryCount, policy)).toBe(expected);
  });
});

describe("createGitHubClient", () => {
  it.each<[string, string]>([
    ["https://api.github.com", "https://api.github.com/repos/o/r/commits/abc/pulls"],
    ["https://ghe.example.com/api/v3/", "https://ghe.example.com/api/v3/repos/o/r/commits/abc/pulls"],
  ])("addresses %s, as matrix, with the REST methods", (apiUrl, expected) => {
    const client = createGitHubClient({ token: "t", apiUrl });
    const endpoint = client.rest.repos.listPullRequestsAssociatedWithCommit.endpoint({
      owner: "o",
      repo: "r",
      commit_sha: "abc",
    });
    expect(endpoint.url).toBe(expected);
    expect(endpoint.headers["user-agent"]).toMatch(/^matrix /);
  });
});
