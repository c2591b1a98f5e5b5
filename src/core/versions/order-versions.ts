import { compare, explain } from "@renovatebot/pep440";

/**
 * The canonical PEP 440 spelling of a version (`1.0-1` -> `1.0.post1`, `V1.0+Local_1` ->
 * `1.0+local.1`), or null when the string is not a PEP 440 version (legacy releases like `2004d`).
 * Built from `explain` because the library's `clean` garbles local labels.
 */
export function normalizeVersion(version: string): string | null {
  const parts = explain(version);
  if (!parts) return null;
  return parts.local ? `${parts.public}+${parts.local}` : parts.public;
}

/** PEP 440 order (epochs, pre, post, dev and local labels), for `Array.prototype.sort`. */
export function compareVersions(a: string, b: string): number {
  return compare(a, b);
}

/**
 * The release a version is on the way to or after (`0.21.1.dev0` -> `0.21.1`, `1.0.post2` ->
 * `1.0`; epoch kept, local label dropped), or null when it is not PEP 440.
 */
export function baseVersionOf(version: string): string | null {
  return explain(version)?.base_version ?? null;
}

/** A new array of the given PEP 440 versions, oldest first. */
export function sortVersions(versions: readonly string[]): string[] {
  return [...versions].sort(compareVersions);
}

/**
 * True for a final release: not a pre-release (`a`, `b`, `rc`) and not a dev release; post-releases
 * count. A local label does not change the answer, because private indexes (e.g. `2.1+cu118`)
 * publish real releases that way.
 */
export function isFinalRelease(version: string): boolean {
  const parts = explain(version);
  return parts !== null && !parts.is_prerelease && !parts.is_devrelease;
}
