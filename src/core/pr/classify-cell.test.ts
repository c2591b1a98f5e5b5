import { describe, expect, it } from "vitest";
import type { ResultRecord } from "../results/result-record.js";
import { classifyCell, needsRerun } from "./classify-cell.js";
import { DEFAULT_PR_THRESHOLDS } from "./pr-thresholds.js";

/** A result of job `smoke`: status, loss curve end, steps per second, peak memory. */
function result(
  status: ResultRecord["status"],
  numbers: { loss?: number; stepsPerS?: number; peak?: number } = {},
): ResultRecord {
  const failing = !["pass", "flaky"].includes(status);
  return {
    variant: "pr-head",
    job: "smoke",
    status,
    installed: {},
    seconds: 4,
    attempts: status === "install-error" ? 0 : 1,
    metrics: {
      steps: [
        { step: 0, loss: 2 },
        { step: 1, loss: numbers.loss ?? 1 },
      ],
      summary: {
        ...(numbers.stepsPerS !== undefined && { train_steps_per_second: numbers.stepsPerS }),
        ...(numbers.peak !== undefined && { peak_memory_mb: numbers.peak }),
      },
    },
    failure: failing
      ? {
          kind: "exception",
          signature: `${status}: TypeError`,
          excerpt: "uv: no solution for fakeformers",
          blame: null,
        }
      : null,
  };
}

describe("classifyCell", () => {
  it.each([
    ["base passes, head fails, re-run fails", result("pass"), result("fail"), result("fail"), "regressed"],
    ["base passes, head fails, re-run passes", result("pass"), result("fail"), result("pass"), "flaky"],
    ["base fails, head passes", result("fail"), result("pass"), null, "fixed"],
    ["both fail", result("fail"), result("timeout"), null, "broken-both"],
    ["head cannot be installed", result("pass"), result("install-error"), null, "head-build-failed"],
    ["the resolver refuses the head", result("fail"), result("unsatisfiable"), null, "head-build-failed"],
    ["neither can be installed", result("install-error"), result("install-error"), null, "broken-both"],
    ["a side could not be tried", result("pass"), result("infra-error"), null, "infra-error"],
    ["flaky head passes on a retry of the job", result("pass"), result("flaky"), null, "passes-both"],
  ])("%s", (_, base, head, rerun, verdict) => {
    expect(classifyCell(base, head, rerun, DEFAULT_PR_THRESHOLDS).verdict).toBe(verdict);
  });

  it.each([
    ["30 % slower per step", { stepsPerS: 10 }, { stepsPerS: 10 / 1.3 }, "slower"],
    ["8 % slower is within 10 %", { stepsPerS: 10 }, { stepsPerS: 10 / 1.08 }, "passes-both"],
    ["6 % more peak memory", { peak: 1000 }, { peak: 1060 }, "heavier"],
    ["final loss 0.05 higher", { loss: 1 }, { loss: 1.05 }, "learns-worse"],
    ["final loss lower is no drift", { loss: 1 }, { loss: 0.5 }, "passes-both"],
    ["faster is no drift", { stepsPerS: 10 }, { stepsPerS: 20 }, "passes-both"],
  ])("passes on both, %s", (_, b, h, verdict) => {
    const cell = classifyCell(result("pass", b), result("pass", h), null, DEFAULT_PR_THRESHOLDS);
    expect(cell.verdict).toBe(verdict);
  });

  it("shows both values and the change of every number past its limit, slower first", () => {
    const cell = classifyCell(
      result("pass", { stepsPerS: 4, peak: 1000, loss: 1 }),
      result("pass", { stepsPerS: 2, peak: 2000, loss: 1.5 }),
      null,
      DEFAULT_PR_THRESHOLDS,
    );
    expect(cell.drifts.map((d) => [d.what, d.base, d.head, d.change])).toEqual([
      ["slower", 0.25, 0.5, 1],
      ["heavier", 1000, 2000, 1],
      ["learns-worse", 1, 1.5, 0.5],
    ]);
  });

  it("keeps the resolver's words for an unbuildable head", () => {
    const cell = classifyCell(result("pass"), result("unsatisfiable"), null, DEFAULT_PR_THRESHOLDS);
    expect(cell.reason).toBe("uv: no solution for fakeformers");
  });

  it.each([
    ["pass", "fail", true],
    ["pass", "timeout", true],
    ["pass", "install-error", false],
    ["pass", "infra-error", false],
    ["fail", "fail", false],
    ["pass", "pass", false],
  ] as const)("base %s, head %s: re-run %s", (b, h, expected) => {
    expect(needsRerun(result(b), result(h))).toBe(expected);
  });
});
