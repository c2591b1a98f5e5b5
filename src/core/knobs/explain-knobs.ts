/**
 * What the plan says about knobs: the data `plan --json` gives (each job's sample, what the cap
 * left out, the refused combinations with their reasons) and the text `plan --explain` prints.
 */
import type { KnobExpansion } from "./expand-knobs.js";
import type { PlannedKnobCell } from "./knob-jobs.js";

/** One job's judged knobs, as the engine hands them over. */
export interface KnobPlanInput {
  job: string;
  expansion: KnobExpansion;
  cells: PlannedKnobCell[];
}

/** `plan --json`'s `knobs` entry of a job. */
export function describeKnobPlan(judged: KnobPlanInput[]) {
  return judged.map(({ job, expansion, cells }) => ({
    job,
    sample: expansion.sample,
    grid: expansion.gridSize,
    combinations: cells.map((c) => ({ id: c.id, knobs: c.knobs, verdict: c.verdict, reasons: c.reasons })),
    left_out: expansion.leftOut.map((c) => ({ id: c.id, knobs: c.knobs })),
    uncovered_pairs: expansion.uncoveredPairs,
  }));
}

/** `plan --json`'s `refused`: combinations the wrapper refuses, pruned from the plan. */
export function refusedOf(judged: KnobPlanInput[]) {
  return judged.flatMap((j) =>
    j.cells
      .filter((c) => c.verdict === "refuse")
      .map((c) => ({ job: j.job, id: c.id, knobs: c.knobs, reasons: c.reasons })),
  );
}

const show = (knobs: Record<string, unknown>) =>
  Object.entries(knobs)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(" ");

/** `plan --explain`: why each combination runs as written, healed, with a warning, or not at all. */
export function explainKnobs(judged: KnobPlanInput[]): string {
  const lines: string[] = [];
  for (const { job, expansion, cells } of judged) {
    const runs = cells.filter((c) => c.verdict !== "refuse").length;
    lines.push(
      `${job}: ${expansion.sample} sample, ${cells.length} of ${expansion.gridSize} combinations judged, ${runs} run`,
    );
    for (const c of cells) {
      const what = {
        ok: "runs as written",
        warn: "runs, with a warning",
        heal: "runs healed",
        refuse: "pruned",
      }[c.verdict];
      lines.push(`  ${c.id} (${show(c.knobs)}): ${what}`);
      for (const r of c.reasons) lines.push(`      ${c.verdict === "refuse" ? "refused" : c.verdict}: ${r}`);
    }
    if (expansion.leftOut.length > 0) {
      lines.push(
        `  left out by max_cells: ${expansion.leftOut.map((c) => c.id).join(", ")} (${expansion.uncoveredPairs} pairs of values untested)`,
      );
    }
  }
  return lines.join("\n");
}
