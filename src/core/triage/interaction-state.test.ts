import { describe, expect, it } from "vitest";
import { InputError } from "../../errors.js";
import { nextSubsets, recordSubsets, startInteraction, summarizeInteraction } from "./find-interaction.js";
import { combinationsOf } from "./interaction-frontier.js";
import { interactionStateSchema } from "./interaction-state.js";

const SIG = "TypeError: Trainer.__init__() got an unexpected keyword argument 'tokenizer'";
const pass = (set: string[]) => ({ set, status: "pass" as const, signature: null });
const names = (sets: string[][]) => sets.map((s) => s.join(""));

describe("startInteraction and recordSubsets", () => {
  it("starts with the default budget and the known outcomes as round 0, as JSON the schema reads back", () => {
    const state = startInteraction({
      moved: ["a", "b"],
      signature: SIG,
      known: [{ set: ["b"], status: "fail", signature: SIG }],
    });
    expect(state).toMatchObject({ budget: 20, steps: 0, rounds: 0 });
    expect(state.log).toEqual([{ set: ["b"], status: "fail", signature: SIG, verdict: "fail", round: 0 }]);
    expect(interactionStateSchema.parse(JSON.parse(JSON.stringify(state)))).toEqual(state);
  });

  it("orders a recorded set in moved order and judges a signature-less failure by its status", () => {
    const state = recordSubsets(startInteraction({ moved: ["x", "y", "z"], signature: "fail" }), [
      { set: ["z", "x"], status: "fail", signature: null },
    ]);
    expect(state.log[0]).toMatchObject({ set: ["x", "z"], verdict: "fail" });
  });

  it.each<[string, string[], number | undefined]>([
    ["no moved package", [], undefined],
    ["a repeated package", ["a", "b", "a"], undefined],
    ["a negative budget", ["a", "b"], -1],
    ["a fractional budget", ["a", "b"], 1.5],
  ])("rejects %s", (_name, moved, budget) => {
    expect(() => startInteraction({ moved, signature: SIG, budget })).toThrow(InputError);
  });

  it.each<[string, string[], RegExp]>([
    ["an empty set", [], /empty/],
    ["a package that was not moved", ["a", "q"], /q in \{a, q\} was not moved/],
    ["a repeated package", ["a", "a"], /repeats/],
    ["every moved package", ["c", "b", "a"], /not a subset/],
  ])("rejects an outcome for %s", (_name, set, message) => {
    const state = startInteraction({ moved: ["a", "b", "c"], signature: SIG });
    expect(() => recordSubsets(state, [{ set, status: "pass", signature: null }])).toThrow(message);
    expect(() =>
      startInteraction({
        moved: ["a", "b", "c"],
        signature: SIG,
        known: [{ set, status: "pass", signature: null }],
      }),
    ).toThrow(message);
  });

  it("asks only for the rest of a round that was cut short, and keeps the known outcomes first", () => {
    let state = startInteraction({ moved: ["a", "b", "c"], signature: SIG, known: [pass(["b"])] });
    expect(names(nextSubsets(state))).toEqual(["a", "c"]);
    state = recordSubsets(state, [pass(["c"])]);
    expect(names(nextSubsets(state))).toEqual(["a"]);
    expect(summarizeInteraction(state)).toMatchObject({ status: "running", steps: 1, rounds: 1 });
    expect(summarizeInteraction(state).tested.map((t) => [t.set.join(""), t.round])).toEqual([
      ["b", 0],
      ["c", 1],
    ]);
  });

  it("takes the newer outcome of a set run twice, and keeps both in the log", () => {
    const s0 = startInteraction({ moved: ["a", "b", "c"], signature: SIG });
    const state = recordSubsets(recordSubsets(s0, [{ set: ["a"], status: "other", signature: null }]), [
      { set: ["a"], status: "fail", signature: SIG },
    ]);
    expect(summarizeInteraction(state)).toMatchObject({ status: "running", culprits: ["a"], steps: 2 });
    expect(names(nextSubsets(state))).toEqual(["b", "c"]);
    expect(state.log).toHaveLength(2);
  });
});

describe("combinationsOf", () => {
  it.each<[number, string[]]>([
    [1, ["a", "b", "c", "d"]],
    [2, ["ab", "ac", "ad", "bc", "bd", "cd"]],
    [3, ["abc", "abd", "acd", "bcd"]],
    [4, ["abcd"]],
    [5, []],
  ])("size %i of abcd, in lexicographic order of positions", (size, expected) => {
    expect(combinationsOf(["a", "b", "c", "d"], size).map((s) => s.join(""))).toEqual(expected);
  });
});
