/**
 * Human text for results and the night's triage: what passed, what broke, and who to blame,
 * short enough to read in a CI log before breakfast.
 */
import type { ResultRecord } from "../core/results/result-record.js";
import type { TriageSummary } from "../core/triage/triage-run.js";

/** One line per cell: status, time, loss first -> last, and the failure's first words. */
export function formatResults(runDir: string, results: ResultRecord[]): string {
  const lines = results.map((r) => {
    const steps = r.metrics.steps;
    const first = steps[0]?.loss;
    const last = steps[steps.length - 1]?.loss;
    const loss =
      typeof first === "number"
        ? `, loss ${first.toFixed(3)} -> ${typeof last === "number" ? last.toFixed(3) : "NaN"}`
        : "";
    const why =
      r.failure && r.status !== "pass"
        ? `: ${r.failure.excerpt.split("\n").find((l) => l.trim()) ?? r.failure.kind}`
        : "";
    return `  ${r.variant} / ${r.job}: ${r.status} (${r.seconds.toFixed(1)}s${loss})${why.slice(0, 200)}`;
  });
  return [`results in ${runDir}`, ...lines].join("\n");
}

/** The verdict: blocked or not, then regressions with their culprit packages. */
export function formatTriage(summary: TriageSummary): string {
  const lines = [
    summary.blocked ? "RELEASE BLOCKED: the pinned requirements fail" : "release gate: pinned passes",
  ];
  for (const b of summary.blockers) lines.push(`  blocker ${b.variant} / ${b.job}: ${b.status}`);
  for (const r of summary.regressions) {
    // An interaction names its packages together: "culprits transformers + peft (interaction)".
    const who = r.culprits.length > 1 ? `culprits ${r.culprits.join(" + ")}` : `culprit ${r.culprit}`;
    const culprit = r.culprits.length > 0 ? `${who} (${r.evidence})` : "culprit unknown";
    // A breakage the matrix file's `expected:` names is shown, with why, but alerts no one.
    const expected = (r as { expected?: { reason: string } }).expected;
    const note = expected ? ` (expected: ${expected.reason})` : "";
    lines.push(`  upstream regression ${r.variant} / ${r.job}: ${r.status}, ${culprit}${note}`);
  }
  for (const u of summary.unsatisfiable) {
    const why = u.explanation.split("\n").find((l) => l.trim()) ?? "";
    const companion = u.companion
      ? `; companion ${u.companion.variant}: ${u.companion.status}`
      : "; no companion variant";
    lines.push(`  unsatisfiable ${u.variant} / ${u.job}: ${why.trim().slice(0, 160)}${companion}`);
  }
  if (summary.flaky.length > 0)
    lines.push(`  flaky: ${summary.flaky.map((f) => `${f.variant} / ${f.job}`).join(", ")}`);
  if (summary.infra.length > 0)
    lines.push(`  not run (infra-error): ${summary.infra.map((f) => f.variant).join(", ")}`);
  return lines.join("\n");
}
