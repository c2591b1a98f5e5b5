/**
 * Where the GitHub API is and who we are to it, read from the variables GitHub Actions sets on
 * every runner. Pure: the caller passes the environment in, so tests and other callers never
 * depend on the process environment.
 */

/** The public API; Actions sets `GITHUB_API_URL` to another host on GitHub Enterprise Server. */
export const DEFAULT_GITHUB_API_URL = "https://api.github.com";

/** What a GitHub client needs to know: the token (null when none is set) and the API root. */
export interface GitHubSettings {
  token: string | null;
  apiUrl: string;
}

/**
 * The GitHub settings of an environment record: `GITHUB_TOKEN` (blank counts as unset, because
 * workflows often pass `${{ secrets.X }}` that expands to an empty string when the secret is
 * missing) and `GITHUB_API_URL` without its trailing slashes (Octokit joins paths with `/`).
 */
export function gitHubSettingsOf(env: Record<string, string | undefined>): GitHubSettings {
  const token = env.GITHUB_TOKEN?.trim() || null;
  const apiUrl = (env.GITHUB_API_URL?.trim() || DEFAULT_GITHUB_API_URL).replace(/\/+$/, "");
  return { token, apiUrl };
}
