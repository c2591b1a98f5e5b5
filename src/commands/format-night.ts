/**
 * The human lines of the conclude stage, as `matrix nightly` and `matrix conclude` both print
 * them: the triage, the support matrix, the bisects, the drafts, the filing, the digest, the
 * history and the gate's table.
 */
import { formatSupportMatrix } from "../core/knobs/support-matrix.js";
import type { concludeNight } from "../engine/conclude/conclude-night.js";
import { formatNightBisect } from "./format-bisect.js";
import { formatTriage } from "./format-results.js";

/** What the conclude stage returned. */
export type Conclusion = Awaited<ReturnType<typeof concludeNight>>;

/** The conclusion as lines, after the cells' own lines when the caller has them. */
export function formatConclusion(outcome: Conclusion, dir: string): string[] {
  const { summary } = outcome;
  const lines = [formatTriage(summary)];
  if ("support" in summary && summary.support) lines.push(formatSupportMatrix(summary.support));
  for (const b of summary.bisects) lines.push(formatNightBisect(b));
  lines.push(`  issue drafts: ${outcome.drafts.length} in ${dir}/issues`);
  if (outcome.filing) lines.push(outcome.filing);
  lines.push(`  digest: ${outcome.digest.sent ? "sent" : (outcome.digest.reason ?? "not sent")}`);
  lines.push(outcome.history);
  lines.push(outcome.gate.markdown);
  return lines;
}
