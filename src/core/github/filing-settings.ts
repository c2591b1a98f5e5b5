/**
 * The settings of `matrix file-issues`, read from an environment record the caller passes in:
 * the API and token of the own repository (GitHub Actions sets `GITHUB_API_URL`,
 * `GITHUB_REPOSITORY`; the workflow passes `GITHUB_TOKEN`), and `MATRIX_UPSTREAM_TOKEN` for other
 * repositories, which the Actions token can never write to. Pure.
 */
import { gitHubSettingsOf } from "./github-settings.js";

/** An `owner/name` repository. */
export interface RepoName {
  owner: string;
  name: string;
}

/** What filing needs to know; null where the variable is unset (blank counts as unset). */
export interface FilingSettings {
  apiUrl: string;
  token: string | null;
  repository: RepoName | null;
  upstreamToken: string | null;
}

/** `owner/name` as a RepoName, or null when it is not one. */
export function parseRepoName(text: string | undefined): RepoName | null {
  const match = /^([\w.-]+)\/([\w.-]+)$/.exec(text?.trim() ?? "");
  return match?.[1] && match[2] ? { owner: match[1], name: match[2] } : null;
}

/** The filing settings of `env`. */
export function filingSettingsOf(env: Record<string, string | undefined>): FilingSettings {
  const { token, apiUrl } = gitHubSettingsOf(env);
  return {
    apiUrl,
    token,
    repository: parseRepoName(env.GITHUB_REPOSITORY),
    upstreamToken: env.MATRIX_UPSTREAM_TOKEN?.trim() || null,
  };
}

/**
 * Why `--confirm` cannot file with `env`, as one line naming the variable, or null when it can.
 * The dry run needs none of them.
 */
export function confirmBlockerOf(env: Record<string, string | undefined>): string | null {
  const settings = filingSettingsOf(env);
  if (settings.token === null) {
    return "GITHUB_TOKEN is not set: --confirm files through the GitHub API; set it (in a workflow, from github.token) or drop --confirm for a dry run";
  }
  if (!env.GITHUB_REPOSITORY?.trim()) {
    return "GITHUB_REPOSITORY is not set: --confirm files in that repository; set it to owner/name (Actions sets it) or drop --confirm";
  }
  if (settings.repository === null) {
    return `GITHUB_REPOSITORY is "${env.GITHUB_REPOSITORY}", not owner/name; set it to the repository to file in`;
  }
  return null;
}
