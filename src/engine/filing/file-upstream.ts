/**
 * Files bisected breakages in the culprit's own repository, with `MATRIX_UPSTREAM_TOKEN`. Whether
 * an issue already carries the fingerprint is asked twice over: search (which indexes new issues
 * only after a while) and the token's own issues updated since the filing began (which lists them
 * at once), before planning and again before every create. A failure upstream never stops the
 * own repository's filing; only an unreachable API ends everything.
 */
import type { GitHubClient } from "../../adapters/github-client.js";
import {
  createComment,
  createIssue,
  listComments,
  listIssues,
  loginOf,
  searchIssues,
} from "../../adapters/github-issues.js";
import type { TrackedIssue } from "../../core/issues/filing-model.js";
import { markersOf } from "../../core/issues/issue-markers.js";
import type { FilingNote } from "../../core/issues/plan-filing.js";
import { planUpstream, type UpstreamFound, type UpstreamTarget } from "../../core/issues/plan-upstream.js";
import type { IssueLink } from "./apply-filing.js";
import {
  createOnce,
  FilingAborted,
  judgeFailure,
  runStep,
  type StepContext,
  type StepOutcome,
} from "./filing-steps.js";

/** The upstream side of one filing. */
export interface UpstreamFiling {
  targets: UpstreamTarget[];
  /** `owner/name` of the own repository, quoted upstream and marked `matrix:from`. */
  origin: string;
  /** The own tracking issue of each fingerprint, linked from upstream. */
  tracking: Map<string, IssueLink>;
  /** Null without `MATRIX_UPSTREAM_TOKEN`: nothing is looked up or filed. */
  client: GitHubClient | null;
  confirm: boolean;
  apiUrl: string;
  since: Date;
  retry: StepContext["retry"];
  outcomes: StepOutcome[];
  notes: FilingNote[];
}

/** Looks up, plans and (with `confirm`) files upstream; returns the upstream issue of each fingerprint. */
export async function fileUpstream(input: UpstreamFiling): Promise<Map<string, string>> {
  const links = new Map<string, string>();
  if (input.targets.length === 0) return links;
  const { client } = input;
  const ctxOf = (t: UpstreamTarget): StepContext => ({
    client: client as GitHubClient,
    repo: { owner: t.owner, name: t.name },
    failure: { repo: `${t.owner}/${t.name}`, tokenVariable: "MATRIX_UPSTREAM_TOKEN", own: false },
    apiUrl: input.apiUrl,
    retry: input.retry,
    outcomes: input.outcomes,
  });
  if (client === null) return withoutToken(input);
  const login = await whoAmI(client, input, ctxOf);
  // The duplicate check needs the token's own issues (search lags): without them, nothing upstream.
  if (login === null) return links;
  try {
    const found = new Map<string, UpstreamFound | null>();
    const targets: UpstreamTarget[] = [];
    for (const target of input.targets) {
      const ctx = ctxOf(target);
      const lookup = await runStep(
        ctx,
        { action: "upstream-lookup", fingerprint: target.fingerprint, quiet: true },
        async () => {
          const issue = await lookUpstream(ctx, target, login, input.since);
          return {
            value: { issue: issue && (await describeFound(ctx, issue, input.origin)) },
            number: null,
            url: null,
          };
        },
      );
      if (lookup === null) continue; // not knowing what is there, filing could duplicate
      targets.push(target);
      found.set(target.fingerprint, lookup.issue);
      if (lookup.issue) links.set(target.fingerprint, lookup.issue.url);
    }
    const tracking = new Map([...input.tracking].map(([fp, link]) => [fp, link.url]));
    const plan = planUpstream(targets, found, input.origin, tracking);
    input.notes.push(...plan.notes);
    for (const action of plan.actions) {
      const ctx = ctxOf(action.target);
      const at = { action: `upstream-${action.kind}`, fingerprint: action.target.fingerprint };
      if (!input.confirm) {
        input.outcomes.push({
          repo: ctx.failure.repo,
          ...at,
          number: action.kind === "comment" ? action.number : null,
          url: null,
          result: "planned",
        });
        continue;
      }
      const link = await runStep(ctx, at, async () => {
        const once =
          action.kind === "create"
            ? await createOnce(
                () => lookUpstream(ctx, action.target, login, input.since),
                () =>
                  createIssue(ctx.client, ctx.repo, { title: action.title, body: action.body, labels: [] }),
                ctx.retry,
              )
            : await createOnce(
                async () =>
                  (await listComments(ctx.client, ctx.repo, action.number)).find((c) =>
                    mentions(c.body, input.origin),
                  ) ?? null,
                () => createComment(ctx.client, ctx.repo, action.number, action.comment),
                ctx.retry,
              );
        const number = action.kind === "create" ? (once.value as TrackedIssue).number : action.number;
        return {
          value: once.value.url,
          number,
          url: once.value.url,
          result: once.created ? "done" : "found",
        };
      });
      if (link && action.kind === "create") links.set(action.target.fingerprint, link);
    }
  } catch (error) {
    // A rejected or rate-limited upstream token ends only the upstream part; its outcome says why.
    const kind = error instanceof FilingAborted ? error.failure.kind : null;
    if (kind === null || kind === "unreachable" || kind === "server") throw error;
  }
  return links;
}

/**
 * The upstream token's login, for the duplicate check's second half (its own recent issues). When
 * it cannot be had (a 5xx, a rate limit, a rejected token, a token that is not a user's), the
 * check cannot run in full, and a guess could open a duplicate upstream, the worst outcome this
 * tool can cause: every target is skipped with the failure's kind and what to do. An unreachable
 * API still ends the filing, as everywhere.
 */
async function whoAmI(
  client: GitHubClient,
  input: UpstreamFiling,
  ctxOf: (t: UpstreamTarget) => StepContext,
): Promise<string | null> {
  const [first] = input.targets;
  if (!first) return null;
  let problem: NonNullable<StepOutcome["problem"]>;
  try {
    const login = await loginOf(client);
    if (login !== null) return login;
    problem = {
      kind: "forbidden",
      status: 403,
      message: "GET /user: the token is not a user's",
      what_to_do:
        "set MATRIX_UPSTREAM_TOKEN to a user's token (a fine-grained or classic personal access token)",
    };
  } catch (error) {
    const failure = judgeFailure(ctxOf(first), error);
    if (failure.kind === "unreachable") throw new FilingAborted(failure);
    problem = {
      kind: failure.kind,
      status: failure.status,
      message: failure.message,
      what_to_do: failure.whatToDo,
    };
  }
  for (const t of input.targets) {
    input.outcomes.push({
      repo: `${t.owner}/${t.name}`,
      action: "upstream-create",
      fingerprint: t.fingerprint,
      number: null,
      url: null,
      result: "skipped",
      detail: "nothing filed upstream: the duplicate check needs the token's login (GET /user)",
      problem,
    });
  }
  return null;
}

/** The lowest-numbered issue upstream that carries the fingerprint, by search or the token's own issues. */
async function lookUpstream(ctx: StepContext, target: UpstreamTarget, login: string, since: Date) {
  const marker = `matrix:fingerprint=${target.fingerprint}`;
  const hits = [
    ...(await searchIssues(ctx.client, ctx.repo, marker)),
    ...(await listIssues(ctx.client, ctx.repo, { creator: login, since })),
  ];
  return (
    hits
      .filter((i) => markersOf(i.body).fingerprint === target.fingerprint)
      .sort((a, b) => a.number - b.number)[0] ?? null
  );
}

/** Whether this project already spoke in the issue (its body or a comment carries `matrix:from`). */
async function describeFound(ctx: StepContext, issue: TrackedIssue, origin: string): Promise<UpstreamFound> {
  const mentionsUs =
    mentions(issue.body, origin) ||
    (await listComments(ctx.client, ctx.repo, issue.number)).some((c) => mentions(c.body, origin));
  return { number: issue.number, url: issue.url, mentionsUs };
}

function mentions(body: string, origin: string): boolean {
  return markersOf(body).from.includes(origin);
}

/** Without a token nothing can be looked up: a dry run plans, a confirmed run reports the fix. */
function withoutToken(input: UpstreamFiling): Map<string, string> {
  const perPackage = new Set<string>();
  for (const t of input.targets) {
    const base = { repo: `${t.owner}/${t.name}`, fingerprint: t.fingerprint, number: null, url: null };
    if (!input.confirm) {
      if (perPackage.has(t.package)) continue;
      perPackage.add(t.package);
      input.outcomes.push({
        ...base,
        action: "upstream-create",
        result: "planned",
        detail: "unless one carries the marker (no MATRIX_UPSTREAM_TOKEN to look)",
      });
      continue;
    }
    const message = "MATRIX_UPSTREAM_TOKEN is not set";
    const what_to_do = `set MATRIX_UPSTREAM_TOKEN to a token that can open issues in ${base.repo} (the Actions GITHUB_TOKEN cannot)`;
    input.outcomes.push({
      ...base,
      action: "upstream-create",
      result: "skipped",
      problem: { kind: "config", status: null, message, what_to_do },
    });
  }
  return new Map();
}
