/**
 * The wrapper's open issues a pull request fixes: a cell that fails at the base and passes at the
 * head names the breakage `matrix` filed (fingerprint of the package, the job and the base's
 * signature, as the night computes it), found by the marker in the issues labelled `matrix` of
 * the own repository (`GITHUB_REPOSITORY`, `GITHUB_TOKEN`). Without them, or when GitHub does not
 * answer, nothing is linked and a note says why: a lookup never fails the command.
 */
import type { GitHubClientOptions } from "../../adapters/github-client.js";
import { listIssues } from "../../adapters/github-issues.js";
import { filingSettingsOf } from "../../core/github/filing-settings.js";
import { fingerprintOf } from "../../core/issues/fingerprint.js";
import { markersOf } from "../../core/issues/issue-markers.js";
import type { PrCell } from "../../core/pr/classify-cell.js";
import type { FixedIssue } from "../../core/pr/pr-report.js";
import { MATRIX_LABEL } from "../filing/apply-filing.js";

/** The fingerprint the night gives the breakage a fixed cell's base shows. */
export function fixedFingerprintOf(pkg: string, cell: PrCell): string | null {
  if (cell.verdict !== "fixed" || cell.base.signature === null) return null;
  return fingerprintOf({ packages: [pkg], job: cell.job, signature: cell.base.signature });
}

/** Open issues by fingerprint, for the fixed cells; notes say what could not be looked up. */
export async function findFixedIssues(
  pkg: string,
  cells: readonly PrCell[],
  env: Record<string, string | undefined>,
  tuning: Omit<GitHubClientOptions, "token" | "apiUrl"> = {},
): Promise<{ issues: Map<string, FixedIssue>; notes: string[] }> {
  const wanted = new Set(cells.map((c) => fixedFingerprintOf(pkg, c)).filter((f): f is string => f !== null));
  const issues = new Map<string, FixedIssue>();
  if (wanted.size === 0) return { issues, notes: [] };
  const settings = filingSettingsOf(env);
  if (settings.token === null || settings.repository === null)
    return { issues, notes: ["open issues not looked up: GITHUB_TOKEN and GITHUB_REPOSITORY are needed"] };
  try {
    const { createGitHubClient } = await import("../../adapters/github-client.js");
    const client = createGitHubClient({ ...tuning, token: settings.token, apiUrl: settings.apiUrl });
    for (const issue of await listIssues(client, settings.repository, { label: MATRIX_LABEL.name })) {
      const fingerprint = markersOf(issue.body).fingerprint;
      if (issue.state === "open" && fingerprint !== null && wanted.has(fingerprint))
        issues.set(fingerprint, { fingerprint, number: issue.number, url: issue.url });
    }
    return { issues, notes: [] };
  } catch (error) {
    return { issues, notes: [`open issues not looked up: ${(error as Error).message}`] };
  }
}
