import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** One request as the server saw it, failed and faulted ones included. */
export interface GitHubRequest {
  method: string;
  /** The path without the query, e.g. `/repos/o/r/commits/abc/pulls`. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body (POST, PATCH), else null. */
  body: unknown;
}

/** What a route answers: JSON `body` (or nothing, for 204) with `status` and extra headers. */
export interface GitHubReply {
  status?: number;
  body?: unknown;
  /** Sent as it is instead of `body`, for answers that are not JSON (a proxy's error page). */
  raw?: string;
  headers?: Record<string, string>;
  /** Close the connection instead of answering: the client sees a network error, not a status. */
  drop?: boolean;
}

/** A REST route, `path` in GitHub's own template form: `/repos/{owner}/{repo}/issues`. */
export interface GitHubRoute {
  method: "GET" | "POST" | "PATCH" | "PUT" | "DELETE";
  path: string;
  /** `params` holds the decoded `{name}` parts of the path; may never resolve, to play a silent host. */
  reply: (req: GitHubRequest, params: Record<string, string>) => GitHubReply | Promise<GitHubReply>;
}

/** Routes and the faults to inject before them, in arrival order. */
export interface GitHubServerOptions {
  routes: GitHubRoute[];
  /** Answer the first n requests with `serverErrorStatus` (default 502), to exercise retries. */
  serverErrors?: number;
  serverErrorStatus?: number;
  /** Then answer the next n with GitHub's primary rate limit: 403, `x-ratelimit-remaining: 0`. */
  rateLimited?: number;
  /** Seconds from now to the `x-ratelimit-reset` of those answers (default 1). */
  rateLimitResetS?: number;
  /** Then answer the next n with a secondary rate limit: 403 with `retry-after`, as GitHub does. */
  secondaryRateLimited?: number;
  /** The `retry-after` seconds of those answers (default 1). */
  retryAfterS?: number;
}

/** A running test server; `url` is what `GITHUB_API_URL` would hold. */
export interface GitHubServer {
  url: string;
  requests: GitHubRequest[];
  close(): Promise<void>;
}

/** GitHub's body for a missing route or resource (and for a private one the token cannot see). */
export const NOT_FOUND = {
  message: "Not Found",
  documentation_url: "https://docs.github.com/rest",
  status: "404",
};

/** Compiles `/repos/{owner}/{repo}` to a regex whose groups are named after the parameters. */
function compilePath(template: string): RegExp {
  const pattern = template
    .split("/")
    .map((part) => (/^\{\w+\}$/.test(part) ? `(?<${part.slice(1, -1)}>[^/]+)` : part))
    .join("/");
  return new RegExp(`^${pattern}/?$`);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text === "" ? null : JSON.parse(text);
}

/** Headers GitHub sends on every REST answer; clients (throttling) read the rate-limit ones. */
function commonHeaders(remaining: number, resetS: number): Record<string, string> {
  return {
    "content-type": "application/json; charset=utf-8",
    "x-github-api-version-selected": "2022-11-28",
    "x-ratelimit-limit": "5000",
    "x-ratelimit-remaining": String(remaining),
    "x-ratelimit-reset": String(Math.floor(Date.now() / 1000) + resetS),
    "x-ratelimit-resource": "core",
  };
}

function send(res: ServerResponse, reply: GitHubReply, headers: Record<string, string>): void {
  if (reply.drop) {
    res.socket?.destroy();
    return;
  }
  const status = reply.status ?? 200;
  const text = reply.raw ?? (status === 204 || reply.body === undefined ? "" : JSON.stringify(reply.body));
  res.writeHead(status, { ...headers, ...reply.headers, "content-length": Buffer.byteLength(text) });
  res.end(text);
}

/** Picks the answer: an injected fault while any is left, else the route, else 404. */
function createHandler(opts: GitHubServerOptions, requests: GitHubRequest[]) {
  const routes = opts.routes.map((route) => ({ ...route, regex: compilePath(route.path) }));
  let serverErrors = opts.serverErrors ?? 0;
  let rateLimited = opts.rateLimited ?? 0;
  let secondaryRateLimited = opts.secondaryRateLimited ?? 0;
  const resetS = opts.rateLimitResetS ?? 1;

  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? "/", "http://x");
    const request: GitHubRequest = {
      method: req.method ?? "GET",
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: await readBody(req),
    };
    requests.push(request);
    if (serverErrors > 0) {
      serverErrors -= 1;
      return send(
        res,
        { status: opts.serverErrorStatus ?? 502, body: { message: "Server Error" } },
        {
          "content-type": "application/json",
        },
      );
    }
    if (rateLimited > 0) {
      rateLimited -= 1;
      const body = {
        message: "API rate limit exceeded for user ID 1.",
        documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
      };
      return send(res, { status: 403, body }, commonHeaders(0, resetS));
    }
    if (secondaryRateLimited > 0) {
      secondaryRateLimited -= 1;
      // GitHub's words; the throttling plugin tells the two limits apart by "secondary rate".
      const body = {
        message:
          "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID 0000:1111.",
        documentation_url:
          "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
      };
      const headers = { ...commonHeaders(4000, 3600), "retry-after": String(opts.retryAfterS ?? 1) };
      return send(res, { status: 403, body }, headers);
    }
    for (const route of routes) {
      const match = route.method === request.method ? route.regex.exec(request.path) : null;
      if (!match) continue;
      const params = Object.fromEntries(
        Object.entries(match.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]),
      );
      return send(res, await route.reply(request, params), commonHeaders(4999, 3600));
    }
    return send(res, { status: 404, body: NOT_FOUND }, commonHeaders(4999, 3600));
  };
}

/**
 * Starts a GitHub REST stand-in on 127.0.0.1 (random port) that records every request and
 * answers from `opts.routes` in GitHub's shapes; real Octokit runs against it unchanged.
 */
export async function startGitHubServer(opts: GitHubServerOptions): Promise<GitHubServer> {
  const requests: GitHubRequest[] = [];
  const handle = createHandler(opts, requests);
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => send(res, { status: 500, body: { message: String(err) } }, {}));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive sockets and silent routes would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
