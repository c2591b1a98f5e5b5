import { describe, expect, it } from "vitest";
import { parseMatrix } from "../matrix/parse-matrix.js";
import { DEFAULT_PR_THRESHOLDS, prThresholdsOf, shareOf } from "./pr-thresholds.js";

const file = (pr: string) => `name: t
project: { requirements: requirements.txt }
packages: { peft: {} }
variants: [pinned]
jobs: { smoke: { run: "true" } }
${pr}`;

describe("pr thresholds", () => {
  it.each([
    ["10%", 0.1],
    [" 2.5 % ", 0.025],
    [0.3, 0.3],
  ])("share %j is %d", (written, fraction) => {
    expect(shareOf(written)).toBeCloseTo(fraction);
  });

  it("takes the documented defaults for what the file leaves out", () => {
    expect(prThresholdsOf()).toEqual({ maxSlowdown: 0.1, maxMemoryGrowth: 0.05, maxLossDelta: 0.02 });
    expect(parseMatrix(file(""), "m.yml", "/r").pr).toEqual(DEFAULT_PR_THRESHOLDS);
  });

  it("reads a pr: block of the matrix file", () => {
    const m = parseMatrix(file("pr: { max_slowdown: 25%, max_loss_delta: 0.1 }\n"), "m.yml", "/r");
    expect(m.pr).toEqual({ maxSlowdown: 0.25, maxMemoryGrowth: 0.05, maxLossDelta: 0.1 });
  });

  it.each([
    ["pr: { max_slowdown: fast }\n", "m.yml:6:21: pr.max_slowdown: write a percentage such as 10%"],
    [
      "pr: { max_slowdwn: 10% }\n",
      'm.yml:6:7: unknown key "max_slowdwn" in pr; did you mean "max_slowdown"?',
    ],
  ])("refuses %j with its place", (text, message) => {
    expect(() => parseMatrix(file(text), "m.yml", "/r")).toThrow(message);
  });
});
