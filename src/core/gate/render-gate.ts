/**
 * The gate as Markdown: the verdict, a variants x jobs table, the breakages with culprit, first
 * bad ref and issue link, and the `expected:` entries that want editing. Every status has a
 * symbol and its word, so the table reads without colour (and in a plain-text log).
 */

import { coverageOf, describeCoverage } from "./coverage.js";
import type { GateDecision, GateFinding } from "./decide-gate.js";
import { cellsOf, type GateSummary } from "./gate-summary.js";

/** The symbol of each status; `missing` is a pinned job with no result. */
export const STATUS_SYMBOLS: Record<string, string> = {
  pass: "✅",
  fail: "❌",
  flaky: "⚠️",
  timeout: "🕒",
  "install-error": "📦",
  unsatisfiable: "🚫",
  "infra-error": "☁️",
  "stale-upstream": "🕰️",
  missing: "❔",
};

/** A status with its symbol: `❌ fail`. */
export function statusText(status: string): string {
  return `${STATUS_SYMBOLS[status] ?? "•"} ${status}`;
}

/** The whole Markdown of the gate for one night. */
export function renderGate(summary: GateSummary, decision: GateDecision): string {
  const head = decision.blocked
    ? `## ❌ Release blocked${summary.run ? ` (${summary.run})` : ""}`
    : `## ✅ Release gate passes${summary.run ? ` (${summary.run})` : ""}`;
  const coverage = coverageOf(cellsOf(summary));
  const partial = coverage.tried < coverage.planned ? ": the others could not be installed or reached" : "";
  const lines = [head, "", `${describeCoverage(coverage)}${partial}.`, ""];
  for (const reason of decision.reasons) lines.push(`- ${escapeCell(reason)}`);
  if (decision.reasons.length > 0) lines.push("");
  lines.push(...renderGrid(summary, decision), "");
  const breakages = [...decision.blockers, ...decision.warnings, ...decision.expected].filter(
    (f) => f.kind === "broken" || f.kind === "unsatisfiable",
  );
  if (breakages.length > 0) lines.push(...renderBreakages(breakages, decision), "");
  const { expired, stale } = decision.entries;
  if (expired.length + stale.length > 0) {
    lines.push("### Expected failures to edit", "");
    for (const e of expired) {
      lines.push(
        `- ⏰ \`expected[${e.entry}]\` (${e.package ?? e.fingerprint} / ${e.job}) expired after ${e.until}: it covers nothing any more; fix the breakage, or extend \`until\``,
      );
    }
    for (const e of stale) {
      lines.push(
        `- 🧹 \`expected[${e.entry}]\` (${e.package ?? e.fingerprint} / ${e.job}) matched nothing tonight: the breakage is gone; remove the entry`,
      );
    }
    lines.push("");
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

/** Rows are variants, columns jobs, in the order the night ran them. */
function renderGrid(summary: GateSummary, decision: GateDecision): string[] {
  const cells = cellsOf(summary);
  const variants = [...new Set(cells.map((c) => c.variant))];
  const jobs = [...new Set(cells.map((c) => c.job))];
  const missing = decision.blockers.filter((f) => f.kind === "missing");
  for (const f of missing) {
    if (!variants.includes("pinned")) variants.unshift("pinned");
    if (!jobs.includes(f.job)) jobs.push(f.job);
  }
  const findings = new Map(
    [...decision.blockers, ...decision.warnings, ...decision.expected].map((f) => [
      `${f.variant}\0${f.job}`,
      f,
    ]),
  );
  const rows = variants.map((variant) => {
    const texts = jobs.map((job) => {
      const finding = findings.get(`${variant}\0${job}`);
      const status = cells.find((c) => c.variant === variant && c.job === job)?.status ?? finding?.status;
      if (status === undefined) return "—";
      return escapeCell(`${statusText(status)}${finding ? noteOf(finding, decision) : ""}`);
    });
    return `| ${variant} | ${texts.join(" | ")} |`;
  });
  return [`| variant | ${jobs.join(" | ")} |`, `| --- |${" --- |".repeat(jobs.length)}`, ...rows];
}

/** What a cell adds to its status: the culprit, and whether it blocks or is expected. */
function noteOf(f: GateFinding, decision: GateDecision): string {
  if (f.expected) return ` (expected: ${f.expected.reason})`;
  const who = f.culprits.length > 0 ? `: ${f.culprits.join(" + ")}` : "";
  return `${who}${decision.blockers.includes(f) && f.status !== "missing" ? " (blocks)" : ""}`;
}

function renderBreakages(findings: GateFinding[], decision: GateDecision): string[] {
  const rows = findings.map((f) => {
    const gate = decision.blockers.includes(f) ? "blocks" : f.expected ? "expected" : "warns";
    const culprit = f.culprits.length > 0 ? f.culprits.join(" + ") : "unknown";
    const detail = f.expected
      ? `expected: ${f.expected.reason} (until ${f.expected.until})`
      : (f.signature ?? "");
    const note = detail.split("\n")[0]?.slice(0, 160) ?? "";
    const issue = f.expected?.link ? `[issue](${f.expected.link})` : "—";
    const cells = [gate, f.variant, f.job, statusText(f.status), culprit, f.first_bad ?? "—", issue, note];
    return `| ${cells.map(escapeCell).join(" | ")} |`;
  });
  return [
    "### Breakages",
    "",
    "| gate | variant | job | status | culprit | first bad | issue | detail |",
    "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ...rows,
  ];
}

/** Text that cannot break a table row: no pipes, no line breaks. */
export function escapeCell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}
