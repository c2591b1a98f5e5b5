/**
 * Finds a package's source repository among the URLs its metadata declares (PyPI's
 * `info.project_urls`, or `Project-URL:` lines of a wheel's METADATA). Labels are free text, so
 * the ones that name source code win, then any URL on a known forge; documentation and issue
 * trackers on the same forge are cut back to the repository itself.
 */

/** Labels (normalised: lower case, letters only) that name the source, best first. */
const SOURCE_LABELS = ["source", "sourcecode", "repository", "code", "github", "git", "homepage", "home"];
const FORGES =
  /^https?:\/\/(?:www\.)?(github\.com|gitlab\.com|codeberg\.org|bitbucket\.org)\/([^/#?]+)\/([^/#?]+)/i;

/** A label-to-URL list as metadata gives it (labels may repeat in METADATA). */
export type ProjectUrls = Array<{ label: string; url: string }>;

/** The clone URL (`https://github.com/owner/repo.git`) of the best source URL, or null. */
export function pickSourceRepo(urls: ProjectUrls): string | null {
  const onForge = urls
    .map((u) => ({ label: u.label.toLowerCase().replace(/[^a-z]/g, ""), repo: forgeRepo(u.url) }))
    .filter((u): u is { label: string; repo: string } => u.repo !== null);
  for (const label of SOURCE_LABELS) {
    const hit = onForge.find((u) => u.label === label);
    if (hit) return hit.repo;
  }
  return onForge[0]?.repo ?? null;
}

function forgeRepo(url: string): string | null {
  const m = FORGES.exec(url.trim());
  if (!m) return null;
  const repo = (m[3] ?? "").replace(/\.git$/, "");
  return `https://${(m[1] ?? "").toLowerCase()}/${m[2]}/${repo}.git`;
}

/** `Project-URL: Label, URL` and `Home-page: URL` lines of a core METADATA file. */
export function parseMetadataUrls(metadata: string): ProjectUrls {
  const urls: ProjectUrls = [];
  // Headers end at the first blank line; the description (which may quote headers) follows.
  const headers = metadata.split(/\r?\n\r?\n/, 1)[0] ?? "";
  for (const line of headers.split(/\r?\n/)) {
    const projectUrl = /^Project-URL:\s*([^,]+),\s*(\S+)/i.exec(line);
    if (projectUrl) urls.push({ label: (projectUrl[1] ?? "").trim(), url: projectUrl[2] ?? "" });
    const home = /^Home-page:\s*(\S+)/i.exec(line);
    if (home) urls.push({ label: "Homepage", url: home[1] ?? "" });
  }
  return urls;
}
