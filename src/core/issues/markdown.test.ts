import { describe, expect, it } from "vitest";
import { codeSpan, countOf, cutEnd, cutMiddle, fenceBlock, tableCell } from "./markdown.js";

describe("fenceBlock", () => {
  it.each([
    ["plain text", "a\nb", "```text\na\nb\n```"],
    ["a fence inside", "x\n```py\ny\n```", "````text\nx\n```py\ny\n```\n````"],
    ["a longer fence inside", "`````", "``````text\n`````\n``````"],
    ["trailing newlines dropped", "a\n\n", "```text\na\n```"],
  ])("%s", (_what, text, expected) => {
    expect(fenceBlock(text, "text")).toBe(expected);
  });
});

describe("codeSpan and tableCell", () => {
  it.each([
    ["plain", "x == 1", "`x == 1`"],
    ["a backtick inside", "a`b", "``a`b``"],
    ["starting with a backtick", "`a", "`` `a ``"],
    ["lines joined", "a\n  b", "`a b`"],
    ["empty", "  ", ""],
  ])("codeSpan: %s", (_what, text, expected) => {
    expect(codeSpan(text)).toBe(expected);
  });

  it.each([
    ["a pipe escaped", "a | b", "`a \\| b`"],
    ["empty as a dash", "", "-"],
    ["null as a dash", null, "-"],
    ["cut", "abcdefgh", "`abcde…`"],
  ])("tableCell: %s", (_what, text, expected) => {
    expect(tableCell(text, 6)).toBe(expected);
  });
});

describe("cutting", () => {
  it("keeps a long text's head and tail at line breaks and says what was cut", () => {
    const text = Array.from({ length: 1000 }, (_, i) => `line ${i}`).join("\n");
    const cut = cutMiddle(text, 400);
    expect(cut.length).toBeLessThanOrEqual(400);
    expect(cut.startsWith("line 0\nline 1\n")).toBe(true);
    expect(cut.endsWith("line 998\nline 999")).toBe(true);
    expect(cut).toMatch(
      /\nline \d+\n\[\.\.\. [\d,]+ characters \(\d+ lines\) cut to fit GitHub's limit \.\.\.\]\nline \d+\n/,
    );
  });

  it.each([
    ["short enough", "abc", 3, "abc"],
    ["too long", "abcd", 3, "ab…"],
  ])("cutEnd: %s", (_what, text, max, expected) => {
    expect(cutEnd(text, max)).toBe(expected);
    expect(cutMiddle(text, 10)).toBe(text);
  });

  it.each([
    [1, "1 step"],
    [2, "2 steps"],
    [0, "0 steps"],
  ])("countOf(%d)", (n, expected) => {
    expect(countOf(n, "step")).toBe(expected);
  });
});
