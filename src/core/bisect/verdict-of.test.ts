import { describe, expect, it } from "vitest";
import type { Verdict } from "./bisect-state.js";
import { type Outcome, verdictOf } from "./verdict-of.js";

const BAD = "AttributeError: 'LlamaModel' object has no attribute 'rotary_emb' @ peft/tuners/lora.py:fn";

describe("verdictOf", () => {
  it.each<[string, Outcome, string | null, Verdict]>([
    [
      "pass is good",
      { status: "pass", signature: null },
      BAD,
      { verdict: "good", reason: null, signature: null },
    ],
    [
      "same signature is bad",
      { status: "fail", signature: BAD },
      BAD,
      { verdict: "bad", reason: null, signature: BAD },
    ],
    [
      "another signature is skipped",
      { status: "fail", signature: "ImportError: x" },
      BAD,
      { verdict: "skip", reason: "different-failure", signature: "ImportError: x" },
    ],
    [
      "install error is untestable",
      { status: "install-error", signature: "build failed" },
      BAD,
      { verdict: "skip", reason: "untestable", signature: "build failed" },
    ],
    [
      "infra error is untestable",
      { status: "infra-error", signature: null },
      BAD,
      { verdict: "skip", reason: "untestable", signature: null },
    ],
    [
      "flaky stays flaky",
      { status: "flaky", signature: BAD },
      BAD,
      { verdict: "flaky", reason: null, signature: BAD },
    ],
    [
      "a timeout matches a timing-out bad endpoint",
      { status: "timeout", signature: null },
      "timeout",
      { verdict: "bad", reason: null, signature: "timeout" },
    ],
    [
      "a timeout does not match an exception",
      { status: "timeout", signature: null },
      BAD,
      { verdict: "skip", reason: "different-failure", signature: "timeout" },
    ],
    [
      "while confirming, any failure is bad with its own signature",
      { status: "fail", signature: "E: y" },
      null,
      { verdict: "bad", reason: null, signature: "E: y" },
    ],
    [
      "while confirming, a failure without signature compares by status",
      { status: "fail", signature: null },
      null,
      { verdict: "bad", reason: null, signature: "fail" },
    ],
  ])("%s", (_name, outcome, badSignature, expected) => {
    expect(verdictOf(outcome, badSignature)).toEqual(expected);
  });
});
