import { explain } from "@renovatebot/pep440";
import { compareVersions, isFinalRelease } from "./order-versions.js";
import { parseDistFilename } from "./parse-filename.js";

/** One file of a project as a simple index (PEP 503 / PEP 691) lists it. */
export interface IndexFile {
  filename: string;
  /** Absolute download URL, fragment removed. */
  url: string;
  /** Hash name to hex digest, from the JSON `hashes` or the HTML URL fragment. */
  hashes: Record<string, string>;
  /** PEP 592: yanked files stay listed but are not chosen by resolvers. */
  yanked: boolean;
  yankedReason?: string;
  requiresPython?: string;
  /** PEP 658/714: the index serves the wheel's METADATA at `<url>.metadata`. */
  coreMetadata?: boolean;
}

/** All files of one version of a project. */
export interface Release {
  /** Canonical PEP 440 version. */
  version: string;
  files: IndexFile[];
  /** True only when every file of the version is yanked (PEP 592). */
  yanked: boolean;
}

/**
 * Groups index files by the version their filename names, oldest first. Files whose names do
 * not parse (installers, legacy versions) are dropped. `project` helps split legacy sdist names.
 */
export function collectReleases(files: readonly IndexFile[], project?: string): Release[] {
  const byKey = new Map<string, { version: string; files: IndexFile[] }>();
  for (const file of files) {
    const parsed = parseDistFilename(file.filename, project);
    if (!parsed) continue;
    const key = identifyVersion(parsed.version);
    const group = byKey.get(key) ?? { version: parsed.version, files: [] };
    group.files.push(file);
    byKey.set(key, group);
  }
  return [...byKey.values()]
    .sort((a, b) => compareVersions(a.version, b.version))
    .map(({ version, files: group }) => ({ version, files: group, yanked: group.every((f) => f.yanked) }));
}

/** A key equal for PEP 440-equal versions: `1.0` and `1.0.0` are one release (trailing zeros). */
function identifyVersion(version: string): string {
  const parts = explain(version);
  if (!parts) return version;
  const release = [...parts.release];
  while (release.length > 1 && release[release.length - 1] === 0) release.pop();
  return JSON.stringify([parts.epoch, release, parts.pre, parts.post, parts.dev, parts.local]);
}

/** The versions a resolver may pick, oldest first: yanked releases are left out. */
export function listAvailableVersions(releases: readonly Release[]): string[] {
  return releases.filter((r) => !r.yanked).map((r) => r.version);
}

/** The newest final (post-releases included), not-yanked release, or null when there is none. */
export function pickLatest(releases: readonly Release[]): string | null {
  let latest: string | null = null;
  for (const release of releases) {
    if (release.yanked || !isFinalRelease(release.version)) continue;
    if (latest === null || compareVersions(release.version, latest) > 0) latest = release.version;
  }
  return latest;
}
