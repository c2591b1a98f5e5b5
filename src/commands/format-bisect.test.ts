import { describe, expect, it } from "vitest";
import { type BisectText, formatBisect, formatNightBisect } from "./format-bisect.js";

const SHA = "0123456789abcdef0123456789abcdef01234567";
const record = (over: Partial<BisectText>): BisectText => ({
  status: "found",
  package: "peft",
  kind: "commits",
  candidates: 40,
  steps: 7,
  rounds: 4,
  first_bad: {
    ref: SHA,
    title: "Remove LoraConfig alias",
    pr: 2101,
    url: "https://github.com/huggingface/peft/pull/2101",
  },
  last_good: { ref: "fedcba9876543210fedcba9876543210fedcba98" },
  log: [
    { ref: "good", verdict: "good", signature: null },
    { ref: SHA, verdict: "bad", signature: "ImportError: cannot import name 'LoraConfig' @ train.py:main" },
    { ref: "aaaaaaaaaaaaaaaa", verdict: "skip", reason: "untestable", detail: "build failed: no setup.py" },
  ],
  ...over,
});

describe("formatBisect", () => {
  it("names the culprit's title, PR and URL, the signature, and the skipped", () => {
    expect(formatBisect(record({})).split("\n")).toEqual([
      "bisect peft (commits, 40 candidates): found",
      "  first bad 0123456789ab: Remove LoraConfig alias (#2101)",
      "  https://github.com/huggingface/peft/pull/2101",
      "  signature: ImportError: cannot import name 'LoraConfig' @ train.py:main",
      "  last good fedcba987654; 7 steps in 4 rounds",
      "  skipped aaaaaaaaaaaa: build failed: no setup.py",
    ]);
  });

  it("says where the endpoints' verdicts came from", () => {
    const ends = { good: { source: null }, bad: { source: "night" } };
    expect(formatBisect(record({ endpoints: ends })).split("\n")[4]).toBe(
      "  last good fedcba987654; 7 steps in 4 rounds; bad end from the night, good end not needed",
    );
  });

  it.each([
    [[SHA], "  suspects: 1 commit touching LoraConfig, tried first; the first bad is one"],
    [["a", "b"], "  suspects: 2 commits touching LoraConfig, tried first; none is the first bad"],
  ])("says whether the suspects %j held the first bad", (refs, line) => {
    expect(formatBisect(record({ suspects: { clues: ["LoraConfig"], refs } })).split("\n")[4]).toBe(line);
    expect(formatBisect(record({ suspects: { clues: ["LoraConfig"], refs: [] } }))).not.toContain("suspects");
  });

  it.each([
    [
      "a title that already names the PR",
      {
        first_bad: { ref: "4.48.0", title: "v4.48.0 (#35000)", pr: 35000, url: null },
        kind: "releases" as const,
      },
      "  first bad 4.48.0: v4.48.0 (#35000)",
    ],
    [
      "no culprit",
      { status: "not-reproduced", reason: "the bad endpoint passes", first_bad: null },
      "  no first bad ref: the bad endpoint passes",
    ],
  ])("%s", (_what, over, line) => {
    expect(formatBisect(record(over)).split("\n")[1]).toBe(line);
  });
});

describe("formatNightBisect", () => {
  it.each([
    [
      "a commit with its PR and link",
      {
        package: "peft",
        job: "lora",
        status: "found",
        first_bad: SHA,
        title: "Remove alias",
        pr: 7,
        url: "https://github.com/o/peft/pull/7",
      },
      "  bisect peft / lora: found, first bad 0123456789ab Remove alias (#7)\n    https://github.com/o/peft/pull/7",
    ],
    [
      "a release of an interaction, no link",
      {
        package: "trl",
        job: "sft",
        status: "found",
        first_bad: "0.12.0",
        title: "v0.12.0",
        with: ["transformers"],
      },
      "  bisect trl (with transformers moved) / sft: found, first bad 0.12.0 v0.12.0",
    ],
    [
      "no culprit",
      { package: "peft", job: "lora", status: "not run: x", first_bad: null, title: null },
      "  bisect peft / lora: not run: x",
    ],
    [
      "a bisect that ended without a first bad ref, with its reason",
      {
        package: "peft",
        job: "lora",
        status: "not-reproduced",
        reason: "0.2 fails too: the breakage is older than the range",
        first_bad: null,
        title: null,
      },
      "  bisect peft / lora: not-reproduced: 0.2 fails too: the breakage is older than the range",
    ],
  ])("%s", (_what, b, text) => {
    expect(formatNightBisect(b)).toBe(text);
  });
});
