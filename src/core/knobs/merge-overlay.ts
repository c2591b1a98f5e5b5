/**
 * A cell's config: the base config with the combination laid over it. Dotted axis names reach
 * into mappings. The merged file lives in the run folder, so relative paths that point at files
 * next to the base config (tokenizer, data) are made absolute; the caller says which exist.
 */
import { isAbsolute, resolve } from "node:path";
import type { KnobCombination } from "./model.js";

type Config = Record<string, unknown>;

const isMapping = (v: unknown): v is Config => typeof v === "object" && v !== null && !Array.isArray(v);

/** A new config: `base` with each knob set (`a.b: 1` sets `base.a.b`); `base` is not changed. */
export function mergeOverlay(base: Config, knobs: KnobCombination): Config {
  const out = structuredClone(base);
  for (const [path, value] of Object.entries(knobs)) {
    const keys = path.split(".");
    let node: Config = out;
    for (const key of keys.slice(0, -1)) {
      if (!isMapping(node[key])) node[key] = {};
      node = node[key] as Config;
    }
    node[keys[keys.length - 1] as string] = value;
  }
  return out;
}

/**
 * Relative strings naming an existing file or folder next to the base config become absolute,
 * so the moved config means what the base meant; anything else (model ids, `auto`) stays.
 */
export function rebasePaths(config: Config, baseDir: string, exists: (path: string) => boolean): Config {
  const visit = (v: unknown): unknown => {
    if (typeof v === "string") {
      if (v === "" || isAbsolute(v) || /\s|:\/\//.test(v) || !/[/.]/.test(v)) return v;
      const abs = resolve(baseDir, v);
      return exists(abs) ? abs : v;
    }
    if (Array.isArray(v)) return v.map(visit);
    if (isMapping(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, visit(x)]));
    return v;
  };
  return visit(config) as Config;
}
