import { describe, expect, it } from "vitest";
import { mergeOverlay, rebasePaths, unrebasePaths } from "./merge-overlay.js";

describe("mergeOverlay", () => {
  const base = { optimizer: "adamw_torch", model: { num_hidden_layers: 2, hidden_size: 64 }, lr: 0.1 };
  it.each([
    [{ optimizer: "sgd" }, { ...base, optimizer: "sgd" }],
    [{ "model.num_hidden_layers": 4 }, { ...base, model: { num_hidden_layers: 4, hidden_size: 64 } }],
    [{ "deepspeed.stage": 3 }, { ...base, deepspeed: { stage: 3 } }],
    [
      { gradient_checkpointing: true, lr: null },
      { ...base, gradient_checkpointing: true, lr: null },
    ],
  ])("%j", (knobs, merged) => {
    expect(mergeOverlay(base, knobs)).toEqual(merged);
  });
  it("leaves the base alone", () => {
    mergeOverlay(base, { "model.hidden_size": 8 });
    expect(base.model.hidden_size).toBe(64);
  });
});

describe("rebasePaths", () => {
  const files = new Set(["/w/data/tokenizer.json", "/w/data/corpus.txt"]);
  it("makes existing relative paths absolute, leaves the rest", () => {
    const config = {
      tokenizer: "../data/tokenizer.json",
      datasets: [{ path: "../data/corpus.txt", type: "completion" }],
      base_model: "meta-llama/Llama-3-8B",
      output_dir: "../outputs/x",
      bf16: "auto",
      n: 3,
    };
    expect(rebasePaths(config, "/w/configs", (p) => files.has(p))).toEqual({
      ...config,
      tokenizer: "/w/data/tokenizer.json",
      datasets: [{ path: "/w/data/corpus.txt", type: "completion" }],
    });
  });
});

describe("unrebasePaths", () => {
  const original = {
    tokenizer: "../data/tokenizer.json",
    data: ["../data/corpus.txt"],
    model: "m/x",
    lr: 0.1,
  };
  const files = new Set(["/plan/data/tokenizer.json", "/plan/data/corpus.txt"]);
  const rebased = rebasePaths(original, "/plan/configs", (p) => files.has(p));
  it.each([
    [
      "a healed config echoing the plan runner's paths",
      { ...rebased, reentrant: false },
      { ...original, reentrant: false },
    ],
    [
      "a path the wrapper moved",
      { ...rebased, tokenizer: "/elsewhere/tok.json" },
      { ...original, tokenizer: "/elsewhere/tok.json" },
    ],
    [
      "a path under a new key",
      { ...rebased, eval: "/plan/data/corpus.txt" },
      { ...original, eval: "../data/corpus.txt" },
    ],
  ])("%s", (_, healed, portable) => {
    expect(unrebasePaths(healed, rebased, original)).toEqual(portable);
  });
  it("rebases onto another checkout as the original would", () => {
    const portable = unrebasePaths({ ...rebased }, rebased, original);
    const there = new Set(["/cell/data/tokenizer.json", "/cell/data/corpus.txt"]);
    expect(rebasePaths(portable, "/cell/configs", (p) => there.has(p))).toMatchObject({
      tokenizer: "/cell/data/tokenizer.json",
      data: ["/cell/data/corpus.txt"],
    });
  });
});
