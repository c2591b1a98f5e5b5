/**
 * Human text for results and the night's triage: what passed, what broke, and who to blame,
 * short enough to read in a CI log before breakfast.
 */

import { causeOf, cutLine } from "../core/results/explain-cause.js";
import { parseResolverReport } from "../core/results/resolver-report.js";
import type { ResultRecord } from "../core/results/result-record.js";
import { logFileOf } from "../core/runs/log-file.js";
import { describeBuildCause } from "../core/triage/source-build-cause.js";
import type { TriageSummary } from "../core/triage/triage-run.js";

/**
 * One line per cell: status, time, loss first -> last and, for a failing cell, its cause (the
 * exception line, the resolver's explanation, the unreachable host) with the log's path under it.
 */
export function formatResults(runDir: string, results: ResultRecord[]): string {
  const lines = results.map((r) => {
    const steps = r.metrics.steps;
    const first = steps[0]?.loss;
    const last = steps[steps.length - 1]?.loss;
    const loss =
      typeof first === "number"
        ? `, loss ${first.toFixed(3)} -> ${typeof last === "number" ? last.toFixed(3) : "NaN"}`
        : "";
    const head = `  ${r.variant} / ${r.job}: ${r.status} (${r.seconds.toFixed(1)}s${loss})`;
    const cause = causeOf(r);
    if (!cause) return head;
    const log = logPathOf(runDir, r);
    return `${head}: ${cutLine(cause, Math.max(60, 198 - head.length))}${log ? `\n      log: ${log}` : ""}`;
  });
  return [`results in ${runDir}`, ...lines].join("\n");
}

/** Where a cell's output is, under `runDir` (see core/runs/log-file.ts); null when it has none. */
export function logPathOf(runDir: string, r: ResultRecord): string | null {
  const file = logFileOf(r);
  return file ? `${runDir}/${file}` : null;
}

/** The verdict: blocked or not, then regressions with their culprit packages. */
export function formatTriage(summary: TriageSummary): string {
  const lines = [
    summary.blocked ? "RELEASE BLOCKED: the pinned requirements fail" : "release gate: pinned passes",
  ];
  // The gate says why it blocks: each blocker with its cause, as the results list shows it.
  for (const b of summary.blockers) {
    const cause = causeOf(b);
    lines.push(`  blocker ${b.variant} / ${b.job}: ${b.status}${cause ? `: ${cutLine(cause, 160)}` : ""}`);
  }
  for (const r of summary.regressions) {
    if (r.evidence === "build") {
      lines.push(
        `  source build ${r.variant} / ${r.job}: ${describeBuildCause(r.culprit ?? "the package", undefined)}`,
      );
      continue;
    }
    // An interaction names its packages together: "culprits transformers + peft (interaction)".
    const who = r.culprits.length > 1 ? `culprits ${r.culprits.join(" + ")}` : `culprit ${r.culprit}`;
    const culprit = r.culprits.length > 0 ? `${who} (${r.evidence})` : "culprit unknown";
    // A breakage the matrix file's `expected:` names is shown, with why, but alerts no one.
    const expected = (r as { expected?: { reason: string } }).expected;
    const note = expected ? ` (expected: ${expected.reason})` : "";
    lines.push(`  upstream regression ${r.variant} / ${r.job}: ${r.status}, ${culprit}${note}`);
  }
  for (const u of summary.unsatisfiable) {
    // The resolver's deepest reason, read by its one parser (a wrapped first line would cut it).
    const why = causeOf({ status: "unsatisfiable", failure: { signature: "", excerpt: u.explanation } });
    const culprit = u.culprits.length > 0 ? `culprit ${u.culprits.join(" + ")}: ` : "";
    const companion = u.companion
      ? `; companion ${u.companion.variant}: ${u.companion.status}`
      : "; no companion variant";
    lines.push(`  unsatisfiable ${u.variant} / ${u.job}: ${culprit}${cutLine(why, 160)}${companion}`);
    // The user's own pins the report names, often in a later sentence than the deepest reason.
    const required = parseResolverReport(u.explanation)?.required ?? [];
    if (required.length > 0) lines.push(`    you require ${cutLine(required.join(", "), 160)}`);
  }
  if (summary.flaky.length > 0)
    lines.push(`  flaky: ${summary.flaky.map((f) => `${f.variant} / ${f.job}`).join(", ")}`);
  if (summary.infra.length > 0) lines.push(`  not run (infra-error): ${listByVariant(summary.infra)}`);
  // One package kept a variant from being built; the others were still tested together.
  for (const l of summary.left_out ?? [])
    lines.push(
      `  ${l.variant}: ${l.packages.join(", ")} left out (${cutLine(l.reason, 120)}); the others tested as ${l.as}`,
    );
  // Never a pass: the upstream installed is older than the pin, so nothing new was tested.
  for (const s of summary.stale ?? [])
    lines.push(`  stale upstream ${s.variant} / ${s.job}: ${cutLine(causeOf(s), 160)}`);
  return lines.join("\n");
}

/** Cells grouped under their variant, each variant named once: `upstream-all (lora, qlora)`. */
function listByVariant(cells: Array<{ variant: string; job: string }>): string {
  const jobs = new Map<string, string[]>();
  for (const c of cells) jobs.set(c.variant, [...(jobs.get(c.variant) ?? []), c.job]);
  return [...jobs].map(([variant, names]) => `${variant} (${names.join(", ")})`).join(", ");
}
