/**
 * The support matrix: knob combinations x variants, from a run's results. It answers which
 * combination works with the pins, with the newest releases and with upstream main; refused
 * combinations are rows too, so the table shows what the wrapper does not offer and why.
 */
import type { KnobPlanInput } from "./explain-knobs.js";
import type { KnobCombination, KnobVerdictKind } from "./model.js";

/** A result as the support matrix reads it. */
export interface SupportInput {
  variant: string;
  status: string;
  knob?: { job: string; id: string } | undefined;
}

/** One row: a combination, the wrapper's verdict, and its status under each variant. */
export interface SupportRow {
  job: string;
  id: string;
  knobs: KnobCombination;
  verdict: KnobVerdictKind;
  reasons: string[];
  /** variant -> result status; `refused` for a combination the wrapper refuses. */
  cells: Record<string, string>;
}

/** `summary.json`'s `support`: the variants (columns, in run order) and one row per combination. */
export interface SupportMatrix {
  variants: string[];
  rows: SupportRow[];
}

/** Builds the support matrix of a run; empty when no job has knobs. */
export function buildSupportMatrix(judged: KnobPlanInput[], results: SupportInput[]): SupportMatrix {
  const knobResults = results.filter((r) => r.knob);
  const variants = [...new Set(knobResults.map((r) => r.variant))];
  const rows = judged.flatMap(({ job, cells }) =>
    cells.map((c) => ({
      job,
      id: c.id,
      knobs: c.knobs,
      verdict: c.verdict,
      reasons: c.reasons,
      cells: Object.fromEntries(
        c.verdict === "refuse"
          ? variants.map((v) => [v, "refused"])
          : knobResults
              .filter((r) => r.knob?.job === job && r.knob.id === c.id)
              .map((r) => [r.variant, r.status]),
      ),
    })),
  );
  return { variants, rows };
}

/** The matrix as text: one line per combination, a column per variant. */
export function formatSupportMatrix(support: SupportMatrix): string {
  if (support.rows.length === 0) return "";
  const width = Math.max(...support.rows.map((r) => `${r.job} ${r.id}`.length), 11);
  const header = `  ${"combination".padEnd(width)}  ${support.variants.map((v) => v.padEnd(12)).join(" ")}  wrapper`;
  const lines = support.rows.map((r) => {
    const cells = support.variants.map((v) => (r.cells[v] ?? "-").padEnd(12)).join(" ");
    const why = r.verdict === "ok" ? "ok" : `${r.verdict}: ${r.reasons[0] ?? ""}`.slice(0, 100);
    return `  ${`${r.job} ${r.id}`.padEnd(width)}  ${cells}  ${why}`;
  });
  return ["support matrix (knob combinations x variants)", header, ...lines].join("\n");
}
