/**
 * `jobs.<name>.knobs` from the validated YAML to a `KnobSpec`, with located errors for what zod
 * cannot see: axis names that are not config keys, repeated values, a `max_cells` that is too small.
 */
import { isAbsolute, resolve } from "node:path";
import { inputErrorAt, type SourcePos } from "../../errors.js";
import type { RawMatrix } from "../matrix/schema.js";
import { defaultSample } from "./expand-knobs.js";
import type { KnobSpec } from "./model.js";

type RawKnobs = NonNullable<RawMatrix["jobs"][string]["knobs"]>;

const VARIANT_NAME = /^(pinned|latest-[A-Za-z0-9._-]+|upstream-[A-Za-z0-9._-]+)$/;
const AXIS_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Builds the knob spec of job `job`; `cwd` is the job's folder, where a relative config lives. */
export function buildKnobs(
  raw: RawKnobs,
  job: string,
  cwd: string,
  nodePos: (path: Array<string | number>, key?: boolean) => SourcePos,
): KnobSpec {
  const at = (...rest: Array<string | number>) => ["jobs", job, "knobs", ...rest];
  const axes = Object.entries(raw.axes).map(([name, values]) => {
    if (!AXIS_NAME.test(name)) {
      throw inputErrorAt(
        nodePos(at("axes", name), true),
        `knob axis "${name}" is not a config key (write key or key.subkey: letters, digits, _)`,
      );
    }
    const seen = new Set<string>();
    values.forEach((v, i) => {
      const key = JSON.stringify(v);
      if (seen.has(key))
        throw inputErrorAt(
          nodePos(at("axes", name, i)),
          `knob axis "${name}" lists ${key} twice (remove one)`,
        );
      seen.add(key);
    });
    return { name, values };
  });
  if (axes.length === 0)
    throw inputErrorAt(
      nodePos(at("axes")),
      "knobs.axes is empty (add an axis, e.g. gradient_checkpointing: [false, true])",
    );
  if (!raw.validate.includes("{config}"))
    throw inputErrorAt(
      nodePos(at("validate")),
      'knobs.validate must name the config as {config} (e.g. "tinytune check {config} --json")',
    );
  (raw.variants ?? []).forEach((v, i) => {
    if (!VARIANT_NAME.test(v))
      throw inputErrorAt(
        nodePos(at("variants", i)),
        `"${v}" is not a variant name (write pinned, latest-all, upstream-all, latest-<pkg> or upstream-<pkg>)`,
      );
  });
  return {
    config: isAbsolute(raw.config) ? raw.config : resolve(cwd, raw.config),
    validate: raw.validate,
    axes,
    sample: raw.sample ?? defaultSample(axes.length),
    maxCells: raw.max_cells ?? null,
    variants: raw.variants ?? null,
    bypassEnv: Object.fromEntries(Object.entries(raw.bypass_env).map(([k, v]) => [k, String(v)])),
    pos: nodePos(at()),
  };
}
