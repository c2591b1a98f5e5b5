/**
 * Whether a breakage not seen tonight is gone, so its issue may be closed. Conservative: only a
 * pass proves it. A cell that failed some other way may hide the breakage behind a new failure, an
 * infra error or a cell that did not run proves nothing, and an issue is never closed on silence.
 */
import type { CellOutcome, VariantMoves } from "./filing-model.js";

/** What the markers say about where the breakage was seen. */
export interface GoneQuestion {
  /** `VARIANT/JOB` of the cell; null when the issue names none. */
  cell: string | null;
  /** The culprit packages; null or empty when unknown. */
  packages: string[] | null;
}

/** The answer, with the reason a comment or a note can quote. */
export interface GoneAnswer {
  gone: boolean;
  why: string;
}

/** Splits `VARIANT/JOB` at the first slash (variant names never hold one). */
export function splitCell(cell: string): { variant: string; job: string } | null {
  const at = cell.indexOf("/");
  if (at <= 0 || at === cell.length - 1) return null;
  return { variant: cell.slice(0, at), job: cell.slice(at + 1) };
}

/**
 * Gone when the cell ran tonight and passed; or, when that cell did not run at all (its
 * variant was dropped or renamed), when the job ran and passed under every variant of tonight that
 * moves all the culprit packages, and there is at least one such variant. `variants` is null when
 * the run has no manifest, and then only the cell itself can tell.
 */
export function judgeGone(
  question: GoneQuestion,
  results: CellOutcome[],
  variants: VariantMoves[] | null,
): GoneAnswer {
  const cell = question.cell === null ? null : splitCell(question.cell);
  if (cell === null) return { gone: false, why: "the issue names no cell" };
  const statusOf = (variant: string) =>
    results.find((r) => r.variant === variant && r.job === cell.job)?.status ?? null;
  const own = statusOf(cell.variant);
  if (own !== null) {
    return own === "pass"
      ? { gone: true, why: `${question.cell} passed` }
      : { gone: false, why: `${question.cell} is ${own}, not pass` };
  }
  const packages = question.packages ?? [];
  if (packages.length === 0 || variants === null) {
    return { gone: false, why: `${question.cell} did not run and its culprit is unknown` };
  }
  const movers = variants.filter((v) => packages.every((p) => v.moves.includes(p)));
  if (movers.length === 0) {
    return { gone: false, why: `${question.cell} did not run and no variant moved ${packages.join("+")}` };
  }
  const notPassed = movers.filter((v) => statusOf(v.name) !== "pass");
  if (notPassed.length > 0) {
    const list = notPassed.map((v) => `${v.name}/${cell.job} ${statusOf(v.name) ?? "did not run"}`);
    return { gone: false, why: `${question.cell} did not run; ${list.join(", ")}` };
  }
  const names = movers.map((v) => v.name).join(", ");
  return {
    gone: true,
    why: `${cell.job} passed under every variant moving ${packages.join("+")} (${names})`,
  };
}
