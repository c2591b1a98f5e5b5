/**
 * The bisection search: a pure, resumable, k-ary state machine over an ordered candidate list,
 * the verdict rule that matches failure signatures, and the links a culprit report carries.
 * The command runs the smoke jobs; everything here only takes data and returns data.
 */
export * from "./bisect-state.js";
export { choosePullRequest, type PullRequestLink } from "./choose-pull-request.js";
export { nextRound, pickSplitPoints } from "./next-round.js";
export { type OpenRange, openRangeOf } from "./open-range.js";
export { compareUrlOf, type GitHubRepo, gitHubRepoOf, prNumberOf, pullUrlOf } from "./pr-link.js";
export { recordVerdicts } from "./record-verdicts.js";
export { type BisectStatus, type BisectSummary, summarizeBisect } from "./summarize-bisect.js";
export { failureSignatureOf, type Outcome, verdictOf } from "./verdict-of.js";
