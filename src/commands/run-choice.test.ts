import { describe, expect, it } from "vitest";
import { layoutOf } from "../adapters/run-folder.js";
import { describeRunChoice } from "./run-choice.js";

describe("describeRunChoice", () => {
  const layout = layoutOf("/r/reports/20261202-010000-aaaa");
  it.each<[string, { skipped: string[]; pullRequests?: string[] } | null, string | null]>([
    ["nothing when --run named it", null, null],
    ["the run taken", { skipped: [] }, "matrix: using run 20261202-010000-aaaa, the newest with results"],
    [
      "and the half-made ones passed over",
      { skipped: ["20261202-020000-bbbb", "20261202-015000-cccc"] },
      "matrix: using run 20261202-010000-aaaa, the newest with results; passed over 20261202-020000-bbbb, 20261202-015000-cccc (no results: a crash or a refused command)",
    ],
    [
      "and the matrix pr runs passed over",
      { skipped: ["20261202-020000-bbbb"], pullRequests: ["20261202-030000-dddd"] },
      "matrix: using run 20261202-010000-aaaa, the newest with results; passed over 20261202-020000-bbbb (no results: a crash or a refused command); passed over 20261202-030000-dddd (matrix pr runs, no nights)",
    ],
  ])("%s", (_label, picked, expected) => {
    expect(describeRunChoice({ ...layout, picked })).toBe(expected);
  });
});
