import { describe, expect, it } from "vitest";
import { importNameOf, proposeTracked } from "./propose-tracked.js";

describe("proposeTracked", () => {
  it.each([
    [
      "the stack in stack order, spelt as the requirements spell it",
      ["numpy", "PEFT", "transformers", "huggingface_hub", "torch"],
      [],
      ["transformers", "PEFT", "huggingface_hub"],
    ],
    ["--track names after, without repeats", ["peft"], ["torch", "Peft"], ["peft", "torch"]],
    ["nothing from a project without the stack", ["numpy", "requests"], [], []],
  ])("proposes %s", (_what, deps, extra, proposed) => {
    expect(proposeTracked(deps, extra)).toEqual(proposed);
  });
});

describe("importNameOf", () => {
  it.each([
    ["huggingface-hub", "huggingface_hub"],
    ["huggingface_hub", "huggingface_hub"],
    ["Transformers", "transformers"],
  ])("%s imports as %s", (dist, module) => {
    expect(importNameOf(dist)).toBe(module);
  });
});
