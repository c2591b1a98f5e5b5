/**
 * A package's project URLs as its index publishes them, for `matrix init` to find source
 * repositories. PEP 691 pages carry no project URLs, so on PyPI this reads the JSON API
 * (`/pypi/<name>/json`, `info.project_urls`); on any other index it reads the METADATA of the
 * newest wheel the index serves it for (PEP 658 / 714 `core-metadata`).
 */
import { z } from "zod";
import { type ProjectUrls, parseMetadataUrls } from "../core/init/source-repo.js";
import { normalizeName } from "../core/requirements/normalize-name.js";
import { collectReleases } from "../core/versions/collect-releases.js";
import { InputError, WorldError } from "../errors.js";
import { fetchProjectFiles } from "./index-client.js";
import { AttemptFailed, retryWithBackoff } from "./retry.js";

/** The URLs found and where they came from (for init's comments and errors). */
export interface FoundUrls {
  urls: ProjectUrls;
  /** The document read: the JSON API URL or the METADATA URL; null when the index offers neither. */
  from: string | null;
}

const PypiProject = z.object({
  info: z.object({
    project_urls: z.record(z.string(), z.string()).nullish(),
    home_page: z.string().nullish(),
  }),
});

/** True for PyPI's own simple index, where the JSON API sits next to it. */
export function isPypi(indexUrl: string): boolean {
  return new URL(indexUrl).host === "pypi.org";
}

/** Project URLs of `name`: InputError (2) when the index does not know it, WorldError (3) when unreachable. */
export async function fetchProjectUrls(indexUrl: string, name: string): Promise<FoundUrls> {
  return isPypi(indexUrl) ? fetchFromJsonApi(name) : fetchFromCoreMetadata(indexUrl, name);
}

async function fetchFromJsonApi(name: string): Promise<FoundUrls> {
  const url = `https://pypi.org/pypi/${normalizeName(name)}/json`;
  const body = await getText(url, () => {
    throw new InputError(`package "${name}" not found on PyPI (${url}); check the name`);
  });
  const parsed = PypiProject.safeParse(parseBody(body));
  if (!parsed.success) throw new WorldError(`${url} sent JSON without info.project_urls`);
  const urls = Object.entries(parsed.data.info.project_urls ?? {}).map(([label, u]) => ({ label, url: u }));
  if (parsed.data.info.home_page) urls.push({ label: "Homepage", url: parsed.data.info.home_page });
  return { urls, from: url };
}

/** The METADATA route, exported so it can be tried against PyPI too (PyPI serves core-metadata). */
export async function fetchFromCoreMetadata(indexUrl: string, name: string): Promise<FoundUrls> {
  const releases = collectReleases(await fetchProjectFiles(indexUrl, name), name).reverse();
  for (const release of releases) {
    const wheel = release.files.find((f) => f.filename.endsWith(".whl") && f.coreMetadata && !f.yanked);
    if (!wheel) continue;
    const url = `${wheel.url}.metadata`;
    const text = await getText(url, () => {
      throw new WorldError(`${url} is announced by the index but answers 404`);
    });
    return { urls: parseMetadataUrls(text), from: url };
  }
  return { urls: [], from: null };
}

async function getText(url: string, onNotFound: () => never): Promise<string> {
  const outcome = await retryWithBackoff(
    async () => {
      let res: Response;
      try {
        res = await fetch(url, { redirect: "follow", signal: AbortSignal.timeout(30_000) });
      } catch (err) {
        const cause = err instanceof Error && err.cause instanceof Error ? `: ${err.cause.message}` : "";
        throw new AttemptFailed(`${(err as Error).message}${cause}`);
      }
      if (res.status === 404) onNotFound();
      if (res.status >= 500 || res.status === 429) throw new AttemptFailed(`HTTP ${res.status}`);
      if (!res.ok) throw new AttemptFailed(`HTTP ${res.status}`, true);
      return res.text();
    },
    {},
    { retries: 2, backoffMs: 500 },
  );
  if (outcome.ok) return outcome.value;
  throw new WorldError(`${url} could not be read after ${outcome.attempts} attempts: ${outcome.reason}`);
}

/** A body that is not JSON (a proxy's error page, a cut-off answer) is the world's trouble. */
function parseBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return null;
  }
}
