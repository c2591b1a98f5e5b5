import { describe, expect, it } from "vitest";
import { firstBadSection, whatBrokeSection } from "./draft-sections.js";
import { bisectRecord, draftInput, SHA_BAD, SHA_GOOD } from "./fixtures/draft-input.js";

const interaction = {
  ...draftInput(),
  regression: {
    ...draftInput().regression,
    variant: "latest-all",
    culprits: ["transformers", "peft"],
    evidence: "interaction",
    cleared: ["accelerate"],
    bisect: {
      package: "transformers",
      job: "lora-smoke",
      variant: "latest-all",
      status: "found",
      first_bad: "4.48.0",
      title: "transformers 4.48.0",
      with: ["peft"],
    },
  },
  variant: {
    name: "latest-all",
    kind: "latest" as const,
    moves: ["transformers", "peft", "accelerate"],
    packages: {
      transformers: { source: "latest" as const, version: "4.48.0" },
      peft: { source: "latest" as const, version: "0.14.0" },
      accelerate: { source: "latest" as const, version: "1.3.0" },
    },
  },
  bisect: bisectRecord({
    kind: "releases",
    first_bad: { ref: "4.48.0", title: "transformers 4.48.0", author: null, date: null, pr: null, url: null },
    last_good: { ref: "4.47.1" },
  }),
};

describe("whatBrokeSection", () => {
  it.each([
    [
      "one culprit",
      draftInput(),
      [
        "- **Culprit**: `transformers` `transformers==4.47.1` → `main@cccccccccccc`: the only package this variant moves",
        "- **Status**: `fail` (exception), 1 attempt",
        "- **Metrics**: 1 step, loss 5.76 → 5.76; peak memory 812 MB",
      ],
    ],
    [
      "an interaction",
      interaction,
      [
        "- **Culprits**: `transformers` `transformers==4.47.1` → `4.48.0` and `peft` `peft==0.13.2` → `0.14.0`: they break it only together",
        "- **Cleared**: `accelerate` moved too, but are not needed to fail",
      ],
    ],
    [
      "no culprit",
      {
        ...draftInput(),
        regression: { ...draftInput().regression, culprits: [], culprit: null, evidence: "none" },
      },
      ["- **Culprit**: unknown (no single package could be blamed); the variant moves `transformers`"],
    ],
    [
      "other cells",
      {
        ...draftInput(),
        alsoIn: [
          { variant: "upstream-all", job: "lora-smoke" },
          { variant: "x", job: "qlora" },
        ],
      },
      ["- **Also fails the same way in**: `upstream-all`, `x/qlora`"],
    ],
  ])("%s", (_what, input, lines) => {
    const section = whatBrokeSection(input);
    for (const line of lines) expect(section).toContain(line);
  });
});

describe("firstBadSection", () => {
  it.each([
    [
      "a commit with its PR and compare view",
      draftInput(),
      [
        "## First bad commit",
        `- **First bad commit**: [\`bbbbbbbbbbbb\`](https://github.com/huggingface/transformers/commit/${SHA_BAD})`,
        `- **Last good commit**: \`${SHA_GOOD}\``,
        "- **Title**: `Rename tokenizer to processing_class (#35000)`",
        "- **Author**: `Jane Doe` on `2024-12-01T10:00:00Z`",
        "- **Pull request**: https://github.com/huggingface/transformers/pull/35000",
        `- **Compare**: https://github.com/huggingface/transformers/compare/${SHA_GOOD}...${SHA_BAD}`,
        "- **Bisect**: 8 steps in 7 rounds over 64 candidates",
      ],
    ],
    [
      "an interaction's release",
      interaction,
      [
        "## First bad release",
        "Bisected `transformers` with `peft` held at `latest-all`'s versions.",
        "- **First bad release**: `transformers` **`4.48.0`**",
        "- **Last good release**: `4.47.1`",
        "- **Release page**: https://pypi.org/project/transformers/4.48.0/",
      ],
    ],
    [
      "a flaky bisect",
      {
        ...draftInput(),
        bisect: bisectRecord({ status: "flaky", reason: "bad endpoint flips", first_bad: null }),
      },
      ["Bisect status: `flaky`: bad endpoint flips."],
    ],
    [
      "an ambiguous bisect",
      {
        ...draftInput(),
        bisect: bisectRecord({ status: "ambiguous", ambiguous: ["d".repeat(40), SHA_BAD] }),
      },
      [
        "Ambiguous: the first bad commit is one of `dddddddddddd`, `bbbbbbbbbbbb`; the others could not be tested.",
      ],
    ],
    [
      "a bisect that could not start",
      {
        ...draftInput(),
        bisect: null,
        regression: {
          ...draftInput().regression,
          bisect: {
            package: "transformers",
            job: "lora-smoke",
            variant: "v",
            status: "not run: no pin",
            first_bad: null,
            title: null,
          },
        },
      },
      ["## First bad release or commit", "Bisect of `transformers`: `not run: no pin`."],
    ],
    [
      "no culprit",
      {
        ...draftInput(),
        bisect: null,
        regression: { ...draftInput().regression, culprits: [], culprit: null, bisect: undefined },
      },
      ["Not bisected: no culprit package was identified."],
    ],
    [
      "no bisect of the culprit",
      { ...draftInput(), bisect: null, regression: { ...draftInput().regression, bisect: undefined } },
      ["Not bisected: no bisect of `transformers` ran for this job tonight."],
    ],
    [
      "a PR number without a GitHub repository, never a bare #N",
      {
        ...draftInput(),
        variant: { ...draftInput().variant, packages: {} },
        bisect: bisectRecord({
          first_bad: { ref: SHA_BAD, title: "Fix (#35000)", author: null, date: null, pr: 35000, url: null },
        }),
      },
      ["- **Pull request**: `#35000` of `transformers`", `- **First bad commit**: \`${SHA_BAD}\``],
    ],
  ])("%s", (_what, input, lines) => {
    const section = firstBadSection(input);
    for (const line of lines) expect(section).toContain(line);
    expect(section).not.toMatch(/(^|\s)#\d/);
  });
});
