import { describe, expect, it } from "vitest";
import { compareUrlOf, gitHubRepoOf, prNumberOf, pullUrlOf } from "./pr-link.js";

describe("prNumberOf", () => {
  it.each<[string, number | null]>([
    ["Fix generation (#35001)", 35001],
    ["[peft] Fix LoRA merge with bias (#2291)", 2291],
    ['Revert "Fix x (#100)" (#101)', 101],
    ["Merge pull request #1234 from someone/branch", 1234],
    ["Fix issue #12 in tokenizer", null],
    ["Bump version to 4.48.0.dev0", null],
    ["", null],
  ])("%s -> %s", (title, pr) => {
    expect(prNumberOf(title)).toBe(pr);
  });
});

describe("compareUrlOf and gitHubRepoOf", () => {
  it.each<[string, string | null]>([
    [
      "https://github.com/huggingface/transformers.git",
      "https://github.com/huggingface/transformers/compare/a1...b2",
    ],
    ["https://github.com/huggingface/peft", "https://github.com/huggingface/peft/compare/a1...b2"],
    ["https://token@github.com/o/r.git", "https://github.com/o/r/compare/a1...b2"],
    [
      "git@github.com:bitsandbytes-foundation/bitsandbytes.git",
      "https://github.com/bitsandbytes-foundation/bitsandbytes/compare/a1...b2",
    ],
    ["ssh://git@github.com/o/r.git", "https://github.com/o/r/compare/a1...b2"],
    ["https://gitlab.com/o/r.git", null],
    ["https://github.com.evil.example/o/r.git", null],
    ["file:///tmp/upstream/peft", null],
    ["/tmp/upstream/peft", null],
  ])("%s", (repo, url) => {
    expect(compareUrlOf(repo, "a1", "b2")).toBe(url);
  });

  it("names owner and repo, and builds the pull URL", () => {
    expect(gitHubRepoOf("https://github.com/huggingface/transformers.git")).toEqual({
      owner: "huggingface",
      name: "transformers",
    });
    expect(pullUrlOf("https://github.com/huggingface/transformers", 35001)).toBe(
      "https://github.com/huggingface/transformers/pull/35001",
    );
    expect(pullUrlOf("file:///x", 1)).toBeNull();
  });
});
