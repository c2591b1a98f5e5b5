/**
 * Files a run's breakages: one tracking issue per fingerprint and the dashboard in the own
 * repository (`GITHUB_REPOSITORY`, `GITHUB_TOKEN`), bisected breakages of opted-in packages
 * upstream (`MATRIX_UPSTREAM_TOKEN`). Without `confirm` it only reads (the drafts, and the issues
 * when a token is there) and returns what it would do. With it, every step's outcome lands in
 * `<run>/issues/filed.json`, written (redacted) even when GitHub stops answering halfway, before
 * the WorldError that says so.
 */
import { join } from "node:path";
import { writeRedactedJson } from "../../adapters/fs.js";
import type { GitHubClient, GitHubClientOptions } from "../../adapters/github-client.js";
import type { RunLayout } from "../../adapters/run-folder.js";
import { confirmBlockerOf, filingSettingsOf } from "../../core/github/filing-settings.js";
import { canonicalIssues } from "../../core/issues/filing-model.js";
import { markersOf } from "../../core/issues/issue-markers.js";
import { composeDashboard, findDashboard, planDashboard } from "../../core/issues/plan-dashboard.js";
import { type FilingNote, planFiling } from "../../core/issues/plan-filing.js";
import { type UpstreamPackage, upstreamTargetsOf } from "../../core/issues/plan-upstream.js";
import { collectSecrets } from "../../core/results/redact.js";
import { InputError, WorldError } from "../../errors.js";
import {
  applyDashboard,
  applyFiling,
  ensureLabelStep,
  type IssueLink,
  MATRIX_LABEL,
  type OwnRepo,
  plannedOutcomes,
  readExisting,
} from "./apply-filing.js";
import { fileUpstream } from "./file-upstream.js";
import { FilingAborted, type StepContext, type StepOutcome } from "./filing-steps.js";
import { readFilingRun } from "./read-filing-run.js";

/** Client limits (retries, waits, pacing); tests shrink them. */
export type GitHubTuning = Omit<GitHubClientOptions, "token" | "apiUrl">;

/** One filing: the run, the tracked packages (for upstream), the environment passed in. */
export interface FileIssuesInput {
  layout: RunLayout;
  packages: UpstreamPackage[];
  env: Record<string, string | undefined>;
  confirm: boolean;
  now?: Date;
  tuning?: GitHubTuning;
}

/** What the filing did (or would do); `filed.json`. */
export interface FilingReport {
  run: string;
  repository: string | null;
  confirmed: boolean;
  outcomes: StepOutcome[];
  notes: FilingNote[];
  /** Steps that failed or were skipped for a reason someone can fix. */
  problems: number;
  aborted: { message: string; url: string; what_to_do: string } | null;
}

// Lookups before a create read issues updated since shortly before the filing began: a margin for
// the runner's clock, which is not GitHub's.
const CLOCK_MARGIN_MS = 10 * 60_000;

/** Files (or, without `confirm`, plans) the issues of one run. */
export async function fileIssues(input: FileIssuesInput): Promise<FilingReport> {
  const blocker = input.confirm ? confirmBlockerOf(input.env) : null;
  if (blocker !== null) throw new InputError(blocker);
  const run = await readFilingRun(input.layout);
  const settings = filingSettingsOf(input.env);
  const repo = settings.repository;
  const repository = repo && `${repo.owner}/${repo.name}`;
  const since = new Date(Date.now() - CLOCK_MARGIN_MS);
  const retry = { retries: input.tuning?.retries ?? 2, backoffMs: input.tuning?.retryAfterBaseMs ?? 1000 };
  // Octokit loads only when a token is there to use it: drafts without one never pay for it.
  const github =
    settings.token !== null || settings.upstreamToken !== null
      ? await import("../../adapters/github-client.js")
      : null;
  const client = (token: string | null): GitHubClient | null =>
    token === null || github === null
      ? null
      : github.createGitHubClient({
          ...input.tuning,
          token,
          apiUrl: settings.apiUrl,
          secrets: collectSecrets(input.env),
        });
  const ownClient = repo ? client(settings.token) : null;
  const report: FilingReport = {
    run: run.run,
    repository,
    confirmed: input.confirm,
    outcomes: [],
    notes: [],
    problems: 0,
    aborted: null,
  };
  const ctx: StepContext | null =
    ownClient && repo
      ? {
          client: ownClient,
          repo,
          apiUrl: settings.apiUrl,
          retry,
          outcomes: report.outcomes,
          failure: { repo: repository ?? "", tokenVariable: "GITHUB_TOKEN", own: true },
        }
      : null;
  try {
    const existing = await readExisting(ctx, input.confirm, report.notes);
    const issues = existing.filter((i) => !markersOf(i.body).dashboard);
    const plan = planFiling({ ...run, issues, now: input.now ?? new Date() });
    report.notes.push(...plan.notes);
    const tracking = new Map<string, IssueLink>(
      [...canonicalIssues(issues, (i) => markersOf(i.body).fingerprint).byKey].map(([fp, i]) => [
        fp,
        { number: i.number, url: i.url },
      ]),
    );
    for (const action of plan.actions) if (action.kind === "create") tracking.delete(action.fingerprint);
    const own: OwnRepo | null = ctx && { ctx, label: MATRIX_LABEL.name, since };
    if (input.confirm && own) {
      await ensureLabelStep(own.ctx);
      await applyFiling(own, plan.actions, tracking);
    } else report.outcomes.push(...plannedOutcomes(repository ?? "(GITHUB_REPOSITORY)", plan.actions));

    const targets = upstreamTargetsOf(run.drafts, run.breakages, input.packages);
    report.notes.push(...targets.notes);
    const upstream = await fileUpstream({
      ...targets,
      origin: repository ?? "this project",
      tracking,
      client: client(settings.upstreamToken),
      confirm: input.confirm,
      apiUrl: settings.apiUrl,
      since,
      retry,
      outcomes: report.outcomes,
      notes: report.notes,
    });

    const entries = run.drafts.map((d) => {
      const url = upstream.get(d.fingerprint);
      return { ...d, issue: tracking.get(d.fingerprint) ?? null, upstream: url ? { url } : null };
    });
    const dashboard = findDashboard(existing);
    const action = planDashboard(dashboard, composeDashboard(run.dashboard, entries));
    if (input.confirm && own) await applyDashboard(own, action, dashboard);
    else
      report.outcomes.push(...plannedOutcomes(repository ?? "(GITHUB_REPOSITORY)", action ? [action] : []));
  } catch (error) {
    if (!(error instanceof FilingAborted)) throw error;
    const { message, url, whatToDo } = error.failure;
    report.aborted = { message, url, what_to_do: whatToDo };
  }
  report.problems = report.outcomes.filter((o) => o.problem !== undefined).length;
  const filed = join(run.issuesDir, "filed.json");
  if (input.confirm) await writeRedactedJson(filed, report, input.env);
  if (report.aborted) {
    const { message, url, what_to_do } = report.aborted;
    throw new WorldError(`GitHub failed at ${url}: ${message}; ${what_to_do} (what was done is in ${filed})`);
  }
  return report;
}
