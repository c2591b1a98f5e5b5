import { DEFAULT_INDEX_URL, type FetchProjectOptions, fetchProjectFiles } from "../adapters/index-client.js";
import { normalizeName } from "../core/requirements/normalize-name.js";
import { collectReleases, listAvailableVersions, pickLatest } from "../core/versions/collect-releases.js";
import { emitResult, type OutputOptions } from "./output.js";

/** Arguments of `matrix versions PKG [--index-url URL]`. */
export interface VersionsOptions {
  package: string;
  indexUrl?: string;
  /** Retry knobs for the index client; tests shrink them. */
  fetchOptions?: FetchProjectOptions;
}

/** The contract's JSON: versions ascending in PEP 440 order with yanked ones left out. */
export interface VersionsResult {
  package: string;
  versions: string[];
  /** Newest final (post-releases count), not-yanked release; null when there is none. */
  latest: string | null;
}

/**
 * Lists the releases of a package on the index (PyPI when none is given). Throws InputError for
 * an unknown package and WorldError for an index that cannot be read.
 */
export async function runVersions(opts: VersionsOptions): Promise<VersionsResult> {
  const files = await fetchProjectFiles(opts.indexUrl ?? DEFAULT_INDEX_URL, opts.package, opts.fetchOptions);
  const releases = collectReleases(files, opts.package);
  return {
    package: normalizeName(opts.package),
    versions: listAvailableVersions(releases),
    latest: pickLatest(releases),
  };
}

/** Human text: the latest release first, then every version, one per line, oldest first. */
export function formatVersions(result: VersionsResult): string {
  const header = `${result.package}: latest ${result.latest ?? "(no final release)"}, ${result.versions.length} versions`;
  return [header, ...result.versions.map((v) => `  ${v}`)].join("\n");
}

/** `matrix versions PKG`: the releases as the contract's JSON, or as text; always exit 0. */
export async function versionsCommand(
  pkg: string,
  opts: OutputOptions & { indexUrl?: string },
): Promise<number> {
  const result = await runVersions({ package: pkg, ...(opts.indexUrl ? { indexUrl: opts.indexUrl } : {}) });
  emitResult(opts, result, formatVersions(result));
  return 0;
}
