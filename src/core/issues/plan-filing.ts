/**
 * The plan for the tracking issues of one night, one per fingerprint, in the project's own
 * repository: which to create, reopen, comment on, edit or close. Pure: drafts, breakages, results
 * and existing issues in, actions out; the engine applies them (and looks before every create).
 * Comments are made only when the state changes, so a quiet night makes no noise.
 */
import {
  type Breakage,
  type CellOutcome,
  canonicalIssues,
  type FilingDraft,
  firstBadOf,
  type TrackedIssue,
  type VariantMoves,
} from "./filing-model.js";
import { type FilingState, markerLine, markersOf, sameBody, stampState } from "./issue-markers.js";
import { judgeGone } from "./judge-gone.js";

/** Days an issue stays open before one "still failing" comment. */
export const STALE_DAYS = 7;
const DAY_MS = 86_400_000;

/** One step on one tracking issue; `event` keys a comment so it is never posted twice. */
export type FilingAction =
  | { kind: "create"; fingerprint: string; title: string; body: string }
  | { kind: "reopen"; fingerprint: string; number: number; event: string; comment: string }
  | { kind: "comment"; fingerprint: string; number: number; event: string; comment: string }
  | { kind: "update-body"; fingerprint: string; number: number; body: string }
  | { kind: "close"; fingerprint: string; number: number; event: string; comment: string };

/** Something decided without an action (left open, left closed, a duplicate), for the report. */
export interface FilingNote {
  fingerprint: string;
  number: number | null;
  note: string;
}

/** The night's facts; `now` decides staleness, `variants` (null without a manifest) goneness. */
export interface FilingFacts {
  run: string;
  drafts: FilingDraft[];
  breakages: Breakage[];
  results: CellOutcome[];
  variants: VariantMoves[] | null;
  /** Existing issues with the harness's label, any state; the dashboard among them is ignored. */
  issues: TrackedIssue[];
  now: Date;
  staleDays?: number;
}

/** The actions, in the order to apply them, and the notes. */
export interface FilingPlan {
  actions: FilingAction[];
  notes: FilingNote[];
}

/** Plans every tracking issue of the night. */
export function planFiling(facts: FilingFacts): FilingPlan {
  const { byKey, duplicates } = canonicalIssues(facts.issues, (i) => markersOf(i.body).fingerprint);
  const plan: FilingPlan = {
    actions: [],
    notes: duplicates.map((d) => ({ fingerprint: d.key, number: d.number, note: `duplicate of #${d.of}` })),
  };
  const present = new Set([
    ...facts.breakages.map((b) => b.fingerprint),
    ...facts.drafts.map((d) => d.fingerprint),
  ]);
  const drafts = [...facts.drafts].sort((a, b) => a.fingerprint.localeCompare(b.fingerprint));
  for (const draft of drafts) {
    const breakage = facts.breakages.find((b) => b.fingerprint === draft.fingerprint);
    const issue = byKey.get(draft.fingerprint);
    if (!issue) {
      const state = { packages: breakage?.culprits ?? [], firstBad: firstBadOf(breakage), noted: [] };
      plan.actions.push({
        kind: "create",
        fingerprint: draft.fingerprint,
        title: draft.title,
        body: stampState(draft.body, state),
      });
    } else planExisting(plan, facts, draft, breakage, issue);
  }
  for (const [fingerprint, issue] of byKey) {
    if (present.has(fingerprint) || issue.state !== "open") continue;
    const markers = markersOf(issue.body);
    const answer = judgeGone(
      { cell: markers.cell, packages: markers.packages },
      facts.results,
      facts.variants,
    );
    if (!answer.gone) {
      plan.notes.push({
        fingerprint,
        number: issue.number,
        note: `not seen tonight, left open: ${answer.why}`,
      });
      continue;
    }
    const comment = commentOf(
      `fixed:${facts.run}`,
      `Gone in run ${facts.run}: ${answer.why}. Closing; matrix reopens this issue if the breakage comes back.`,
    );
    plan.actions.push({
      kind: "close",
      fingerprint,
      number: issue.number,
      event: `fixed:${facts.run}`,
      comment,
    });
  }
  return plan;
}

/** Reopen, comment and edit an issue that exists for a breakage drafted tonight. */
function planExisting(
  plan: FilingPlan,
  facts: FilingFacts,
  draft: FilingDraft,
  breakage: Breakage | undefined,
  issue: TrackedIssue,
): void {
  const old = markersOf(issue.body);
  const firstBad = firstBadOf(breakage);
  const state: FilingState = {
    packages: breakage?.culprits ?? old.packages ?? [],
    firstBad: firstBad ?? old.firstBad,
    noted: [...old.noted],
  };
  const at = { fingerprint: draft.fingerprint, number: issue.number };
  if (issue.state === "closed") {
    if (issue.stateReason === "not_planned") {
      plan.notes.push({ ...at, note: "failing again, but closed as not planned: left closed" });
      return;
    }
    // Keyed by the closing, so a reopen whose comment went through is not explained twice.
    const event = `reopened:${issue.closedAt ?? facts.run}`;
    const text = `Back in run ${facts.run}: \`${draft.cell}\` fails with this breakage again. Reopening.`;
    plan.actions.push({ kind: "reopen", ...at, event, comment: commentOf(event, text) });
  } else {
    if (firstBad !== null && firstBad !== old.firstBad) {
      const bisect = breakage?.bisect;
      const event = `first-bad:${firstBad}`;
      const text = `The bisect of ${bisect?.package} in run ${facts.run} found the first bad ref: \`${firstBad}\`${bisect?.title ? ` ${bisect.title}` : ""}.`;
      plan.actions.push({ kind: "comment", ...at, event, comment: commentOf(event, text) });
    }
    const days = Math.floor((facts.now.getTime() - Date.parse(issue.createdAt)) / DAY_MS);
    if (days >= (facts.staleDays ?? STALE_DAYS) && !old.noted.includes("stale")) {
      const text = `Still failing after ${days} nights: \`${draft.cell}\` failed again in run ${facts.run}.`;
      plan.actions.push({ kind: "comment", ...at, event: "stale", comment: commentOf("stale", text) });
      state.noted.push("stale");
    }
  }
  const body = stampState(draft.body, state);
  if (!sameBody(body, issue.body)) plan.actions.push({ kind: "update-body", ...at, body });
}

/** A comment's text with its event marker, so the filer can find it before posting it again. */
export function commentOf(event: string, text: string): string {
  return `${text}\n\n${markerLine("event", event)}\n`;
}
