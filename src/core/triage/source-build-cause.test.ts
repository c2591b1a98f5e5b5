import { describe, expect, it } from "vitest";
import { type BuildCauseRecord, isSourceBuildCause } from "./source-build-cause.js";

const SIG = "signal SIGILL @ __init__.py:<module>";
const record = (over: Partial<BuildCauseRecord>): BuildCauseRecord => ({
  status: "not-reproduced",
  kind: "commits",
  good: "aaa",
  bad: "fff",
  log: [
    { ref: "fff", verdict: "bad", signature: SIG },
    { ref: "aaa", verdict: "bad", signature: SIG },
  ],
  ...over,
});

describe("isSourceBuildCause", () => {
  it.each<[string, BuildCauseRecord, boolean]>([
    ["the pinned release from source fails like main", record({}), true],
    [
      "the good end fails differently",
      record({
        log: [
          { ref: "fff", verdict: "bad", signature: SIG },
          { ref: "aaa", verdict: "skip", signature: "ImportError: x" },
        ],
      }),
      false,
    ],
    [
      "the good end passes (a bisect that found a commit)",
      record({ status: "found", log: [{ ref: "aaa", verdict: "good", signature: null }] }),
      false,
    ],
    ["a release bisect (wheels, not source builds)", record({ kind: "releases" }), false],
    ["a bad end that passes", record({ log: [{ ref: "fff", verdict: "good", signature: null }] }), false],
  ])("%s -> %s", (_what, r, build) => {
    expect(isSourceBuildCause(r)).toBe(build);
  });
});
