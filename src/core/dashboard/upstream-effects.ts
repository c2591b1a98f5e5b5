/**
 * The upstream view's vocabulary: what one upstream change (a release, a commit, a pull request)
 * did to one project, the order in which effects win when a project's cells disagree, and the
 * shape of a row. Shared by the nights' rows (upstream-view.ts) and the pull requests' rows
 * (upstream-pr-rows.ts). Pure.
 */

/** What one change did to one project. */
export type UpstreamEffect =
  | "breaks"
  | "learns-worse"
  | "heavier"
  | "slows"
  | "fixes"
  | "already-broken"
  | "flaky"
  | "passes"
  | "unknown";

/** Which effect wins when a project's cells disagree: the worst. */
export const EFFECT_RANK: Readonly<Record<UpstreamEffect, number>> = {
  unknown: 0,
  passes: 1,
  flaky: 2,
  "already-broken": 3,
  fixes: 4,
  slows: 5,
  heavier: 6,
  "learns-worse": 7,
  breaks: 8,
};

/** One upstream change and its effect on every project. */
export interface UpstreamRow {
  package: string;
  /** A version, or a commit SHA (a pull request's: its head). */
  ref: string;
  kind: "release" | "commit" | "pull-request";
  title: string | null;
  pr: number | null;
  url: string | null;
  /** When a project first met it (ISO date). */
  first: string;
  effects: Record<string, UpstreamEffect>;
}
