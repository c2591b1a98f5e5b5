/**
 * What an environment holds, as `{name: version}` with PEP 503 names. Versions come from the
 * installer's JSON listing; a VCS install's version (`4.48.0.dev0`) names no commit, so for those
 * the freeze line's commit is recorded instead: that is what a bisect and a reproduction need.
 */
import { normalizeName } from "../requirements/normalize-name.js";

/** Parses `pip list --format json` / `uv pip list --format json` output. */
export function parseListJson(text: string): Record<string, string> {
  const installed: Record<string, string> = {};
  const entries: unknown = JSON.parse(text.trim() || "[]");
  if (!Array.isArray(entries)) return installed;
  for (const entry of entries as { name?: unknown; version?: unknown }[]) {
    if (typeof entry.name === "string" && typeof entry.version === "string") {
      installed[normalizeName(entry.name)] = entry.version;
    }
  }
  return installed;
}

const VCS_LINE =
  /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*@\s*(?:git|hg|svn|bzr)\+\S+?@([0-9a-f]{7,64})(?:#\S*)?$/;
const PINNED_LINE = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*===?\s*(\S+)/;

/** Parses `pip freeze` / `uv pip freeze`: pinned lines give versions, VCS lines their commit. */
export function parseFreeze(text: string): Record<string, string> {
  const installed: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const vcs = VCS_LINE.exec(line);
    const pinned = vcs ? null : PINNED_LINE.exec(line);
    const match = vcs ?? pinned;
    if (match?.[1] && match[2]) installed[normalizeName(match[1])] = match[2];
  }
  return installed;
}

/** The listing with VCS installs replaced by their commit from the freeze output. */
export function mergeInstalled(
  listed: Record<string, string>,
  frozen: Record<string, string>,
): Record<string, string> {
  const merged: Record<string, string> = { ...listed };
  for (const [name, value] of Object.entries(frozen)) {
    if (/^[0-9a-f]{7,64}$/.test(value) || !(name in merged)) merged[name] = value;
  }
  return Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
}
