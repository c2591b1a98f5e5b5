import { describe, expect, it } from "vitest";
import type { ResultRecord } from "../results/result-record.js";
import { classifyCell } from "./classify-cell.js";
import { confirmDrifts, judgePrCells, needsRemeasure } from "./confirm-drifts.js";
import { DEFAULT_PR_THRESHOLDS } from "./pr-thresholds.js";

const limits = DEFAULT_PR_THRESHOLDS;

/** A passing (or failing) result of job `smoke` with its time per step and peak memory. */
function result(
  variant: "pr-base" | "pr-head",
  secondsPerStep: number,
  peak = 1000,
  status: ResultRecord["status"] = "pass",
): ResultRecord {
  return {
    variant,
    job: "smoke",
    status,
    installed: {},
    seconds: 4,
    attempts: 1,
    metrics: {
      steps: [{ step: 0, loss: 1 }],
      summary: { seconds_per_step: secondsPerStep, peak_memory_mb: peak },
    },
    failure: null,
  };
}

const first = (base: ResultRecord, head: ResultRecord) => classifyCell(base, head, null, limits);

describe("confirmDrifts", () => {
  it("a harmless head slowed by a loaded machine once: noise, passes on both", () => {
    const cell = first(result("pr-base", 0.05), result("pr-head", 0.0875));
    expect(cell.verdict).toBe("slower");
    expect(needsRemeasure(cell)).toBe(true);
    const judged = confirmDrifts(
      cell,
      { base: result("pr-base", 0.051), head: result("pr-head", 0.05) },
      limits,
    );
    expect(judged.verdict).toBe("passes-both");
    expect(judged.remeasured).toBe("noise");
    expect(judged.drifts).toEqual([]);
    expect(judged.reversed?.dismissed.map((d) => [d.what, d.base, d.head])).toEqual([
      ["slower", 0.05, 0.0875],
    ]);
    expect(judged.reversed?.drifts[0]?.change).toBeCloseTo(0.05 / 0.051 - 1, 6);
  });

  it("a head 30 % slower in both orders: slower holds, both measurements kept", () => {
    const cell = first(result("pr-base", 0.05), result("pr-head", 0.065));
    const judged = confirmDrifts(
      cell,
      { base: result("pr-base", 0.05), head: result("pr-head", 0.066) },
      limits,
    );
    expect(judged.verdict).toBe("slower");
    expect(judged.remeasured).toBe("holds");
    expect(judged.drifts.map((d) => [d.base, d.head])).toEqual([[0.05, 0.065]]);
    expect(judged.reversed?.drifts.map((d) => [d.what, d.base, d.head])).toEqual([["slower", 0.05, 0.066]]);
  });

  it("only the number past its limit in both orders counts", () => {
    const cell = first(result("pr-base", 0.05, 1000), result("pr-head", 0.07, 1100));
    expect(cell.drifts.map((d) => d.what)).toEqual(["slower", "heavier"]);
    const judged = confirmDrifts(
      cell,
      { base: result("pr-base", 0.05, 1000), head: result("pr-head", 0.05, 1100) },
      limits,
    );
    expect(judged.verdict).toBe("heavier");
    expect(judged.remeasured).toBe("holds");
    expect(judged.reversed?.dismissed.map((d) => d.what)).toEqual(["slower"]);
  });

  it("a reversed run that did not pass on both sides settles nothing: the first order stands", () => {
    const cell = first(result("pr-base", 0.05), result("pr-head", 0.08));
    const judged = confirmDrifts(
      cell,
      { base: result("pr-base", 0.05), head: result("pr-head", 0.05, 1000, "timeout") },
      limits,
    );
    expect(judged.verdict).toBe("slower");
    expect(judged.remeasured).toBeNull();
    expect(judged.reversed?.head.status).toBe("timeout");
  });

  it("a cell not re-measured, or one that did not drift, is left as judged", () => {
    const drifted = first(result("pr-base", 0.05), result("pr-head", 0.08));
    expect(confirmDrifts(drifted, null, limits)).toEqual(drifted);
    const steady = first(result("pr-base", 0.05), result("pr-head", 0.05));
    expect(needsRemeasure(steady)).toBe(false);
    const again = { base: result("pr-base", 0.05), head: result("pr-head", 0.09) };
    expect(confirmDrifts(steady, again, limits)).toEqual(steady);
  });
});

describe("judgePrCells", () => {
  it("pairs each cell with its re-measure from remeasure/", () => {
    const cells = judgePrCells(
      {
        results: [result("pr-base", 0.05), result("pr-head", 0.1)],
        reruns: [],
        remeasures: [result("pr-head", 0.05), result("pr-base", 0.05)],
      },
      limits,
    );
    expect(cells.map((c) => [c.job, c.verdict, c.remeasured])).toEqual([["smoke", "passes-both", "noise"]]);
  });

  it("without re-measures (an older side job's folder) the first order stands", () => {
    const cells = judgePrCells(
      { results: [result("pr-base", 0.05), result("pr-head", 0.1)], reruns: [], remeasures: [] },
      limits,
    );
    expect(cells.map((c) => [c.verdict, c.remeasured])).toEqual([["slower", null]]);
  });
});
