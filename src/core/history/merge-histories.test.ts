import { describe, expect, it } from "vitest";
import { cell, night, runOf } from "./fixtures.js";
import { applyRetention, mergeHistories, mergeNight } from "./merge-histories.js";

describe("mergeHistories", () => {
  it("keeps every night of every machine once, oldest first", () => {
    const a = [night(1, ["pinned/lora:pass"]), night(3, ["pinned/lora:pass"])];
    const b = [night(2, ["pinned/lora:pass"]), night(3, ["pinned/lora:pass"])];
    expect(mergeHistories(a, b).map((n) => n.run)).toEqual([runOf(1), runOf(2), runOf(3)]);
  });

  it("never merges two projects' nights, even under one run id", () => {
    const a = [{ ...night(1, ["pinned/lora:pass"]), matrix: "alpha" }];
    const b = [{ ...night(1, ["pinned/lora:fail:peft-1"]), matrix: "beta" }];
    expect(mergeHistories(a, b).map((n) => [n.matrix, n.cells[0]?.status])).toEqual([
      ["alpha", "pass"],
      ["beta", "fail"],
    ]);
  });

  it("is idempotent: merging a history into itself changes nothing", () => {
    const a = [night(1, ["pinned/lora:pass", "upstream-peft/lora:fail:peft-1"])];
    expect(mergeHistories(a, a)).toEqual(a);
  });

  it.each([
    [
      "a cell only one machine ran is kept",
      ["pinned/lora:pass"],
      ["latest-all/lora:pass"],
      ["latest-all", "pinned"],
    ],
    [
      "a cell that ran beats one that could not be tried",
      ["pinned/lora:infra-error"],
      ["pinned/lora:fail:x-1"],
      ["fail"],
    ],
  ])("one night from two machines: %s", (_, left, right, expected) => {
    const merged = mergeNight(night(1, left), night(1, right));
    const seen = merged.cells.map((c) => (expected.includes(c.status) ? c.status : c.variant));
    expect(seen.sort()).toEqual(expected);
  });

  it("prefers the record that knows the bisect and the issue", () => {
    const bisect = {
      package: "peft",
      status: "found",
      kind: "releases",
      ref: "0.14.0",
      title: null,
      pr: null,
      url: null,
      with: [],
    };
    const merged = mergeNight(night(1, [cell("u/j:fail:peft-1", { bisect })]), night(1, ["u/j:fail:peft-1"]));
    expect(merged.cells[0]?.bisect?.ref).toBe("0.14.0");
  });
});

describe("applyRetention", () => {
  const nights = [1, 2, 3, 4].map((n) => night(n, []));
  it.each([
    [null, 4, 0],
    [10, 4, 0],
    [4, 4, 0],
    [2, 2, 2],
    [1, 1, 3],
  ])("keep %s: %i kept, %i dropped (the oldest)", (keep, kept, dropped) => {
    const out = applyRetention(nights, keep);
    expect(out.kept).toHaveLength(kept);
    expect(out.dropped).toHaveLength(dropped);
    if (dropped > 0) expect(out.dropped[0]).toBe(runOf(1));
    if (kept > 0) expect(out.kept.at(-1)?.run).toBe(runOf(4));
  });
});
