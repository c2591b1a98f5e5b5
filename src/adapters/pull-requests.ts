/**
 * Finds the pull request that brought a commit in, through the GitHub API, for a first bad
 * commit whose title names none (rebase merges, merges of a branch). A nicety of the bisect
 * record: every failure is an answer of null, never an exception.
 */
import { choosePullRequest, type PullRequestLink } from "../core/bisect/choose-pull-request.js";
import { gitHubRepoOf } from "../core/bisect/pr-link.js";
import { gitHubSettingsOf } from "../core/github/github-settings.js";
import type { GitHubClientOptions } from "./github-client.js";

/** Limits of the lookup; the defaults are the client's, tests shrink them. */
export type PullRequestLookupOptions = Omit<GitHubClientOptions, "token" | "apiUrl">;

/** A commit of a repository, and the environment that holds `GITHUB_TOKEN` and `GITHUB_API_URL`. */
export interface FindPullRequestInput {
  /** The git URL the bisect cloned, e.g. https://github.com/huggingface/transformers.git. */
  repo: string;
  /** The full SHA of the commit. */
  sha: string;
  /** The Actions variables, passed in (usually `process.env`) rather than read here. */
  env: Record<string, string | undefined>;
  options?: PullRequestLookupOptions;
}

/**
 * The pull request of `sha` in `repo` (`GET /repos/{owner}/{repo}/commits/{sha}/pulls`: the
 * first merged one, else the first), or null. Null without any request for a repository not on
 * github.com or without a token: unauthenticated calls get 60 an hour per IP, shared with every
 * job on the runner, and an offline machine would spend the whole timeout on them. Any failure
 * (network, 404, 422, 5xx after the retries, a rate limit, a body that is not JSON) is also
 * null: this lookup must never fail a bisect.
 */
export async function findPullRequestOf(input: FindPullRequestInput): Promise<PullRequestLink | null> {
  const gh = gitHubRepoOf(input.repo);
  const { token, apiUrl } = gitHubSettingsOf(input.env);
  if (gh === null || token === null) return null;
  try {
    // Octokit and its plugins load here, only when a request is made: a bisect without a token,
    // or of a repository not on GitHub, never pays for them.
    const { createGitHubClient } = await import("./github-client.js");
    const client = createGitHubClient({ ...input.options, token, apiUrl });
    const response = await client.rest.repos.listPullRequestsAssociatedWithCommit({
      owner: gh.owner,
      repo: gh.name,
      commit_sha: input.sha,
    });
    return choosePullRequest(response.data);
  } catch {
    // Deliberately quiet: the record then carries no PR, exactly as before this lookup existed.
    return null;
  }
}
