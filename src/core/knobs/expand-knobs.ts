/**
 * A job's knob combinations: the full grid or an all-pairs sample, capped by `max_cells`, with
 * what the cap left out said in the plan rather than silently dropped.
 */
import { knobIds } from "./knob-id.js";
import type { KnobAxis, KnobCombination, KnobSpec } from "./model.js";
import { allPairs, pairsOf, samplePairwise } from "./pairwise.js";

/** A combination with its id, before the wrapper has judged it. */
export interface IdentifiedCombination {
  id: string;
  knobs: KnobCombination;
}

/** What a job's knobs expand to. */
export interface KnobExpansion {
  sample: "full" | "pairwise";
  /** Size of the full grid, for "12 of 96 combinations". */
  gridSize: number;
  combinations: IdentifiedCombination[];
  /** Cut by `max_cells`. */
  leftOut: IdentifiedCombination[];
  /** Pairs of values no kept combination covers (only when the cap cut some). */
  uncoveredPairs: number;
}

/** Every combination of the axes, the first axis varying slowest. */
export function fullGrid(axes: KnobAxis[]): KnobCombination[] {
  return axes.reduce<KnobCombination[]>(
    (acc, axis) => acc.flatMap((c) => axis.values.map((v) => ({ ...c, [axis.name]: v }))),
    [{}],
  );
}

/** Expands a job's knobs as its `sample` and `max_cells` say. */
export function expandKnobs(spec: Pick<KnobSpec, "axes" | "sample" | "maxCells">): KnobExpansion {
  const gridSize = spec.axes.reduce((n, a) => n * a.values.length, 1);
  const all = spec.sample === "pairwise" ? samplePairwise(spec.axes) : fullGrid(spec.axes);
  // Ids are taken before the cap, so `max_cells` never renames a combination that stays.
  const ids = knobIds(spec.axes, all);
  const identified = all.map((knobs, i) => ({ id: ids[i] ?? "", knobs }));
  const cap = spec.maxCells ?? identified.length;
  const combinations = identified.slice(0, cap);
  const leftOut = identified.slice(cap);
  const covered = new Set(combinations.flatMap((c) => pairsOf(spec.axes, c.knobs)));
  const uncoveredPairs =
    leftOut.length === 0 ? 0 : [...allPairs(spec.axes)].filter((p) => !covered.has(p)).length;
  return { sample: spec.sample, gridSize, combinations, leftOut, uncoveredPairs };
}

/** `pairwise` is the default past 3 axes: a full grid of 4+ axes explodes. */
export function defaultSample(axisCount: number): "full" | "pairwise" {
  return axisCount > 3 ? "pairwise" : "full";
}
