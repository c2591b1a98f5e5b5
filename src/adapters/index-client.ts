import { normalizeName } from "../core/requirements/normalize-name.js";
import type { IndexFile } from "../core/versions/collect-releases.js";
import { parseHtmlPage, parseJsonPage } from "../core/versions/parse-simple-page.js";
import { InputError, WorldError } from "../errors.js";
import { AttemptFailed, retryWithBackoff } from "./retry.js";

/** The index used when a matrix or command names none. */
export const DEFAULT_INDEX_URL = "https://pypi.org/simple";

/** Knobs for `fetchProjectFiles`; tests shrink the backoff and may swap `fetch`. */
export interface FetchProjectOptions {
  /** Extra attempts after the first on network errors, 5xx and 429 (default 3). */
  retries?: number;
  /** First wait between attempts in ms, doubled each time (default 500). */
  backoffMs?: number;
  /** Per-attempt limit in ms, so a silent host counts as unreachable (default 30000). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

const JSON_TYPE = "application/vnd.pypi.simple.v1+json";
// PEP 691's recommended header: JSON preferred, then the v1 HTML, then legacy text/html.
const ACCEPT = `${JSON_TYPE}, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01`;

/** Answer worth another attempt; the message says why for the final error. */
class Retryable extends Error {}

/**
 * Lists every file of project `name` on the simple index at `indexUrl` (PEP 691 JSON when the
 * index offers it, PEP 503 HTML otherwise). Retries network errors, 5xx and 429 with exponential
 * backoff, then throws WorldError naming the URL; an unknown project (404) is an InputError.
 */
export async function fetchProjectFiles(
  indexUrl: string,
  name: string,
  opts: FetchProjectOptions = {},
): Promise<IndexFile[]> {
  const url = `${indexUrl.replace(/\/+$/, "")}/${normalizeName(name)}/`;
  const outcome = await retryWithBackoff(
    async () => {
      try {
        return await fetchOnce(url, name, indexUrl, opts);
      } catch (err) {
        if (err instanceof InputError || err instanceof WorldError) throw err;
        throw new AttemptFailed(describeFailure(err));
      }
    },
    opts,
    { retries: 3, backoffMs: 500 },
  );
  if (outcome.ok) return outcome.value;
  throw new WorldError(
    `index ${url} could not be read after ${outcome.attempts} attempts: ${outcome.reason}`,
  );
}

async function fetchOnce(
  url: string,
  name: string,
  indexUrl: string,
  opts: FetchProjectOptions,
): Promise<IndexFile[]> {
  const doFetch = opts.fetch ?? fetch;
  const res = await doFetch(url, {
    headers: { accept: ACCEPT },
    redirect: "follow",
    signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000),
  });
  if (res.status === 404) {
    throw new InputError(
      `package "${name}" not found on index ${indexUrl}; check the name or pass --index-url`,
    );
  }
  if (res.status >= 500 || res.status === 429) throw new Retryable(`HTTP ${res.status}`);
  if (!res.ok) throw new WorldError(`index ${url} answered HTTP ${res.status}`);
  const body = await res.text();
  // Fake or unusual fetches may leave `res.url` empty; relative links then resolve against ours.
  const pageUrl = res.url || url;
  const type = (res.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  try {
    const asJson =
      type === JSON_TYPE || type === "application/json" || (type === "" && body.trimStart().startsWith("{"));
    return asJson ? parseJsonPage(body, pageUrl) : parseHtmlPage(body, pageUrl);
  } catch (err) {
    throw new WorldError(`index ${pageUrl} sent a page that is not a simple index: ${describeFailure(err)}`, {
      cause: err,
    });
  }
}

/** One line for the final error: fetch hides the socket error (ECONNREFUSED...) in `cause`. */
function describeFailure(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause instanceof Error ? `: ${err.cause.message}` : "";
  return `${err.message}${cause}`.split("\n")[0] ?? err.message;
}
