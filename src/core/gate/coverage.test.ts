import { describe, expect, it } from "vitest";
import { coverageOf, describeCoverage } from "./coverage.js";

describe("coverageOf", () => {
  it.each([
    ["every job ran", ["pass", "fail", "flaky", "timeout"], "4 of 4 cells tried"],
    [
      "installs and upstreams that failed are planned, not tried",
      ["pass", "install-error", "unsatisfiable", "infra-error"],
      "1 of 4 cells tried",
    ],
    ["one cell", ["pass"], "1 of 1 cell tried"],
    ["nothing planned", [], "0 of 0 cells tried"],
  ])("%s", (_what, statuses, text) => {
    expect(describeCoverage(coverageOf(statuses.map((status) => ({ status }))))).toBe(text);
  });
});
