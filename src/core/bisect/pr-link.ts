/**
 * Links a culprit commit to where a maintainer reads about it: the pull request named in a
 * squash-merge title, and the GitHub compare view between the last good and first bad refs.
 */

/**
 * The pull request number a commit title names, or null. Squash merges end their title with
 * `(#1234)`; the last such mark wins, because a revert quotes the reverted title (`Revert "Fix x
 * (#100)" (#101)` is PR 101). Merge commits say `Merge pull request #1234 from owner/branch`.
 */
export function prNumberOf(title: string): number | null {
  const squash = [...title.matchAll(/\(#(\d+)\)/g)].pop();
  if (squash?.[1] !== undefined) return Number(squash[1]);
  const merge = /^Merge pull request #(\d+)\b/.exec(title);
  return merge?.[1] !== undefined ? Number(merge[1]) : null;
}

/** A repository hosted on github.com. */
export interface GitHubRepo {
  owner: string;
  name: string;
}

/**
 * The GitHub owner and name of a git URL (https, ssh or scp-like `git@github.com:o/r.git`), or
 * null for any other host, `file://` included.
 */
export function gitHubRepoOf(url: string): GitHubRepo | null {
  const match =
    /^(?:https?:\/\/|ssh:\/\/|git:\/\/)(?:[^@/]+@)?github\.com(?::\d+)?\/([^/]+)\/([^/]+?)(?:\.git)?\/?$/i.exec(
      url,
    ) ?? /^[^@/]+@github\.com:([^/]+)\/([^/]+?)(?:\.git)?\/?$/i.exec(url);
  if (!match?.[1] || !match[2]) return null;
  return { owner: match[1], name: match[2] };
}

/** `https://github.com/o/r/compare/<good>...<bad>` for a GitHub-hosted repo, else null. */
export function compareUrlOf(repo: string, good: string, bad: string): string | null {
  const gh = gitHubRepoOf(repo);
  return gh ? `https://github.com/${gh.owner}/${gh.name}/compare/${good}...${bad}` : null;
}

/** `https://github.com/o/r/pull/<n>` for a GitHub-hosted repo, else null. */
export function pullUrlOf(repo: string, pr: number): string | null {
  const gh = gitHubRepoOf(repo);
  return gh ? `https://github.com/${gh.owner}/${gh.name}/pull/${pr}` : null;
}
