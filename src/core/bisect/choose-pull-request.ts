/**
 * Picks the pull request that brought a commit in, from GitHub's answer to
 * `GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls`. Used when the first bad commit's title
 * names no `(#N)`, as with rebase merges and plain merges of a branch.
 */

/** A pull request as a bisect record names it. */
export interface PullRequestLink {
  number: number;
  url: string;
}

interface PullCandidate extends PullRequestLink {
  merged: boolean;
}

/**
 * The first merged pull request of the answer, else the first one; null for an empty answer or
 * anything that is not an array of pull requests. A commit is listed under every open PR whose
 * branch contains it too (forks rebased on main), so the merged one is the one that landed it.
 * The answer is checked here rather than trusted, since a proxy or a broken server may send
 * anything, and this lookup must never fail a bisect.
 */
export function choosePullRequest(answer: unknown): PullRequestLink | null {
  if (!Array.isArray(answer)) return null;
  const candidates = answer.map(candidateOf).filter((c): c is PullCandidate => c !== null);
  const chosen = candidates.find((c) => c.merged) ?? candidates[0];
  return chosen ? { number: chosen.number, url: chosen.url } : null;
}

/** One entry as a candidate, or null when it lacks a positive integer `number` or an `html_url`. */
function candidateOf(entry: unknown): PullCandidate | null {
  if (typeof entry !== "object" || entry === null) return null;
  const { number, html_url, merged_at } = entry as Record<string, unknown>;
  if (typeof number !== "number" || !Number.isInteger(number) || number <= 0) return null;
  if (typeof html_url !== "string" || html_url === "") return null;
  return { number, url: html_url, merged: typeof merged_at === "string" && merged_at !== "" };
}
