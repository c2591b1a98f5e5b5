/**
 * The releases nearest a version that is not on the index, for the one-line error that tells a
 * user what to pass instead (`4.46.4` is not a release; nearest: 4.46.2, 4.46.3, 4.47.0).
 */
import { compareVersions, normalizeVersion } from "./order-versions.js";

/** True for a string that reads as a PEP 440 version and not as a commit (`4.47.1`, `v1.0`, not `abc1234`). */
export function looksLikeVersion(ref: string): boolean {
  if (/^[0-9a-f]{7,40}$/i.test(ref) && /[a-f]/i.test(ref)) return false;
  return normalizeVersion(ref) !== null && /\d/.test(ref);
}

/** Up to `count` versions of `available` (oldest first) on each side of `wanted`, oldest first. */
export function nearestVersions(wanted: string, available: readonly string[], count = 2): string[] {
  if (normalizeVersion(wanted) === null) return available.slice(-count * 2);
  const above = available.findIndex((v) => compareVersions(v, wanted) > 0);
  const split = above === -1 ? available.length : above;
  return [...available.slice(Math.max(0, split - count), split), ...available.slice(split, split + count)];
}
