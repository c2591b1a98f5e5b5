/**
 * How much of the planned matrix a night really tried: a cell is tried when its job ran (pass,
 * fail, flaky, timeout); an install error, an unsatisfiable variant or an unreachable upstream is
 * planned and not tried. The gate summary and both dashboards say "2 of 26 cells tried", so a
 * quiet night that tried little never reads as a clean one.
 */

const TRIED = new Set(["pass", "fail", "flaky", "timeout"]);

/** Tried and planned cells of one night. */
export interface Coverage {
  tried: number;
  planned: number;
}

/** The coverage of a night's cells (each planned cell once). */
export function coverageOf(cells: ReadonlyArray<{ status: string }>): Coverage {
  return { tried: cells.filter((c) => TRIED.has(c.status)).length, planned: cells.length };
}

/** `2 of 26 cells tried`. */
export function describeCoverage(coverage: Coverage): string {
  return `${coverage.tried} of ${coverage.planned} cell${coverage.planned === 1 ? "" : "s"} tried`;
}
