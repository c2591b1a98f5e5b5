import { describe, expect, it } from "vitest";
import { cell, night, runOf } from "./fixtures.js";
import type { HistoryCell } from "./history-record.js";
import { type KnownBisect, knownBisectsOf, stillKnown } from "./known-bisects.js";

const RED = "upstream-peft/lora:fail:peft-1";
type Bisect = NonNullable<HistoryCell["bisect"]>;
const found: Bisect = {
  package: "peft",
  status: "found",
  kind: "commits",
  ref: "b".repeat(40),
  title: "Rename alpha (#3003)",
  pr: 3003,
  url: "https://github.com/huggingface/peft/pull/3003",
  with: [],
};
const red = (bisect: Bisect | null) => cell(RED, { bisect });

describe("knownBisectsOf: which culprits carry over to tonight", () => {
  it.each([
    ["red last night, found: carried", [night(1, [red(found)])], 2, [["peft-1", runOf(1)]]],
    ["nothing on the first night", [], 1, []],
    [
      "found two nights ago, gone last night: bisected afresh",
      [night(1, [red(found)]), night(2, ["pinned/lora:pass"])],
      3,
      [],
    ],
    [
      "last night's bisect concluded without a culprit (not-reproduced): carried, for its endpoints to decide",
      [night(1, [red({ ...found, status: "not-reproduced", ref: null, title: null, pr: null, url: null })])],
      2,
      [["peft-1", runOf(1)]],
    ],
    [
      "last night's bisect was flaky: bisected afresh",
      [night(1, [red({ ...found, status: "flaky" })])],
      2,
      [],
    ],
    [
      "last night's bisect could not run: bisected afresh",
      [night(1, [red({ ...found, status: "not run: index unreachable", ref: null })])],
      2,
      [],
    ],
    [
      "a night after tonight (an old folder re-run) does not count",
      [night(1, [red(null)]), night(3, [red(found)])],
      2,
      [],
    ],
    ["nights in any order", [night(2, [red(found)]), night(1, [red(null)])], 3, [["peft-1", runOf(2)]]],
  ])("%s", (_, nights, tonight, expected) => {
    const known = knownBisectsOf(nights, { run: runOf(tonight), date: night(tonight, []).date });
    expect([...known].map(([fp, k]) => [fp, k.run])).toEqual(expected);
  });

  it("orders nights by when they ran, not by a hand-given folder name", () => {
    const named = (run: string, day: number, cells: ReturnType<typeof red>[]) => ({
      ...night(day, cells),
      run,
    });
    const nights = [named("zz-first", 1, [red(null)]), named("aa-second", 2, [red(found)])];
    const known = knownBisectsOf(nights, { run: "mm-third", date: night(3, []).date });
    expect([...known].map(([fp, k]) => [fp, k.run])).toEqual([["peft-1", "aa-second"]]);
  });

  it("keeps what the drafts and the dashboard show: ref, title, PR and link", () => {
    const known = knownBisectsOf([night(1, [red(found)])], { run: runOf(2), date: night(2, []).date });
    expect(known.get("peft-1")).toMatchObject({ package: "peft", ref: found.ref, pr: 3003, url: found.url });
  });
});

describe("stillKnown: does an earlier answer hold over tonight's range", () => {
  const known = (status: string, good: string | null, bad: string | null): KnownBisect => ({
    run: runOf(1),
    package: "peft",
    status,
    kind: "commits",
    ref: status === "found" ? "b".repeat(40) : null,
    title: null,
    pr: null,
    url: null,
    with: [],
    endpoints: { good, bad },
  });
  it.each([
    ["found: holds whatever the range", known("found", "0.13.0", "a1"), { good: "0.14.0", bad: "a2" }, true],
    [
      "not-reproduced, same ends: holds",
      known("not-reproduced", "0.13.0", "a1"),
      { good: "0.13.0", bad: "a1" },
      true,
    ],
    [
      "not-reproduced, upstream moved: bisected again",
      known("not-reproduced", "0.13.0", "a1"),
      { good: "0.13.0", bad: "a2" },
      false,
    ],
    [
      "ambiguous, pin moved: bisected again",
      known("ambiguous", "0.13.0", "a1"),
      { good: "0.14.0", bad: "a1" },
      false,
    ],
    [
      "not-reproduced, ends unknown: bisected again",
      known("not-reproduced", null, null),
      { good: null, bad: null },
      false,
    ],
  ])("%s", (_, k, tonight, expected) => {
    expect(stillKnown(k, tonight)).toBe(expected);
  });

  it("reads last night's endpoints from its cells: the pinned version and the failing variant's SHA", () => {
    const nights = [night(1, ["pinned/lora:pass", red({ ...found, status: "not-reproduced" })])];
    const k = knownBisectsOf(nights, { run: runOf(2), date: night(2, []).date }).get("peft-1");
    expect(k?.endpoints).toEqual({ good: "0.13.0", bad: "a".repeat(40) });
  });
});
