import { describe, expect, it } from "vitest";
import { abbreviateAxis, hashCombination, knobIds } from "./knob-id.js";

describe("knob ids", () => {
  it.each([
    ["gradient_checkpointing", "gc"],
    ["freeze_layers", "fl"],
    ["optimizer", "o"],
    ["model.num_hidden_layers", "nhl"],
  ])("%s abbreviates to %s", (name, abbrev) => {
    expect(abbreviateAxis(name)).toBe(abbrev);
  });
  it.each([
    [{ gradient_checkpointing: true, freeze_layers: 2, optimizer: "adamw_torch" }, "gc-fl2-adamw_torch"],
    [{ gradient_checkpointing: false, freeze_layers: 0, optimizer: "adamw/8bit" }, "nogc-fl0-adamw_8bit"],
    [{ gradient_checkpointing: null, freeze_layers: 0.5, optimizer: "sgd" }, "gcnone-fl0_5-sgd"],
  ])("%j reads as %s", (combination, id) => {
    const axes = Object.keys(combination).map((name) => ({ name, values: [] }));
    expect(knobIds(axes, [combination])).toEqual([id]);
  });
  it("falls back to hashes when readable ids clash", () => {
    const axes = [
      { name: "a", values: ["x y", "x/y"] },
      { name: "b", values: [1] },
    ];
    const ids = knobIds(axes, [
      { a: "x y", b: 1 },
      { a: "x/y", b: 1 },
    ]);
    expect(ids[0]).toMatch(/^k[0-9a-f]{8}$/);
    expect(ids[0]).not.toBe(ids[1]);
  });
  it("spells out axes whose abbreviations clash", () => {
    const axes = [
      { name: "grad_clip", values: [] },
      { name: "gradient_checkpointing", values: [] },
    ];
    expect(knobIds(axes, [{ grad_clip: 1, gradient_checkpointing: true }])).toEqual([
      "grad_clip1-gradient_checkpointing",
    ]);
  });
  it("hashes independently of key order", () => {
    expect(hashCombination({ a: 1, b: true })).toBe(hashCombination({ b: true, a: 1 }));
    expect(hashCombination({ a: 1, b: true })).not.toBe(hashCombination({ a: 1, b: false }));
  });
});
