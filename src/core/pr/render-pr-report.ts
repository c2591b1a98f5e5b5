/**
 * The Markdown of `matrix pr`: the report in the run folder (every cell) and the comment on the
 * upstream pull request (short: the cells that changed, the two requirement sets, how to
 * reproduce; unchanged cells counted, not listed). Text from jobs and resolvers goes only into
 * code spans and blocks (markdown.ts), so it cannot mention anyone or break the table. Pure.
 */
import { codeSpan, countOf, cutMiddle, fenceBlock, table, tableCell } from "../issues/markdown.js";
import type { CellNumbers } from "./cell-numbers.js";
import type { PrCell, PrDrift } from "./classify-cell.js";
import { changedCells, type PrReport, type PrReportCell } from "./pr-report.js";

/** The hidden line that finds this wrapper's comment again on a rerun. */
export function prCommentMarker(origin: string): string {
  return `<!-- matrix:pr-report=${origin.replace(/[^\w./-]/g, "_")} -->`;
}

const round = (n: number, digits: number) => Number(n.toFixed(digits));

const signed = (n: number) => (n >= 0 ? `+${n}` : `${n}`);

/** `0.12 s/step -> 0.16 s/step (+30 %)`, or the loss as `1.02 -> 1.10 (+0.08)`. */
export function describeDrift(d: PrDrift): string {
  if (d.what === "learns-worse")
    return `final loss ${round(d.base, 4)} -> ${round(d.head, 4)} (${signed(round(d.change, 4))})`;
  const unit = d.what === "slower" ? " s/step" : " MB";
  const digits = d.what === "slower" ? 4 : 1;
  return `${round(d.base, digits)}${unit} -> ${round(d.head, digits)}${unit} (${signed(Math.round(d.change * 100))} %, limit ${Math.round(d.limit * 100)} %)`;
}

/**
 * What the re-measure in the reversed order said: `re-measured: holds` with the numbers head then
 * base, `re-measured: noise` with the first order's drift and the same number head then base, or
 * why it settled nothing. Empty when the cell was not re-measured.
 */
export function describeRemeasure(cell: Pick<PrCell, "remeasured" | "reversed">): string {
  const r = cell.reversed;
  if (r === null) return "";
  const reversedOf = (d: PrDrift) => r.drifts.find((a) => a.what === d.what);
  const again = (ds: PrDrift[]) =>
    ds.map((d) => {
      const a = reversedOf(d);
      return a ? describeDrift(a) : `${d.what}: not reported`;
    });
  if (cell.remeasured === "holds")
    return `re-measured: holds (head then base: ${again(r.drifts).join("; ")})`;
  if (cell.remeasured === "noise")
    return `re-measured: noise (base then head: ${r.dismissed.map(describeDrift).join("; ")}; head then base: ${again(r.dismissed).join("; ")})`;
  return `re-measured: not settled (head then base: base ${r.base.status}, head ${r.head.status})`;
}

function numbers(n: CellNumbers): string {
  const parts = [
    n.finalLoss !== null ? `loss ${round(n.finalLoss, 4)}` : null,
    n.secondsPerStep !== null ? `${round(n.secondsPerStep, 4)} s/step` : null,
    n.peakMemoryMb !== null ? `${round(n.peakMemoryMb, 1)} MB` : null,
  ].filter(Boolean);
  return parts.join(", ");
}

/** What a cell's verdict means in words, with the evidence. */
function detailOf(cell: PrReportCell): string {
  const remeasure = describeRemeasure(cell);
  if (cell.drifts.length > 0)
    return [...cell.drifts.map(describeDrift), remeasure].filter(Boolean).join("; ");
  if (remeasure) return remeasure;
  if (cell.verdict === "fixed")
    return cell.fixes ? `fixes ${cell.fixes.url}` : `base failed: ${cell.base.signature ?? cell.base.status}`;
  if (cell.verdict === "flaky") return `head failed, its re-run passed: ${cell.head.signature ?? ""}`;
  if (cell.verdict === "head-build-failed" || cell.verdict === "infra-error") return cell.reason ?? "";
  if (cell.verdict === "regressed") return cell.head.signature ?? cell.head.status;
  if (cell.verdict === "broken-both") return cell.head.signature ?? cell.head.status;
  return "";
}

function row(cell: PrReportCell): string[] {
  // The full URL, never `#N`: on the upstream pull request `#N` would name upstream's issue N.
  const fix = cell.fixes ? ` (fixes ${cell.fixes.url})` : "";
  return [
    tableCell(cell.job),
    `**${cell.verdict}**${fix}`,
    tableCell(`${cell.base.status}${numbers(cell.base.numbers) ? `: ${numbers(cell.base.numbers)}` : ""}`),
    tableCell(`${cell.head.status}${numbers(cell.head.numbers) ? `: ${numbers(cell.head.numbers)}` : ""}`),
    tableCell(detailOf(cell.fixes ? { ...cell, fixes: null } : cell), 400),
    tableCell(cell.command),
  ];
}

const HEADER = ["cell", "verdict", "base", "head", "why", "command"];

function heading(report: PrReport): string {
  const what = report.pr !== null ? `pull request #${report.pr}` : codeSpan(report.head.ref);
  return `### ${report.matrix}: ${report.package} ${what}`;
}

function ends(report: PrReport): string {
  return `head ${codeSpan(report.head.sha)} against its base ${codeSpan(report.base.sha)} (merge base with ${codeSpan(report.base.branch)}), both measured in run ${codeSpan(report.run.split(/[\\/]/).pop() ?? report.run)}.`;
}

function requirementSets(report: PrReport): string {
  return [
    "Requirements at the base:",
    fenceBlock(cutMiddle(report.requirements.base, 6000)),
    "Requirements at the head:",
    fenceBlock(cutMiddle(report.requirements.head, 6000)),
    "To reproduce a cell: `python -m venv .venv && . .venv/bin/activate && pip install -r <set above>`, then its command from the project's checkout.",
  ].join("\n\n");
}

/** The report in the run folder: every cell, both requirement sets, the notes. */
export function renderPrReport(report: PrReport): string {
  const parts = [
    heading(report),
    ends(report),
    table(HEADER, report.cells.map(row)),
    requirementSets(report),
    ...(report.notes.length > 0 ? ["Notes:", report.notes.map((n) => `- ${codeSpan(n)}`).join("\n")] : []),
  ];
  return `${parts.join("\n\n")}\n`;
}

/** How many unchanged cells drifted once and were re-measured as noise, said in the comment. */
function noiseNote(report: PrReport): string {
  const noise = report.cells.filter((c) => c.remeasured === "noise").length;
  return noise === 0
    ? ""
    : ` ${countOf(noise, "cell")} drifted past a limit once and not when measured again in the reversed order (head, then base): \`re-measured: noise\`, in the run's pr.md.`;
}

/** The comment: the changed cells, unchanged ones counted, the sets folded away, the marker. */
export function renderPrComment(report: PrReport, origin: string): string {
  const changed = changedCells(report);
  const unchanged = report.cells.length - changed.length;
  const parts = [
    prCommentMarker(origin),
    heading(report),
    `${ends(report)} Smoke fine-tunes of ${codeSpan(origin)}.`,
    changed.length > 0 ? table(HEADER, changed.map(row)) : "No cell changed.",
    `${countOf(unchanged, "cell")} passed on both sides within the thresholds (not listed).${noiseNote(report)}`,
    `<details><summary>Exact requirement sets and how to reproduce</summary>\n\n${requirementSets(report)}\n\n</details>`,
  ];
  return `${parts.join("\n\n")}\n`;
}
