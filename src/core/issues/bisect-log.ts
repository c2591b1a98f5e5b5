/**
 * The bisect's log for an issue, collapsed: one row per step (ref, verdict, reason and detail,
 * seconds). A long log keeps its first and last steps and says how many were cut, so the body
 * stays within GitHub's limit.
 */
import type { BisectRecord } from "./issue-records.js";
import { countOf, table, tableCell } from "./markdown.js";

const HEADER = ["ref", "verdict", "reason / detail", "seconds"];

/** One step as a table row. */
function rowOf(step: BisectRecord["log"][number], kind: BisectRecord["kind"]): string[] {
  const ref = kind === "commits" ? step.ref.slice(0, 12) : step.ref;
  const why = [step.reason, step.detail].filter((s): s is string => !!s).join(": ");
  const seconds = typeof step.seconds === "number" ? step.seconds.toFixed(1) : "-";
  return [tableCell(ref), step.verdict, tableCell(why), seconds];
}

/** How long a bisect was: `8 steps in 7 rounds over 64 candidates`. */
export function bisectSizeOf(record: BisectRecord): string {
  const rounds = record.rounds !== undefined ? ` in ${countOf(record.rounds, "round")}` : "";
  const over = record.candidates !== undefined ? ` over ${countOf(record.candidates, "candidate")}` : "";
  return `${countOf(record.steps ?? record.log.length, "step")}${rounds}${over}`;
}

/** What the collapsed block says it holds. */
function summaryOf(record: BisectRecord): string {
  return `Bisect log of ${record.package}: ${bisectSizeOf(record)}`;
}

/** The rows, with the middle ones replaced by a note when there are more than `keep`. */
function keptRows(rows: string[][], keep: number): string[][] {
  if (rows.length <= keep) return rows;
  const head = Math.ceil(keep / 3);
  const tail = keep - head;
  const cut = rows.length - keep;
  const note = ["…", "…", `${cut} steps cut to fit GitHub's limit`, "…"];
  return [...rows.slice(0, head), note, ...rows.slice(rows.length - tail)];
}

/**
 * The log in a `<details>` block, at most `maxChars` long when it can be (a shorter table drops
 * middle steps first); an empty string for a record without steps.
 */
export function bisectLogSection(record: BisectRecord | null, maxChars = Number.POSITIVE_INFINITY): string {
  if (!record || record.log.length === 0) return "";
  const rows = record.log.map((step) => rowOf(step, record.kind));
  const render = (keep: number) =>
    [
      `<details><summary>${summaryOf(record)}</summary>`,
      "",
      table(HEADER, keptRows(rows, keep)),
      "",
      "</details>",
    ].join("\n");
  for (let keep = rows.length; keep > 2; keep = Math.min(keep - 1, Math.floor(keep * 0.8))) {
    const text = render(keep);
    if (text.length <= maxChars) return text;
  }
  return render(2);
}
