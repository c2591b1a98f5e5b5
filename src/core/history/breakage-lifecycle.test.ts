import { describe, expect, it } from "vitest";
import { lifecyclesOf, orderLifecycles } from "./breakage-lifecycle.js";
import { cell, night, runOf } from "./fixtures.js";
import { mergeHistories } from "./merge-histories.js";

const RED = "upstream-peft/lora:fail:peft-1";
const GREEN = "upstream-peft/lora:pass";
const PINNED = "pinned/lora:pass";

/** The lifecycle of peft-1 after nights given as one letter each: R red, G green, X infra, - absent. */
function lifeAfter(pattern: string) {
  const nights = [...pattern].map((c, i) => {
    const cells = [PINNED];
    if (c === "R") cells.push(RED);
    if (c === "G") cells.push(GREEN);
    if (c === "X") cells.push("upstream-peft/lora:infra-error");
    return night(i + 1, cells);
  });
  return lifecyclesOf(nights).find((l) => l.fingerprint === "peft-1");
}

describe("lifecyclesOf", () => {
  it.each([
    // pattern, state, since (night), nights red, first seen (night), fixed in (night), streaks
    ["R", "new", 1, 1, 1, null, 1],
    ["GGR", "new", 3, 1, 3, null, 1],
    ["RR", "ongoing", 1, 2, 1, null, 1],
    ["GRRR", "ongoing", 2, 3, 2, null, 1],
    ["RG", "fixed", 1, 1, 1, 2, 1],
    ["RRGG", "fixed", 1, 2, 1, 3, 1],
    ["RGR", "reappeared", 3, 1, 1, null, 2],
    ["RGRR", "ongoing", 3, 2, 1, null, 2],
    // A night that could not try the cell (infra error, or no record) neither fixes nor extends.
    ["RXR", "ongoing", 1, 2, 1, null, 1],
    ["R-", "new", 1, 1, 1, null, 1],
    ["RX", "new", 1, 1, 1, null, 1],
    ["R-G", "fixed", 1, 1, 1, 3, 1],
  ] as const)(
    "%s: %s since night %i, %i nights red",
    (pattern, state, since, nights, first, fixed, streaks) => {
      const life = lifeAfter(pattern);
      expect(life).toMatchObject({
        state,
        since: runOf(since),
        nights_red: nights,
        first_seen: runOf(first),
        fixed_in: fixed === null ? null : runOf(fixed),
        streaks,
      });
    },
  );

  it("says which release of the culprit fixed it", () => {
    const lives = lifecyclesOf([night(1, [RED]), night(2, [cell(GREEN, { versions: { peft: "0.14.1" } })])]);
    expect(lives[0]?.fixed_by).toEqual({ package: "peft", version: "0.14.1" });
  });

  it("keeps the culprit a later night bisected and the issue the filer opened", () => {
    const bisect = {
      package: "peft",
      status: "found",
      kind: "commits",
      ref: "b".repeat(40),
      title: "Refactor (#7)",
      pr: 7,
      url: "https://github.com/o/peft/pull/7",
      with: [],
    };
    const issue = {
      repo: "o/wrapper",
      number: 12,
      url: "https://github.com/o/wrapper/issues/12",
      state: "open" as const,
    };
    const lives = lifecyclesOf([night(1, [cell(RED, { bisect })]), night(2, [cell(RED, { issue })])]);
    expect(lives[0]).toMatchObject({
      state: "ongoing",
      culprit: { ref: "b".repeat(40), pr: 7 },
      issue: { number: 12 },
    });
  });

  it("a breakage on two variants is one breakage, red while either shows it", () => {
    const lives = lifecyclesOf([
      night(1, [RED, "upstream-all/lora:fail:peft-1"]),
      night(2, [GREEN, "upstream-all/lora:fail:peft-1"]),
    ]);
    expect(lives).toHaveLength(1);
    expect(lives[0]).toMatchObject({ state: "ongoing", nights_red: 2, variants: ["upstream-all"] });
  });

  it("a history merged from two machines reads as one: each machine saw half of the cells", () => {
    const machineA = [night(1, [PINNED]), night(2, [PINNED]), night(3, [PINNED])];
    const machineB = [night(1, [GREEN]), night(2, [RED]), night(3, [RED])];
    const lives = lifecyclesOf(mergeHistories(machineA, machineB));
    expect(lives).toEqual([
      expect.objectContaining({ fingerprint: "peft-1", state: "ongoing", since: runOf(2), nights_red: 2 }),
    ]);
  });

  it("orders blockers first, then the longest red, expected ones after, the fixed last", () => {
    const lives = lifecyclesOf([
      night(1, [RED, "latest-acc/lora:fail:acc-1", "upstream-peft/qlora:fail:peft-2"]),
      night(2, [
        RED,
        "pinned/lora:fail:bnb-1",
        cell("latest-tf/lora:fail:tf-1", { expected: "upstream #1" }),
        "latest-acc/lora:pass",
        "upstream-peft/qlora:fail:peft-2",
      ]),
    ]);
    expect(orderLifecycles(lives).map((l) => l.fingerprint)).toEqual([
      "bnb-1",
      "peft-1",
      "peft-2",
      "tf-1",
      "acc-1",
    ]);
  });
});
