/**
 * Knobs: a job's config axes (gradient checkpointing, layer freezing, optimizer...). Cells become
 * (variant, job, knob combination); the wrapper's own `validate` says which combinations it runs,
 * heals or refuses, so the harness never keeps a second copy of the wrapper's rules.
 */
import type { SourcePos } from "../../errors.js";

/** A knob value as YAML writes it: axes are scalar switches, not sub-configs. */
export type KnobValue = string | number | boolean | null;

/** One axis: a config key (dots reach into mappings, `model.num_hidden_layers`) and its values. */
export interface KnobAxis {
  name: string;
  values: KnobValue[];
}

/** `jobs.<name>.knobs`, resolved: paths absolute, the sampling decided. */
export interface KnobSpec {
  /** The base config every cell's overlay is applied to (absolute path). */
  config: string;
  /** The wrapper's verdict command; `{config}` is the candidate config's path. */
  validate: string;
  axes: KnobAxis[];
  /** `full` grid, or `pairwise` (every pair of values in some cell); pairwise is the default past 3 axes. */
  sample: "full" | "pairwise";
  /** At most this many combinations are validated and run; null: no cap. */
  maxCells: number | null;
  /** Variant names the knob cells run under (the support matrix's columns); null: all. */
  variants: string[] | null;
  /** Environment that turns the wrapper's validation off, for `matrix knobs probe`. */
  bypassEnv: Record<string, string>;
  pos: SourcePos;
}

/** One combination: axis name -> value, in axis order. */
export type KnobCombination = Record<string, KnobValue>;

/** The wrapper's answer about one combination. */
export type KnobVerdictKind = "ok" | "warn" | "heal" | "refuse";

/** `validate`'s JSON, parsed; `config` is the healed config when the verdict is `heal`. */
export interface KnobVerdict {
  verdict: KnobVerdictKind;
  config: Record<string, unknown> | null;
  reasons: string[];
}

/** A combination with its id and the wrapper's verdict: what the plan and the results carry. */
export interface KnobCell {
  /** The job whose knobs these are. */
  job: string;
  /** Short and stable (`gc-fl2-adamw_torch`, or `k<hash8>` when that would be long or clash). */
  id: string;
  knobs: KnobCombination;
  verdict: KnobVerdictKind;
  reasons: string[];
}
