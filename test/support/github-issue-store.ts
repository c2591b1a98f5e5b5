/**
 * An in-memory GitHub issue tracker behind the routes filing uses: issues (list with labels,
 * creator, since and pages; create; update), comments (list, create, edit), labels, `GET /search/issues`, `GET /user`.
 * Faults are injected per route: a status instead of the answer, or the answer dropped after the
 * change was applied (what a lost response looks like to a client). Search can lag behind, as
 * GitHub's index does, until `reindex()`.
 */
import { type IssueSeed, makeComment, makeIssue, makeLabel } from "./github-fixtures.js";
import { type GitHubReply, type GitHubRequest, type GitHubRoute, NOT_FOUND } from "./github-server.js";

/** An issue as stored: the seed plus its comments. */
export interface StoredIssue extends IssueSeed {
  commentList: Array<{ id: number; body: string; login: string; created_at: string }>;
  /** Visible to search (always, unless the store lags; then after `reindex()`). */
  indexed: boolean;
}

/** A fault on one route: the `nth` matching request (1-based, default 1) and `times` after it. */
export interface IssueFault {
  method: GitHubRoute["method"];
  /** The route's template, e.g. `/repos/{owner}/{repo}/issues`. */
  path: string;
  /** Only requests to this `owner/name` (default any). */
  repo?: string;
  nth?: number;
  times?: number;
  /** `drop-after-apply`: the change happens, the client gets no answer. */
  reply: GitHubReply | "drop-after-apply";
}

/** Options of the store. */
export interface IssueStoreOptions {
  repos: string[];
  /** Token -> login, for `GET /user` and the author of what a token creates (default matrix-bot). */
  logins?: Record<string, string>;
  /** Search sees only issues indexed by `reindex()`. */
  searchLag?: boolean;
  /** Repositories where every write is answered 403, as for a token without issues:write. */
  readOnly?: string[];
}

/** The store: its routes for `startGitHubServer`, the data, and the fault list. */
export interface IssueStore {
  routes: GitHubRoute[];
  issues(repo: string): StoredIssue[];
  labels(repo: string): Set<string>;
  seed(
    repo: string,
    issue: Partial<IssueSeed> & { title: string; body: string; indexed?: boolean },
  ): StoredIssue;
  faults: IssueFault[];
  reindex(): void;
}

const stamp = (date = new Date()) => date.toISOString().replace(/\.\d{3}Z$/, "Z");
const FORBIDDEN = {
  message: "Resource not accessible by integration",
  documentation_url: "https://docs.github.com/rest/issues/issues#create-an-issue",
  status: "403",
};

/** A new store over `opts.repos`; unknown repositories answer 404. */
export function createIssueStore(opts: IssueStoreOptions): IssueStore {
  const data = new Map(
    opts.repos.map((r) => [r, { issues: [] as StoredIssue[], labels: new Set<string>() }]),
  );
  const faults: IssueFault[] = [];
  const seen = new Map<IssueFault, number>();
  let commentId = 9000;
  const loginOf = (req: GitHubRequest) =>
    opts.logins?.[String(req.headers.authorization).replace(/^token /, "")] ?? "matrix-bot";
  const repoOf = (p: Record<string, string>) => data.get(`${p.owner}/${p.repo}`);
  const issueJson = (p: Record<string, string>, i: StoredIssue) =>
    makeIssue(p.owner ?? "", p.repo ?? "", { ...i, comments: i.commentList.length });

  const seed: IssueStore["seed"] = (repo, partial) => {
    const store = data.get(repo);
    if (!store) throw new Error(`no repo ${repo}`);
    const now = stamp();
    const issue: StoredIssue = {
      number: store.issues.length + 1,
      state: "open",
      state_reason: null,
      labels: [],
      login: "matrix-bot",
      created_at: now,
      updated_at: now,
      closed_at: null,
      comments: 0,
      pull: false,
      commentList: [],
      indexed: !opts.searchLag,
      ...partial,
    };
    store.issues.push(issue);
    return issue;
  };

  const handlers: Array<Omit<GitHubRoute, "reply"> & { handle: GitHubRoute["reply"]; write?: boolean }> = [
    {
      method: "GET",
      path: "/user",
      handle: (req) => ({ body: { login: loginOf(req), id: 42, type: "User" } }),
    },
    {
      method: "GET",
      path: "/repos/{owner}/{repo}/issues",
      handle: (req, p) => {
        const store = repoOf(p);
        if (!store) return { status: 404, body: NOT_FOUND };
        const labels = (req.query.labels ?? "").split(",").filter(Boolean);
        const state = req.query.state ?? "open";
        const since = req.query.since ? Date.parse(req.query.since) : null;
        const matching = store.issues
          .filter((i) => state === "all" || i.state === state)
          .filter((i) => labels.every((l) => i.labels.includes(l)))
          .filter((i) => !req.query.creator || i.login === req.query.creator)
          .filter((i) => since === null || Date.parse(i.updated_at) >= since)
          .sort((a, b) => b.number - a.number);
        return page(
          req,
          matching.map((i) => issueJson(p, i)),
        );
      },
    },
    {
      method: "POST",
      path: "/repos/{owner}/{repo}/issues",
      write: true,
      handle: (req, p) => {
        const store = repoOf(p);
        const body = req.body as { title?: string; body?: string; labels?: string[] };
        if (!store) return { status: 404, body: NOT_FOUND };
        if (!body.title) return invalid("Issue", "title", "missing_field");
        for (const label of body.labels ?? []) store.labels.add(label);
        const issue = seed(`${p.owner}/${p.repo}`, {
          title: body.title,
          body: body.body ?? "",
          labels: body.labels ?? [],
          login: loginOf(req),
        });
        return { status: 201, body: issueJson(p, issue) };
      },
    },
    {
      method: "PATCH",
      path: "/repos/{owner}/{repo}/issues/{issue_number}",
      write: true,
      handle: (req, p) => {
        const issue = repoOf(p)?.issues.find((i) => i.number === Number(p.issue_number));
        if (!issue) return { status: 404, body: NOT_FOUND };
        const change = req.body as {
          body?: string;
          state?: "open" | "closed";
          state_reason?: IssueSeed["state_reason"];
        };
        if (change.body !== undefined) issue.body = change.body;
        if (change.state && change.state !== issue.state) {
          issue.state = change.state;
          issue.closed_at = change.state === "closed" ? stamp() : null;
          issue.state_reason = change.state === "closed" ? (change.state_reason ?? "completed") : "reopened";
        }
        issue.updated_at = stamp();
        return { body: issueJson(p, issue) };
      },
    },
    {
      method: "GET",
      path: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
      handle: (req, p) => {
        const issue = repoOf(p)?.issues.find((i) => i.number === Number(p.issue_number));
        if (!issue) return { status: 404, body: NOT_FOUND };
        return page(
          req,
          issue.commentList.map((c) => makeComment(p.owner ?? "", p.repo ?? "", issue.number, c)),
        );
      },
    },
    {
      method: "POST",
      path: "/repos/{owner}/{repo}/issues/{issue_number}/comments",
      write: true,
      handle: (req, p) => {
        const issue = repoOf(p)?.issues.find((i) => i.number === Number(p.issue_number));
        if (!issue) return { status: 404, body: NOT_FOUND };
        commentId += 1;
        const comment = {
          id: commentId,
          body: String((req.body as { body?: string }).body ?? ""),
          login: loginOf(req),
          created_at: stamp(),
        };
        issue.commentList.push(comment);
        issue.updated_at = comment.created_at;
        return { status: 201, body: makeComment(p.owner ?? "", p.repo ?? "", issue.number, comment) };
      },
    },
    {
      method: "PATCH",
      path: "/repos/{owner}/{repo}/issues/comments/{comment_id}",
      write: true,
      handle: (req, p) => {
        const issue = repoOf(p)?.issues.find((i) => i.commentList.some((c) => c.id === Number(p.comment_id)));
        const comment = issue?.commentList.find((c) => c.id === Number(p.comment_id));
        if (!issue || !comment) return { status: 404, body: NOT_FOUND };
        comment.body = String((req.body as { body?: string }).body ?? "");
        issue.updated_at = stamp();
        return { body: makeComment(p.owner ?? "", p.repo ?? "", issue.number, comment) };
      },
    },
    {
      method: "GET",
      path: "/repos/{owner}/{repo}/labels/{name}",
      handle: (_req, p) =>
        repoOf(p)?.labels.has(p.name ?? "")
          ? { body: makeLabel(p.owner ?? "", p.repo ?? "", p.name ?? "") }
          : { status: 404, body: NOT_FOUND },
    },
    {
      method: "POST",
      path: "/repos/{owner}/{repo}/labels",
      write: true,
      handle: (req, p) => {
        const store = repoOf(p);
        const { name = "", description = null } = req.body as { name?: string; description?: string | null };
        if (!store) return { status: 404, body: NOT_FOUND };
        if (store.labels.has(name)) return invalid("Label", "name", "already_exists");
        store.labels.add(name);
        return { status: 201, body: makeLabel(p.owner ?? "", p.repo ?? "", name, description) };
      },
    },
    {
      method: "GET",
      path: "/search/issues",
      handle: (req) => {
        const q = req.query.q ?? "";
        const phrases = [...q.matchAll(/"([^"]+)"/g)].map((m) => (m[1] ?? "").toLowerCase());
        const repo = /\brepo:(\S+)/.exec(q)?.[1] ?? "";
        const store = data.get(repo);
        if (!store) return invalid("Search", "q", "invalid");
        const [owner = "", name = ""] = repo.split("/");
        const items = store.issues
          .filter((i) => i.indexed && !(q.includes("is:issue") && i.pull))
          .filter((i) => phrases.every((ph) => (i.body ?? "").toLowerCase().includes(ph)))
          .map((i) => ({ ...issueJson({ owner, repo: name }, i), score: 1 }));
        const listed = page(req, items);
        return {
          ...listed,
          body: { total_count: items.length, incomplete_results: false, items: listed.body },
        };
      },
    },
  ];

  const routes: GitHubRoute[] = handlers.map(({ handle, write, ...route }) => ({
    ...route,
    reply: async (req, params) => {
      const repo = `${params.owner}/${params.repo}`;
      const fault = faults.find(
        (f) =>
          f.method === route.method &&
          f.path === route.path &&
          (f.repo === undefined || f.repo === repo) &&
          takes(f),
      );
      if (fault && fault.reply !== "drop-after-apply") return fault.reply;
      if (write && opts.readOnly?.includes(repo)) return { status: 403, body: FORBIDDEN };
      const answer = await handle(req, params);
      return fault ? { ...answer, drop: true } : answer;
    },
  }));

  // Counts the fault's matching requests; true for the nth and the `times - 1` after it.
  function takes(fault: IssueFault): boolean {
    const n = (seen.get(fault) ?? 0) + 1;
    seen.set(fault, n);
    const first = fault.nth ?? 1;
    return n >= first && n < first + (fault.times ?? 1);
  }

  return {
    routes,
    issues: (repo) => data.get(repo)?.issues ?? [],
    labels: (repo) => data.get(repo)?.labels ?? new Set(),
    seed,
    faults,
    reindex: () => {
      for (const store of data.values()) for (const issue of store.issues) issue.indexed = true;
    },
  };
}

/** GitHub's 422 for a failed validation. */
function invalid(resource: string, field: string, code: string): GitHubReply {
  const body = {
    message: "Validation Failed",
    errors: [{ resource, code, field }],
    documentation_url: "https://docs.github.com/rest",
    status: "422",
  };
  return { status: 422, body };
}

/** One page of `items` (`page`, `per_page`, default 30) with GitHub's `link` header. */
function page(req: GitHubRequest, items: unknown[]): GitHubReply & { body: unknown[] } {
  const perPage = Math.min(Number(req.query.per_page ?? 30), 100);
  const n = Number(req.query.page ?? 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const linkTo = (p: number, rel: string) => {
    const query = new URLSearchParams({ ...req.query, page: String(p) });
    return `<https://api.github.com${req.path}?${query}>; rel="${rel}"`;
  };
  const links = [
    ...(n < last ? [linkTo(n + 1, "next"), linkTo(last, "last")] : []),
    ...(n > 1 ? [linkTo(1, "first"), linkTo(n - 1, "prev")] : []),
  ];
  return {
    body: items.slice((n - 1) * perPage, n * perPage),
    headers: links.length > 0 ? { link: links.join(", ") } : {},
  };
}
