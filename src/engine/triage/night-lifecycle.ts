/**
 * Tonight's regressions read against the history: each gets its lifecycle (`new` only the first
 * night it is red, `ongoing` with since when and nights red, `reappeared` after a fix), so the
 * summary, the drafts and the digest say which breakages are news. Reads the history, writes
 * nothing: the night is recorded at its end, with its bisects and issues.
 */
import { resolve } from "node:path";
import type { RunLayout } from "../../adapters/run-folder.js";
import { lifecyclesOf } from "../../core/history/breakage-lifecycle.js";
import { mergeHistories } from "../../core/history/merge-histories.js";
import { readHistory } from "../report/history-store.js";
import { readRunNight } from "./read-run-night.js";

/** Where a breakage stands tonight, as the summary records it on a regression. */
export interface NightLifecycle {
  state: string;
  first_seen: string;
  since: string;
  nights_red: number;
}

/** The lifecycle of each fingerprint red in the run at `layout` (its summary must be written). */
export async function readNightLifecycles(
  reports: string,
  layout: RunLayout,
): Promise<Map<string, NightLifecycle>> {
  const history = await readHistory(resolve(reports, "history"));
  const tonight = await readRunNight(layout);
  // Nights after tonight (a re-run of an old folder) must not decide tonight's state.
  const all = mergeHistories(history.nights, [tonight]);
  const nights = all.slice(0, all.findIndex((n) => n.run === tonight.run) + 1);
  const out = new Map<string, NightLifecycle>();
  for (const life of lifecyclesOf(nights))
    if (life.last_seen === tonight.run)
      out.set(life.fingerprint, {
        state: life.state,
        first_seen: life.first_seen,
        since: life.since,
        nights_red: life.nights_red,
      });
  return out;
}
