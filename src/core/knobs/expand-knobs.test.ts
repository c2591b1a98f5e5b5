import { describe, expect, it } from "vitest";
import { defaultSample, expandKnobs, fullGrid } from "./expand-knobs.js";
import type { KnobAxis, KnobCombination } from "./model.js";
import { allPairs, pairsOf, samplePairwise } from "./pairwise.js";

const axis = (name: string, n: number): KnobAxis => ({
  name,
  values: Array.from({ length: n }, (_, i) => `${name}${i}`),
});

describe("fullGrid", () => {
  it("is every combination, first axis slowest", () => {
    const grid = fullGrid([
      { name: "gc", values: [false, true] },
      { name: "fl", values: [0, 2] },
    ]);
    expect(grid).toEqual([
      { gc: false, fl: 0 },
      { gc: false, fl: 2 },
      { gc: true, fl: 0 },
      { gc: true, fl: 2 },
    ]);
  });
});

describe("samplePairwise", () => {
  const covered = (axes: KnobAxis[], tests: KnobCombination[]) => {
    const seen = new Set(tests.flatMap((t) => pairsOf(axes, t)));
    return [...allPairs(axes)].filter((p) => !seen.has(p));
  };
  it.each([
    [[2, 2, 2], 4, 8],
    [[3, 3, 3, 3], 9, 81],
    [[2, 2, 2, 2, 2, 2, 2, 2, 2, 2], 12, 1024],
    [[5, 4, 3, 2], 25, 120],
    [[4, 1, 3], 12, 12],
  ])("%j axes: every pair appears, in at most %i cells (grid %i)", (sizes, bound, grid) => {
    const axes = sizes.map((n, i) => axis(`a${i}`, n));
    const tests = samplePairwise(axes);
    expect(covered(axes, tests)).toEqual([]);
    expect(tests.length).toBeLessThanOrEqual(bound);
    expect(tests.length).toBeLessThanOrEqual(grid);
    // Every combination names every axis with one of its values.
    for (const t of tests) for (const a of axes) expect(a.values).toContain(t[a.name]);
  });
  it("is deterministic", () => {
    const axes = [axis("a", 3), axis("b", 4), axis("c", 2), axis("d", 3)];
    expect(samplePairwise(axes)).toEqual(samplePairwise(axes));
  });
  it("gives the values of a single axis", () => {
    expect(samplePairwise([axis("a", 3)])).toEqual([{ a: "a0" }, { a: "a1" }, { a: "a2" }]);
  });
});

describe("expandKnobs", () => {
  const axes = [
    { name: "gradient_checkpointing", values: [false, true] },
    { name: "freeze_layers", values: [0, 2] },
    { name: "optimizer", values: ["adamw_torch", "adamw_bnb_8bit"] },
  ];
  it("keeps the full grid with readable ids", () => {
    const e = expandKnobs({ axes, sample: "full", maxCells: null });
    expect(e.gridSize).toBe(8);
    expect(e.combinations.map((c) => c.id)).toContain("gc-fl2-adamw_bnb_8bit");
    expect(e.combinations.map((c) => c.id)).toContain("nogc-fl0-adamw_torch");
    expect(e.leftOut).toEqual([]);
  });
  it("caps at max_cells and says what was left out", () => {
    const e = expandKnobs({ axes, sample: "full", maxCells: 3 });
    expect(e.combinations).toHaveLength(3);
    expect(e.leftOut).toHaveLength(5);
    expect(e.uncoveredPairs).toBeGreaterThan(0);
    // The cap renames nothing: kept ids are those of the uncapped grid.
    const all = expandKnobs({ axes, sample: "full", maxCells: null });
    expect(e.combinations).toEqual(all.combinations.slice(0, 3));
  });
  it("samples pairwise with fewer cells than the grid", () => {
    const e = expandKnobs({ axes, sample: "pairwise", maxCells: null });
    expect(e.combinations.length).toBeLessThan(8);
    expect(e.uncoveredPairs).toBe(0);
  });
  it.each([
    [1, "full"],
    [3, "full"],
    [4, "pairwise"],
  ])("%i axes default to %s", (n, sample) => {
    expect(defaultSample(n)).toBe(sample);
  });
});
