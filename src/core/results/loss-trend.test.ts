import { describe, expect, it } from "vitest";
import { checkExpectations } from "./check-expectations.js";
import { lossTrend } from "./loss-trend.js";

const curve = (...values: number[]) => ({
  steps: values.map((loss, i) => ({ step: i + 1, loss })),
  summary: {},
});

// Noisy curves that learn pass; flat ones fail, whatever their last step does.
describe("loss_decreases on the fitted trend", () => {
  it.each([
    // The 5-step run of the report: first-vs-last said 1.9 % (< 2 %), a false alarm.
    ["a short run that learns, its last step up", 0.02, [5.78, 5.74, 5.7, 5.643, 5.67], true],
    ["learns fast then plateaus", 0.5, [10, 2, 1, 1.1, 0.9, 1, 1.05, 0.95], true],
    ["learns with a spike in the middle", 0.1, [4, 3.8, 5.5, 3.4, 3.2, 3.1, 2.9, 2.8], true],
    ["learns slowly, every step noisy", 0.05, [3.0, 3.05, 2.9, 2.95, 2.8, 2.85, 2.75, 2.7, 2.72, 2.6], true],
    ["flat noise whose last step dips", 0.05, [3.0, 3.1, 2.95, 3.05, 3.0, 2.98, 3.04, 2.8], false],
    ["flat at zero learning (the padded dataset)", 0.01, [2.3, 2.3, 2.3, 2.3, 2.3], false],
    ["diverges slowly", 0, [3, 3.02, 2.99, 3.05, 3.08, 3.1], false],
    ["flat noise with a spike near the end", 0.05, [3.0, 3.02, 2.98, 3.01, 2.99, 3.0, 3.6, 2.9], false],
  ])("%s (loss_decreases %d) -> passes: %s", (_what, ratio, values, passes) => {
    const failures = checkExpectations({ loss_decreases: ratio }, curve(...values), 1);
    expect(failures.length === 0, failures.join("; ")).toBe(passes);
  });
});

describe("lossTrend", () => {
  it.each([
    ["one point", [2], { start: 2, end: 2, tail: 2, tailSteps: 1 }],
    ["two points are their own line", [4, 3], { start: 4, end: 3, tail: 3, tailSteps: 1 }],
    ["a straight line is itself", [4, 3, 2, 1], { start: 4, end: 1, tail: 1, tailSteps: 1 }],
    ["the tail averages the last quarter", [9, 9, 9, 9, 9, 1, 2, 3], { tail: 2.5, tailSteps: 2 }],
  ])("%s", (_what, values, want) => {
    const got = lossTrend(values.map((loss, i) => ({ step: i, loss })));
    for (const [key, value] of Object.entries(want))
      expect(got[key as keyof typeof got]).toBeCloseTo(value, 9);
  });

  it("fits on the steps as logged, gaps included", () => {
    const got = lossTrend([
      { step: 0, loss: 4 },
      { step: 10, loss: 3 },
      { step: 100, loss: 1 },
    ]);
    expect(got.start).toBeGreaterThan(got.end);
    expect(got.end).toBeCloseTo(1.0, 0);
  });
});
