import { describe, expect, it } from "vitest";
import type { Expectations } from "../matrix/model.js";
import { checkExpectations } from "./check-expectations.js";
import type { Metrics } from "./parse-metrics.js";

const losses = (...values: (number | null)[]): Metrics => ({
  steps: values.map((loss, i) => ({ step: i + 1, loss })),
  summary: {},
});

describe("checkExpectations", () => {
  it.each<[string, Expectations, Metrics, number, RegExp[]]>([
    ["nothing expected", {}, losses(), 5, []],
    ["loss went down enough", { loss_decreases: 0.1 }, losses(4, 3.5, 3.6), 5, []],
    ["loss exactly at the limit", { loss_decreases: 0.5 }, losses(4, 2), 5, []],
    [
      "loss did not go down enough",
      { loss_decreases: 0.1 },
      losses(4, 3.8),
      5,
      [
        /^loss_decreases 0.1: fitted loss 3.8 at the end > 3.6 \(4 at the start x 0.9; least squares over steps 1-2, 2 losses\)$/,
      ],
    ],
    ["loss went up", { loss_decreases: 0 }, losses(3, 3.1), 5, [/fitted loss 3.1 at the end > 3 /]],
    ["NaN loss", { loss_decreases: 0.1 }, losses(4, Number.NaN, 1), 5, [/^loss is NaN at step 2$/]],
    ["NaN read back as null", { final_loss_below: 9 }, losses(4, null), 5, [/^loss is NaN at step 2$/]],
    ["infinite loss", { final_loss_below: 9 }, losses(4, Number.POSITIVE_INFINITY), 5, [/loss is Infinity/]],
    ["no loss records", { final_loss_below: 4 }, losses(), 5, [/^no loss records/]],
    ["final loss below", { final_loss_below: 4 }, losses(5, 3.9), 5, []],
    [
      "final loss not below",
      { final_loss_below: 4 },
      losses(5, 4),
      5,
      [/^final_loss_below 4: mean of the last 1 losses 4 /],
    ],
    ["within time", { max_seconds: 10 }, losses(), 10, []],
    ["over time", { max_seconds: 10 }, losses(), 10.5, [/^max_seconds 10: took 10.5 s$/]],
  ])("%s", (_name, expectations, metrics, seconds, failures) => {
    const got = checkExpectations(expectations, metrics, seconds);
    expect(got).toHaveLength(failures.length);
    failures.forEach((pattern, i) => {
      expect(got[i]).toMatch(pattern);
    });
  });

  it.each<[string, Metrics, string[]]>([
    ["summary under budget", { steps: [], summary: { peak_memory_mb: 800 } }, []],
    [
      "summary over budget",
      { steps: [], summary: { peak_memory_mb: 1200 } },
      ["max_peak_memory_mb 1000: peak was 1200 MB"],
    ],
    [
      "a step over budget",
      { steps: [{ step: 1, peak_memory_mb: 1001 }], summary: { peak_memory_mb: 10 } },
      ["max_peak_memory_mb 1000: peak was 1001 MB"],
    ],
    ["not reported", { steps: [], summary: {} }, ["max_peak_memory_mb 1000: no peak_memory_mb reported"]],
  ])("peak memory: %s", (_name, metrics, failures) => {
    expect(checkExpectations({ max_peak_memory_mb: 1000 }, metrics, 1)).toEqual(failures);
  });

  it("reports every failed expectation", () => {
    const got = checkExpectations(
      { loss_decreases: 0.5, final_loss_below: 1, max_seconds: 1 },
      losses(4, 3),
      2,
    );
    expect(got).toHaveLength(3);
  });
});
