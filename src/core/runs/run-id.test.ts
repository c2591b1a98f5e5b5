import { describe, expect, it } from "vitest";
import { isRunId, makeRunId, pickNewestRun, pickPreviousRun } from "./run-id.js";

describe("run ids", () => {
  it("formats UTC time so names sort by time", () => {
    expect(makeRunId(new Date("2026-11-28T01:53:07Z"), "a1b2")).toBe("20261128-015307-a1b2");
  });

  it.each<[string[], string | null]>([
    [["20261128-015307-a1b2", "20261127-235959-ffff", "history", "site"], "20261128-015307-a1b2"],
    [["history", "site", "README.md"], null],
    [[], null],
  ])("newest of %j is %j", (names, newest) => {
    expect(pickNewestRun(names)).toBe(newest);
  });

  it.each<[string, string | null]>([
    ["20261128-015307-a1b2", "20261127-235959-ffff"],
    ["20261127-235959-ffff", "20261126-010000-0000"],
    ["20261126-010000-0000", null],
    // A night in a folder of its own name follows every run under reports/.
    ["tonight", "20261128-015307-a1b2"],
  ])("the run before %j is %j", (current, previous) => {
    const names = ["20261126-010000-0000", "20261128-015307-a1b2", "20261127-235959-ffff", "site", "tonight"];
    expect(pickPreviousRun(names, current)).toBe(previous);
  });

  it.each([
    ["20261128-015307-a1b2", true],
    ["history", false],
    ["20261128-015307", false],
  ])("isRunId(%j) = %j", (name, ok) => {
    expect(isRunId(name)).toBe(ok);
  });
});
