/**
 * Thin wrappers over the GitHub REST issue endpoints that filing uses, mapping GitHub's shapes to
 * `TrackedIssue`. Creates are sent without the retry plugin's repeats: a create whose answer was
 * lost may have happened, so the caller looks for its marker before trying again
 * (engine/create-once.ts). Everything else (reads, edits, which set rather than add) is retried.
 */

import type { RepoName } from "../core/github/filing-settings.js";
import { type FailedRequest, isRateLimit } from "../core/github/github-failure.js";
import type { TrackedIssue } from "../core/issues/filing-model.js";
import type { GitHubClient } from "./github-client.js";

/** A comment as filing reads it. */
export interface IssueComment {
  id: number;
  url: string;
  body: string;
  createdAt: string;
}

/** The label of the harness's issues, and how to create it. */
export interface IssueLabel {
  name: string;
  color: string;
  description: string;
}

interface RawIssue {
  number: number;
  html_url: string;
  state: string;
  state_reason?: string | null;
  title: string;
  body?: string | null;
  created_at: string;
  closed_at: string | null;
  pull_request?: unknown;
}

// Only the answer's own repetition is off; the throttling plugin still waits out rate limits,
// which GitHub answers before doing anything.
const ONCE = { request: { retries: 0 } };
const at = (repo: RepoName) => ({ owner: repo.owner, repo: repo.name });

function issueOf(raw: RawIssue): TrackedIssue {
  return {
    number: raw.number,
    url: raw.html_url,
    state: raw.state === "closed" ? "closed" : "open",
    stateReason: raw.state_reason ?? null,
    title: raw.title,
    body: raw.body ?? "",
    createdAt: raw.created_at,
    closedAt: raw.closed_at,
  };
}

/** Every page of a list: GitHub's `link: <...>; rel="next"` says whether there is one more. */
async function allPages<T>(fetchPage: (page: number) => Promise<{ data: T[]; headers: { link?: string } }>) {
  const items: T[] = [];
  for (let page = 1; ; page++) {
    const { data, headers } = await fetchPage(page);
    items.push(...data);
    if (!/rel="next"/.test(headers.link ?? "")) return items;
  }
}

/**
 * Issues of `repo` (any state, pull requests left out) with `label` and/or by `creator`, updated
 * at or after `since` when given: a fresh create shows up here at once, unlike in search.
 */
export async function listIssues(
  client: GitHubClient,
  repo: RepoName,
  filter: { label?: string; creator?: string; since?: Date },
): Promise<TrackedIssue[]> {
  const raw = await allPages((page) =>
    client.rest.issues.listForRepo({
      ...at(repo),
      state: "all",
      per_page: 100,
      page,
      ...(filter.label !== undefined && { labels: filter.label }),
      ...(filter.creator !== undefined && { creator: filter.creator }),
      ...(filter.since !== undefined && { since: filter.since.toISOString() }),
    }),
  );
  return (raw as RawIssue[]).filter((i) => i.pull_request === undefined).map(issueOf);
}

/** Issues of `repo` whose body holds `marker` (`GET /search/issues`; eventually consistent). */
export async function searchIssues(
  client: GitHubClient,
  repo: RepoName,
  marker: string,
): Promise<TrackedIssue[]> {
  const q = `"${marker}" repo:${repo.owner}/${repo.name} is:issue in:body`;
  const raw = await allPages(async (page) => {
    const { data, headers } = await client.rest.search.issuesAndPullRequests({ q, per_page: 100, page });
    return { data: data.items, headers };
  });
  return (raw as RawIssue[])
    .filter((i) => i.pull_request === undefined && i.body?.includes(marker))
    .map(issueOf);
}

/** Creates an issue, once (no repeats on a lost answer). */
export async function createIssue(
  client: GitHubClient,
  repo: RepoName,
  issue: { title: string; body: string; labels: string[] },
): Promise<TrackedIssue> {
  const { data } = await client.rest.issues.create({ ...at(repo), ...issue, ...ONCE });
  return issueOf(data as RawIssue);
}

/** Sets an issue's body and/or state (closing as completed). */
export async function updateIssue(
  client: GitHubClient,
  repo: RepoName,
  number: number,
  change: { body?: string; state?: "open" | "closed" },
): Promise<TrackedIssue> {
  const reason = change.state === "closed" ? { state_reason: "completed" as const } : {};
  const { data } = await client.rest.issues.update({
    ...at(repo),
    issue_number: number,
    ...change,
    ...reason,
  });
  return issueOf(data as RawIssue);
}

/** Every comment of an issue, oldest first. */
export async function listComments(
  client: GitHubClient,
  repo: RepoName,
  number: number,
): Promise<IssueComment[]> {
  const raw = await allPages((page) =>
    client.rest.issues.listComments({ ...at(repo), issue_number: number, per_page: 100, page }),
  );
  return raw.map((c) => ({ id: Number(c.id), url: c.html_url, body: c.body ?? "", createdAt: c.created_at }));
}

/** Posts a comment, once (no repeats on a lost answer). */
export async function createComment(client: GitHubClient, repo: RepoName, number: number, body: string) {
  const { data } = await client.rest.issues.createComment({
    ...at(repo),
    issue_number: number,
    body,
    ...ONCE,
  });
  return { id: Number(data.id), url: data.html_url, body: data.body ?? "", createdAt: data.created_at };
}

/** Makes sure `label` exists in `repo`: created on a 404, a 422 `already_exists` (a race) is fine. */
export async function ensureLabel(
  client: GitHubClient,
  repo: RepoName,
  label: IssueLabel,
): Promise<"exists" | "created"> {
  try {
    await client.rest.issues.getLabel({ ...at(repo), name: label.name });
    return "exists";
  } catch (error) {
    if ((error as { status?: number }).status !== 404) throw error;
  }
  try {
    await client.rest.issues.createLabel({ ...at(repo), ...label });
    return "created";
  } catch (error) {
    const e = error as { status?: number; response?: { data?: { errors?: Array<{ code?: string }> } } };
    if (e.status === 422 && e.response?.data?.errors?.some((x) => x.code === "already_exists"))
      return "exists";
    throw error;
  }
}

/**
 * The login of the token's account (`GET /user`), or null when GitHub says the token is not a
 * user's (a 403 that is not a rate limit: an Actions or App token). Any other failure (a 5xx, a
 * rate limit, a rejected token, the network) is thrown with its status, for the caller to judge:
 * it says nothing about the token, and taking it for "not a user" would skip a duplicate check.
 */
export async function loginOf(client: GitHubClient): Promise<string | null> {
  try {
    return (await client.rest.users.getAuthenticated()).data.login;
  } catch (error) {
    const failed = failedRequestOf(error, "/user");
    if (failed.status === 403 && !isRateLimit(failed)) return null;
    throw error;
  }
}

/** The facts of an Octokit error (a RequestError, or anything thrown on the way). */
export function failedRequestOf(error: unknown, fallbackUrl: string): FailedRequest {
  const e = error as {
    status?: number;
    message?: string;
    response?: { headers?: Record<string, string> };
    request?: { url?: string };
  };
  const answered = e.response !== undefined && typeof e.status === "number";
  return {
    status: answered ? (e.status as number) : null,
    message: e.message ?? String(error),
    headers: e.response?.headers ?? {},
    url: e.request?.url ?? fallbackUrl,
  };
}

/** Sets a comment's body (`PATCH /repos/{o}/{r}/issues/comments/{id}`); an edit sets, so it is retried. */
export async function updateComment(client: GitHubClient, repo: RepoName, commentId: number, body: string) {
  const { data } = await client.rest.issues.updateComment({ ...at(repo), comment_id: commentId, body });
  return { id: Number(data.id), url: data.html_url, body: data.body ?? "", createdAt: data.created_at };
}
