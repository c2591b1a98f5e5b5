import type { GitHubRoute } from "./github-server.js";
import { NOT_FOUND } from "./github-server.js";

/** The facts of a test pull request; the rest of GitHub's object is derived from them. */
export interface PullSeed {
  number: number;
  title?: string;
  /** Merged PRs are `closed` with `merged_at` set; `open` and `closed` ones have none. */
  state?: "open" | "closed" | "merged";
  login?: string;
}

/** A repository's commits and the pull requests GitHub lists for each: `{ "o/r": { sha: [...] } }`. */
export type CommitPulls = Record<string, Record<string, PullSeed[]>>;

/** GitHub's `simple-user` for `login`, as it appears in `user`, `head.user` and `base.user`. */
function simpleUserOf(login: string, id: number) {
  return {
    login,
    id,
    node_id: `U_${id}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${id}?v=4`,
    gravatar_id: "",
    url: `https://api.github.com/users/${login}`,
    html_url: `https://github.com/${login}`,
    type: "User",
    site_admin: false,
  };
}

/**
 * A `pull-request-simple` object (GitHub's OpenAPI description, as listed by
 * `GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls`), trimmed of the URL templates that
 * matrix never reads but with every field a client might branch on.
 */
export function makePullRequest(owner: string, repo: string, seed: PullSeed) {
  const api = `https://api.github.com/repos/${owner}/${repo}`;
  const html = `https://github.com/${owner}/${repo}`;
  const merged = seed.state === "merged";
  const login = seed.login ?? "contributor";
  const user = simpleUserOf(login, 1000 + seed.number);
  const branch = (ref: string, sha: string) => ({
    label: `${owner}:${ref}`,
    ref,
    sha,
    user: simpleUserOf(owner, 1),
    repo: { id: 1, name: repo, full_name: `${owner}/${repo}`, private: false, html_url: html },
  });
  return {
    url: `${api}/pulls/${seed.number}`,
    id: 900_000 + seed.number,
    node_id: `PR_${seed.number}`,
    html_url: `${html}/pull/${seed.number}`,
    diff_url: `${html}/pull/${seed.number}.diff`,
    patch_url: `${html}/pull/${seed.number}.patch`,
    issue_url: `${api}/issues/${seed.number}`,
    number: seed.number,
    state: seed.state === "open" || seed.state === undefined ? "open" : "closed",
    locked: false,
    title: seed.title ?? `Change number ${seed.number}`,
    user,
    body: null,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: "2025-01-01T00:00:00Z",
    updated_at: "2025-01-02T00:00:00Z",
    closed_at: seed.state === undefined || seed.state === "open" ? null : "2025-01-02T00:00:00Z",
    merged_at: merged ? "2025-01-02T00:00:00Z" : null,
    merge_commit_sha: merged ? "f".repeat(40) : null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: branch(`feature-${seed.number}`, "a".repeat(40)),
    base: branch("main", "b".repeat(40)),
    author_association: "CONTRIBUTOR",
    auto_merge: null,
    draft: false,
  };
}

/**
 * `GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls` over `pulls`: an unknown repository is
 * 404, an unknown commit 422 with GitHub's message, a known one its PRs (maybe none).
 */
export function commitPullsRoute(pulls: CommitPulls): GitHubRoute {
  return {
    method: "GET",
    path: "/repos/{owner}/{repo}/commits/{commit_sha}/pulls",
    reply: (_req, { owner = "", repo = "", commit_sha = "" }) => {
      const commits = pulls[`${owner}/${repo}`];
      if (!commits) return { status: 404, body: NOT_FOUND };
      const seeds = commits[commit_sha];
      if (!seeds) {
        const body = {
          message: `No commit found for SHA: ${commit_sha}`,
          documentation_url:
            "https://docs.github.com/rest/commits/commits#list-pull-requests-associated-with-a-commit",
          status: "422",
        };
        return { status: 422, body };
      }
      return { body: seeds.map((seed) => makePullRequest(owner, repo, seed)) };
    },
  };
}

/** The facts of a test issue; the rest of GitHub's object is derived from them. */
export interface IssueSeed {
  number: number;
  title: string;
  body: string | null;
  state: "open" | "closed";
  state_reason: "completed" | "not_planned" | "reopened" | null;
  labels: string[];
  login: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  comments: number;
  /** Set for a pull request: `GET /repos/{owner}/{repo}/issues` lists them too. */
  pull: boolean;
}

/** GitHub's `label` object for `name` in a repository. */
export function makeLabel(owner: string, repo: string, name: string, description: string | null = null) {
  const id = 5000 + [...name].reduce((sum, c) => sum + c.charCodeAt(0), 0);
  return {
    id,
    node_id: `LA_${id}`,
    url: `https://api.github.com/repos/${owner}/${repo}/labels/${encodeURIComponent(name)}`,
    name,
    description,
    color: "b60205",
    default: false,
  };
}

/**
 * An `issue` object (GitHub's OpenAPI description, as listed by `GET /repos/{owner}/{repo}/issues`
 * and returned by create and update): no `pull_request` key unless it is a pull request.
 */
export function makeIssue(owner: string, repo: string, seed: IssueSeed) {
  const api = `https://api.github.com/repos/${owner}/${repo}`;
  const html = `https://github.com/${owner}/${repo}`;
  const id = 700_000 + seed.number;
  return {
    id,
    node_id: `I_${id}`,
    url: `${api}/issues/${seed.number}`,
    repository_url: api,
    labels_url: `${api}/issues/${seed.number}/labels{/name}`,
    comments_url: `${api}/issues/${seed.number}/comments`,
    events_url: `${api}/issues/${seed.number}/events`,
    html_url: `${html}/${seed.pull ? "pull" : "issues"}/${seed.number}`,
    number: seed.number,
    state: seed.state,
    state_reason: seed.state_reason,
    title: seed.title,
    body: seed.body,
    user: simpleUserOf(seed.login, 2000 + seed.login.length),
    labels: seed.labels.map((name) => makeLabel(owner, repo, name)),
    assignee: null,
    assignees: [],
    milestone: null,
    locked: false,
    active_lock_reason: null,
    comments: seed.comments,
    created_at: seed.created_at,
    updated_at: seed.updated_at,
    closed_at: seed.closed_at,
    author_association: "NONE",
    ...(seed.pull && {
      pull_request: {
        url: `${api}/pulls/${seed.number}`,
        html_url: `${html}/pull/${seed.number}`,
        diff_url: `${html}/pull/${seed.number}.diff`,
        patch_url: `${html}/pull/${seed.number}.patch`,
        merged_at: null,
      },
    }),
  };
}

/** An `issue-comment` object. */
export function makeComment(
  owner: string,
  repo: string,
  issueNumber: number,
  seed: { id: number; body: string; login: string; created_at: string },
) {
  const api = `https://api.github.com/repos/${owner}/${repo}`;
  return {
    id: seed.id,
    node_id: `IC_${seed.id}`,
    url: `${api}/issues/comments/${seed.id}`,
    html_url: `https://github.com/${owner}/${repo}/issues/${issueNumber}#issuecomment-${seed.id}`,
    body: seed.body,
    user: simpleUserOf(seed.login, 2000 + seed.login.length),
    created_at: seed.created_at,
    updated_at: seed.created_at,
    issue_url: `${api}/issues/${issueNumber}`,
    author_association: "NONE",
  };
}
