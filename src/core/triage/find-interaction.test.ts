import { describe, expect, it } from "vitest";
import {
  type InteractionState,
  nextSubsets,
  recordSubsets,
  type SubsetOutcome,
  startInteraction,
  summarizeInteraction,
} from "./find-interaction.js";

const SIG = "TypeError: Trainer.__init__() got an unexpected keyword argument 'tokenizer'";
const OTHER_SIG = "ImportError: cannot import name 'is_torch_xla_available'";

/** Outcomes for a round: sets named by letters, e.g. "ab", each with a fixed result. */
const fail = (set: string, signature = SIG): SubsetOutcome => ({ set: [...set], status: "fail", signature });
const pass = (set: string): SubsetOutcome => ({ set: [...set], status: "pass", signature: null });
const names = (sets: string[][]) => sets.map((s) => s.join(""));

/**
 * Plays a search round by round with a fixed answer per set (missing: pass), and returns the
 * summary with the rounds as asked, so each case shows what ran when.
 */
function play(
  moved: string,
  answers: SubsetOutcome[],
  opts: { known?: SubsetOutcome[]; budget?: number } = {},
) {
  let state: InteractionState = startInteraction({ moved: [...moved], signature: SIG, ...opts });
  const asked: string[][] = [];
  for (let sets = nextSubsets(state); sets.length > 0; sets = nextSubsets(state)) {
    asked.push(names(sets));
    const answer = (set: string[]) =>
      answers.find((a) => a.set.join("") === set.join("")) ?? pass(set.join(""));
    state = recordSubsets(state, sets.map(answer));
  }
  return { asked, summary: summarizeInteraction(state) };
}

describe("interaction search", () => {
  it.each<
    [string, string, SubsetOutcome[], { known?: SubsetOutcome[]; budget?: number }, object, string[][]]
  >([
    [
      "{a,b} break only together, c is harmless",
      "abc",
      [fail("ab")],
      {},
      { status: "found", culprits: ["a", "b"], cleared: ["c"], failing: [["a", "b"]], steps: 6 },
      [
        ["a", "b", "c"],
        ["ab", "ac", "bc"],
      ],
    ],
    [
      "one package alone reproduces: single, the others cleared, no pairs run",
      "abc",
      [fail("b")],
      {},
      { status: "single", culprits: ["b"], cleared: ["a", "c"], failing: [["b"]], steps: 3 },
      [["a", "b", "c"]],
    ],
    [
      "only the full set fails: every proper subset passes",
      "abc",
      [],
      {},
      { status: "found", culprits: ["a", "b", "c"], cleared: [], failing: [["a", "b", "c"]], steps: 6 },
      [
        ["a", "b", "c"],
        ["ab", "ac", "bc"],
      ],
    ],
    [
      "a failure with another signature is no evidence: the pair hides it, so not found",
      "abc",
      [fail("ab", OTHER_SIG)],
      {},
      {
        status: "not-found",
        culprits: [],
        cleared: [],
        failing: [],
        reason: expect.stringContaining("{a, b}"),
      },
      [
        ["a", "b", "c"],
        ["ab", "ac", "bc"],
      ],
    ],
    [
      "a single failing differently does not stop the pairs that contain it",
      "abc",
      [fail("a", OTHER_SIG), fail("ac")],
      {},
      { status: "found", culprits: ["a", "c"], cleared: ["b"] },
      [
        ["a", "b", "c"],
        ["ab", "ac", "bc"],
      ],
    ],
    [
      "two different failing pairs of four: both listed, the first in moved order is the culprit",
      "abcd",
      [fail("bd"), fail("ac")],
      {},
      {
        status: "found",
        culprits: ["a", "c"],
        cleared: [],
        failing: [
          ["a", "c"],
          ["b", "d"],
        ],
        steps: 10,
      },
      [
        ["a", "b", "c", "d"],
        ["ab", "ac", "ad", "bc", "bd", "cd"],
      ],
    ],
    [
      "two overlapping failing pairs of four, d harmless",
      "abcd",
      [fail("bc"), fail("ab")],
      {},
      {
        status: "found",
        culprits: ["a", "b"],
        cleared: ["d"],
        failing: [
          ["a", "b"],
          ["b", "c"],
        ],
      },
      [
        ["a", "b", "c", "d"],
        ["ab", "ac", "ad", "bc", "bd", "cd"],
      ],
    ],
    [
      "known single-package outcomes are not run again",
      "abc",
      [fail("ab")],
      { known: [pass("a"), pass("b"), pass("c")] },
      { status: "found", culprits: ["a", "b"], cleared: ["c"], steps: 3, rounds: 1 },
      [["ab", "ac", "bc"]],
    ],
    [
      "a known single that failed differently is still no evidence; the other singles run",
      "abc",
      [fail("bc")],
      { known: [fail("a", OTHER_SIG)] },
      { status: "found", culprits: ["b", "c"], cleared: ["a"], steps: 5 },
      [
        ["b", "c"],
        ["ab", "ac", "bc"],
      ],
    ],
    [
      "the budget runs out before anything fails",
      "abcd",
      [],
      { budget: 7 },
      { status: "budget", culprits: [], cleared: [], steps: 7, reason: expect.stringMatching(/budget of 7/) },
      [
        ["a", "b", "c", "d"],
        ["ab", "ac", "ad"],
      ],
    ],
    [
      "the budget runs out after a failing pair: found, with a reason saying the size was cut",
      "abcd",
      [fail("ab"), fail("cd")],
      { budget: 6 },
      {
        status: "found",
        culprits: ["a", "b"],
        failing: [["a", "b"]],
        reason: expect.stringMatching(/may exist/),
      },
      [
        ["a", "b", "c", "d"],
        ["ab", "ac"],
      ],
    ],
    [
      "two moved packages, each passing alone (known): the pair, with nothing to run",
      "ab",
      [],
      { known: [pass("a"), pass("b")], budget: 0 },
      { status: "found", culprits: ["a", "b"], failing: [["a", "b"]], steps: 0, rounds: 0 },
      [],
    ],
    [
      "one moved package is itself the single culprit",
      "a",
      [],
      {},
      { status: "single", culprits: ["a"], cleared: [], steps: 0 },
      [],
    ],
  ])("%s", (_name, moved, answers, opts, expected, rounds) => {
    const { asked, summary } = play(moved, answers, opts);
    expect(asked).toEqual(rounds);
    expect(summary).toMatchObject(expected);
  });
});
