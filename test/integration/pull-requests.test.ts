import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { findPullRequestOf, type PullRequestLookupOptions } from "../../src/adapters/pull-requests.js";
import { type CommitPulls, commitPullsRoute } from "../support/github-fixtures.js";
import { type GitHubServer, type GitHubServerOptions, startGitHubServer } from "../support/github-server.js";

const REPO = "https://github.com/huggingface/transformers.git";
const SHA = "3f2c5e7a9b1d4c6e8f0a2b4c6d8e0f1a3b5c7d9e";
const PULLS_PATH = `/repos/huggingface/transformers/commits/${SHA}/pulls`;
const TOKEN = "ghs_testtoken123";

const PULLS: CommitPulls = {
  "huggingface/transformers": {
    [SHA]: [
      { number: 41000, state: "open", title: "WIP: rebase of main" },
      { number: 40123, state: "merged", title: "Fix generation cache" },
    ],
    ["0".repeat(40)]: [],
    ["1".repeat(40)]: [{ number: 7, state: "closed" }],
  },
};

let warnings: string[] = [];
const quietLog = { debug() {}, info() {}, error() {}, warn: (m: string) => void warnings.push(m) };
// Waits in milliseconds instead of seconds; a short per-attempt limit for the silent host.
const FAST: PullRequestLookupOptions = { retries: 2, retryAfterBaseMs: 1, timeoutMs: 2000, log: quietLog };

let server: GitHubServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
  warnings = [];
});

async function startWith(opts: Partial<GitHubServerOptions> = {}): Promise<GitHubServer> {
  server = await startGitHubServer({ routes: [commitPullsRoute(PULLS)], ...opts });
  return server;
}

/** The Actions variables pointing at `s`; a null token leaves GITHUB_TOKEN unset. */
function envOf(s: { url: string }, token: string | null = TOKEN): Record<string, string | undefined> {
  return { GITHUB_TOKEN: token ?? undefined, GITHUB_API_URL: s.url };
}

/** A port on 127.0.0.1 that nothing listens on: bind one, note it, close it. */
async function findClosedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

describe("findPullRequestOf against a local GitHub REST server", () => {
  it("finds the merged pull request of a commit, asking with the token, as matrix", async () => {
    const s = await startWith();
    const found = await findPullRequestOf({ repo: REPO, sha: SHA, env: envOf(s), options: FAST });
    expect(found).toEqual({ number: 40123, url: "https://github.com/huggingface/transformers/pull/40123" });
    expect(s.requests).toHaveLength(1);
    const [request] = s.requests;
    expect(request?.method).toBe("GET");
    expect(request?.path).toBe(PULLS_PATH);
    expect(request?.headers.authorization).toBe(`token ${TOKEN}`);
    expect(request?.headers["user-agent"]).toMatch(/^matrix /);
    expect(request?.headers.accept).toBe("application/vnd.github.v3+json");
  });

  it("takes the first pull request when none is merged; a trailing slash on the API URL is fine", async () => {
    const s = await startWith();
    const env = { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: `${s.url}/` };
    const sha = "1".repeat(40);
    expect(await findPullRequestOf({ repo: REPO, sha, env, options: FAST })).toEqual({
      number: 7,
      url: "https://github.com/huggingface/transformers/pull/7",
    });
    expect(s.requests.map((r) => r.path)).toEqual([`/repos/huggingface/transformers/commits/${sha}/pulls`]);
  });

  it.each<[string, string, string]>([
    ["a commit in no pull request (empty array)", REPO, "0".repeat(40)],
    ["an unknown commit (422)", REPO, "9".repeat(40)],
    ["an unknown repository (404)", "git@github.com:someone/missing.git", SHA],
  ])("is null for %s, after a single request", async (_name, repo, sha) => {
    const s = await startWith();
    expect(await findPullRequestOf({ repo, sha, env: envOf(s), options: FAST })).toBeNull();
    expect(s.requests).toHaveLength(1);
  });

  it("retries 5xx answers and then finds the pull request", async () => {
    const s = await startWith({ serverErrors: 2, serverErrorStatus: 503 });
    const found = await findPullRequestOf({ repo: REPO, sha: SHA, env: envOf(s), options: FAST });
    expect(found?.number).toBe(40123);
    expect(s.requests.map((r) => r.path)).toEqual([PULLS_PATH, PULLS_PATH, PULLS_PATH]);
  });

  it("is null once the retries of 5xx answers are spent", async () => {
    const s = await startWith({ serverErrors: 10 });
    const options = { ...FAST, retries: 1 };
    expect(await findPullRequestOf({ repo: REPO, sha: SHA, env: envOf(s), options })).toBeNull();
    expect(s.requests).toHaveLength(2);
  });

  it("waits out a rate limit that lifts soon, and says so", async () => {
    const s = await startWith({ rateLimited: 1, rateLimitResetS: 1 });
    const found = await findPullRequestOf({ repo: REPO, sha: SHA, env: envOf(s), options: FAST });
    expect(found?.number).toBe(40123);
    expect(s.requests).toHaveLength(2);
    expect(warnings).toEqual([
      expect.stringMatching(/^GitHub rate limit for GET .*\/pulls: retrying in \d+s$/),
    ]);
  });

  it.each<[string, Partial<GitHubServerOptions>, number]>([
    ["a rate limit that stays gives up after two waits", { rateLimited: 10, rateLimitResetS: 1 }, 3],
    ["a reset an hour away gives up at once", { rateLimited: 10, rateLimitResetS: 3600 }, 1],
  ])("%s", async (_name, faults, requests) => {
    const s = await startWith(faults);
    expect(await findPullRequestOf({ repo: REPO, sha: SHA, env: envOf(s), options: FAST })).toBeNull();
    expect(s.requests).toHaveLength(requests);
    expect(warnings.at(-1)).toMatch(/giving up$/);
  });

  it("is null for an answer that is not JSON", async () => {
    server = await startGitHubServer({
      routes: [
        {
          method: "GET",
          path: "/repos/{owner}/{repo}/commits/{commit_sha}/pulls",
          reply: () => ({ raw: "<html>proxy error</html>", headers: { "content-type": "text/html" } }),
        },
      ],
    });
    expect(await findPullRequestOf({ repo: REPO, sha: SHA, env: envOf(server), options: FAST })).toBeNull();
  });

  it.each<[string, string, string | null]>([
    ["no token", REPO, null],
    ["a blank token", REPO, " "],
    ["a file:// repository", "file:///tmp/upstream/transformers", TOKEN],
    ["a repository on another host", "https://gitlab.com/o/r.git", TOKEN],
  ])("is null for %s, without any request", async (_name, repo, token) => {
    const s = await startWith();
    expect(await findPullRequestOf({ repo, sha: SHA, env: envOf(s, token), options: FAST })).toBeNull();
    expect(s.requests).toHaveLength(0);
  });

  it("is null quickly when nothing listens on the API port", async () => {
    const env = { GITHUB_TOKEN: TOKEN, GITHUB_API_URL: `http://127.0.0.1:${await findClosedPort()}` };
    const started = Date.now();
    expect(await findPullRequestOf({ repo: REPO, sha: SHA, env, options: FAST })).toBeNull();
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("is null after the per-attempt timeout when the server never answers", async () => {
    const path = "/repos/{owner}/{repo}/commits/{commit_sha}/pulls";
    server = await startGitHubServer({
      routes: [{ method: "GET", path, reply: () => new Promise(() => {}) }],
    });
    const options = { ...FAST, retries: 1, timeoutMs: 200 };
    const started = Date.now();
    expect(await findPullRequestOf({ repo: REPO, sha: SHA, env: envOf(server), options })).toBeNull();
    expect(Date.now() - started).toBeLessThan(3000);
    expect(server.requests).toHaveLength(2);
  });
});
