import { describe, expect, it } from "vitest";
import { mirrorPathOf, redactUrls } from "./git-mirror.js";

describe("redactUrls", () => {
  it.each([
    [
      "cannot reach upstream https://x-access:ghp_secret@github.com/o/r.git (git clone: 403)",
      "cannot reach upstream https://***@github.com/o/r.git (git clone: 403)",
    ],
    // `git@` is every ssh remote's user, no secret; a reproduction's git+ssh line must keep it.
    ["ssh://git@github.com/o/r.git", "ssh://git@github.com/o/r.git"],
    ["ssh://deploy-bot@github.com/o/r.git", "ssh://***@github.com/o/r.git"],
    ["file:///tmp/up and git@github.com:o/r.git", "file:///tmp/up and git@github.com:o/r.git"],
    ["https://github.com/huggingface/peft.git", "https://github.com/huggingface/peft.git"],
  ])("%s", (text, expected) => {
    expect(redactUrls(text)).toBe(expected);
  });
});

describe("mirrorPathOf", () => {
  it("names one folder per URL under <cache>/mirrors", () => {
    const a = mirrorPathOf("https://github.com/huggingface/peft.git", "/c");
    expect(a).toMatch(/^\/c\/mirrors\/[0-9a-f]{24}$/);
    expect(mirrorPathOf("https://github.com/huggingface/peft.git", "/c")).toBe(a);
    expect(mirrorPathOf("https://github.com/huggingface/transformers.git", "/c")).not.toBe(a);
  });
});
