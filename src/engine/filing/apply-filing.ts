/**
 * The own repository's side of filing: its labelled issues read, its label made, and the plan of
 * its tracking issues and dashboard applied, exactly once: before
 * every create the labelled issues updated since the filing began are listed again for the
 * marker, and before every comment the issue's comments are read for the comment's event key, so
 * an answer lost on the way (and the retry after it) never makes a second one.
 */
import {
  createComment,
  createIssue,
  ensureLabel,
  type IssueComment,
  type IssueLabel,
  listComments,
  listIssues,
  updateIssue,
} from "../../adapters/github-issues.js";
import type { TrackedIssue } from "../../core/issues/filing-model.js";
import { markersOf } from "../../core/issues/issue-markers.js";
import type { DashboardAction } from "../../core/issues/plan-dashboard.js";
import type { FilingAction, FilingNote } from "../../core/issues/plan-filing.js";
import {
  createOnce,
  FilingAborted,
  judgeFailure,
  runStep,
  type StepContext,
  type StepOutcome,
} from "./filing-steps.js";

/** The own repository: its step context, the harness's label, and when the filing began. */
export interface OwnRepo {
  ctx: StepContext;
  label: string;
  /** Lookups before a create read issues updated since then (a little before the filing began). */
  since: Date;
}

/** Where an issue is: its number and page. */
export interface IssueLink {
  number: number;
  url: string;
}

/** Applies the tracking-issue actions; `tracking` gains the number and URL of each issue created. */
export async function applyFiling(
  own: OwnRepo,
  actions: FilingAction[],
  tracking: Map<string, IssueLink>,
): Promise<void> {
  const { ctx } = own;
  for (const action of actions) {
    const at = { action: action.kind, fingerprint: action.fingerprint };
    if (action.kind === "create") {
      const isIt = (i: TrackedIssue) => markersOf(i.body).fingerprint === action.fingerprint;
      const issue = await createIssueOnce(own, at, isIt, action.title, action.body);
      if (issue) tracking.set(action.fingerprint, { number: issue.number, url: issue.url });
      continue;
    }
    const number = action.number;
    await runStep(ctx, { ...at, number }, async () => {
      if (action.kind === "comment") {
        const comment = await commentOnce(ctx, number, action.event, action.comment);
        return { value: null, number, url: comment.value.url, result: comment.created ? "done" : "found" };
      }
      if (action.kind === "close" || action.kind === "reopen") {
        // The comment first: a reopen or close whose comment failed would leave no reason behind.
        await commentOnce(ctx, number, action.event, action.comment);
        const issue = await updateIssue(ctx.client, ctx.repo, number, {
          state: action.kind === "close" ? "closed" : "open",
        });
        return { value: null, number, url: issue.url };
      }
      const issue = await updateIssue(ctx.client, ctx.repo, number, { body: action.body });
      return { value: null, number, url: issue.url };
    });
  }
}

/** Applies the dashboard action (or none); returns the dashboard's link when known. */
export async function applyDashboard(
  own: OwnRepo,
  action: DashboardAction | null,
  existing: TrackedIssue | null,
) {
  if (action === null) return existing && { number: existing.number, url: existing.url };
  const at = { action: `dashboard-${action.kind}`, fingerprint: null };
  if (action.kind === "create") {
    return createIssueOnce(own, at, (i) => markersOf(i.body).dashboard, action.title, action.body);
  }
  return runStep(own.ctx, { ...at, number: action.number }, async () => {
    const issue = await updateIssue(own.ctx.client, own.ctx.repo, action.number, { body: action.body });
    return { value: issue, number: issue.number, url: issue.url };
  });
}

/** Creates a labelled issue unless one that `isIt` is already there (found by a fresh listing). */
async function createIssueOnce(
  own: OwnRepo,
  at: { action: string; fingerprint: string | null },
  isIt: (issue: TrackedIssue) => boolean,
  title: string,
  body: string,
): Promise<TrackedIssue | null> {
  const { ctx } = own;
  const look = async () => {
    const fresh = await listIssues(ctx.client, ctx.repo, { label: own.label, since: own.since });
    return fresh.filter(isIt).sort((a, b) => a.number - b.number)[0] ?? null;
  };
  const create = () => createIssue(ctx.client, ctx.repo, { title, body, labels: [own.label] });
  return runStep(ctx, at, async () => {
    const once = await createOnce(look, create, ctx.retry);
    const detail = once.created ? undefined : "already there: an earlier answer was lost";
    return {
      value: once.value,
      number: once.value.number,
      url: once.value.url,
      result: once.created ? "done" : "found",
      detail,
    };
  });
}

/** Posts a comment unless the issue already has one with its event key. */
export function commentOnce(ctx: StepContext, number: number, event: string, body: string) {
  const look = async (): Promise<IssueComment | null> =>
    (await listComments(ctx.client, ctx.repo, number)).find((c) =>
      markersOf(c.body).events.includes(event),
    ) ?? null;
  return createOnce(look, () => createComment(ctx.client, ctx.repo, number, body), ctx.retry);
}

/** A dry run's outcomes: what the actions would do, touching nothing. */
export function plannedOutcomes(repo: string, actions: Array<FilingAction | DashboardAction>): StepOutcome[] {
  return actions.map((a) => ({
    repo,
    action: "fingerprint" in a ? a.kind : `dashboard-${a.kind}`,
    fingerprint: "fingerprint" in a ? a.fingerprint : null,
    number: "number" in a ? a.number : null,
    url: null,
    result: "planned",
    detail: a.kind === "create" ? a.title : "event" in a ? a.event : undefined,
  }));
}

/** The label that marks the harness's issues in the own repository. */
export const MATRIX_LABEL: IssueLabel = {
  name: "matrix",
  color: "b60205",
  description: "Breakage found by the nightly dependency matrix",
};

/**
 * The labelled issues of the own repository. Filing cannot tell what exists without them, so a
 * confirmed run stops when they cannot be read; a dry run notes it and plans as if none existed.
 */
export async function readExisting(
  ctx: StepContext | null,
  confirm: boolean,
  notes: FilingNote[],
): Promise<TrackedIssue[]> {
  if (ctx === null) {
    notes.push({
      fingerprint: "",
      number: null,
      note: "no GITHUB_TOKEN or GITHUB_REPOSITORY: planned as if no issues existed",
    });
    return [];
  }
  try {
    return await listIssues(ctx.client, ctx.repo, { label: MATRIX_LABEL.name });
  } catch (error) {
    const failure = judgeFailure(ctx, error);
    if (confirm) throw new FilingAborted(failure);
    notes.push({
      fingerprint: "",
      number: null,
      note: `could not read the issues (${failure.message}): planned as if none existed`,
    });
    return [];
  }
}

/** Makes sure the label exists (noted only when made); a failure is reported and filing goes on. */
export async function ensureLabelStep(ctx: StepContext): Promise<void> {
  const made = await runStep(ctx, { action: "label", fingerprint: null, quiet: true }, async () => {
    const result = await ensureLabel(ctx.client, ctx.repo, MATRIX_LABEL);
    return { value: result === "created", number: null, url: null };
  });
  if (made)
    ctx.outcomes.push({
      repo: `${ctx.repo.owner}/${ctx.repo.name}`,
      action: "label",
      fingerprint: null,
      number: null,
      url: null,
      result: "done",
      detail: MATRIX_LABEL.name,
    });
}
