/**
 * The one comment of a wrapper on an upstream pull request: only for a package with
 * `file_upstream: true` on GitHub, with `MATRIX_UPSTREAM_TOKEN`. It is found again by its hidden
 * marker among the pull request's comments and edited on a rerun (left alone when the text is the
 * same), never posted twice. The body passes the redactor before it leaves the machine.
 */
import type { GitHubClientOptions } from "../../adapters/github-client.js";
import { createComment, failedRequestOf, listComments, updateComment } from "../../adapters/github-issues.js";
import { gitHubRepoOf } from "../../core/bisect/pr-link.js";
import { gitHubSettingsOf } from "../../core/github/github-settings.js";
import type { TrackedPackage } from "../../core/matrix/model.js";
import type { PrReport } from "../../core/pr/pr-report.js";
import { collectSecrets, redactText } from "../../core/results/redact.js";
import { WorldError } from "../../errors.js";

/** What the comment step needs: the package, the pull request, the body and its marker. */
export interface PrCommentRequest {
  pkg: TrackedPackage;
  pr: number | null;
  body: string;
  marker: string;
  env: Record<string, string | undefined>;
  tuning?: Omit<GitHubClientOptions, "token" | "apiUrl">;
}

/** Posts or updates the comment; a refusal is data, an unreachable API is exit 3. */
export async function postPrComment(req: PrCommentRequest): Promise<NonNullable<PrReport["comment"]>> {
  const skipped = (detail: string) => ({ action: "skipped" as const, url: null, detail });
  const repo = req.pkg.repo ? gitHubRepoOf(req.pkg.repo) : null;
  const token = req.env.MATRIX_UPSTREAM_TOKEN?.trim() || null;
  if (!req.pkg.fileUpstream)
    return skipped(`${req.pkg.name} has no file_upstream: true (comment only where upstream agreed)`);
  if (repo === null) return skipped(`the repo of ${req.pkg.name} is not on GitHub`);
  if (req.pr === null) return skipped("no pull request number (--pr N) to comment on");
  if (token === null) return skipped("MATRIX_UPSTREAM_TOKEN is not set: the comment goes upstream with it");
  const { apiUrl } = gitHubSettingsOf(req.env);
  const { createGitHubClient } = await import("../../adapters/github-client.js");
  const client = createGitHubClient({ ...req.tuning, token, apiUrl });
  const where = { owner: repo.owner, name: repo.name };
  const body = redactText(req.body, collectSecrets(req.env));
  try {
    const mine = (await listComments(client, where, req.pr)).find((c) => c.body.includes(req.marker));
    if (mine && mine.body.trim() === body.trim())
      return { action: "unchanged", url: mine.url, detail: "same text" };
    if (mine) {
      const updated = await updateComment(client, where, mine.id, body);
      return { action: "updated", url: updated.url, detail: `comment ${mine.id}` };
    }
    const created = await createComment(client, where, req.pr, body);
    return { action: "created", url: created.url, detail: `comment ${created.id}` };
  } catch (error) {
    const failed = failedRequestOf(
      error,
      `${apiUrl}/repos/${repo.owner}/${repo.name}/issues/${req.pr}/comments`,
    );
    if (failed.status === null || failed.status >= 500)
      throw new WorldError(
        redactText(
          `cannot reach GitHub at ${failed.url} to comment: ${failed.message}`,
          collectSecrets(req.env),
        ),
      );
    return skipped(`GitHub answered ${failed.status} for ${failed.url}: ${failed.message}`);
  }
}
