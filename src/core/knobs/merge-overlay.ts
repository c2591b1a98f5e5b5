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

/**
 * The inverse of `rebasePaths` for a config derived from the rebased one (the wrapper's healed
 * config echoes the absolute paths it was shown): each absolute path that `rebasePaths` made from
 * `original` is its relative text again. The verdict travels in the run folder to runners whose
 * checkout lies elsewhere; each rebases it onto its own checkout.
 */
export function unrebasePaths(config: Config, rebased: Config, original: Config): Config {
  const back = new Map<string, string>();
  const pair = (a: unknown, b: unknown): void => {
    if (typeof a === "string" && typeof b === "string") {
      if (a !== b) back.set(a, b);
    } else if (Array.isArray(a) && Array.isArray(b)) {
      for (const [i, x] of a.entries()) pair(x, b[i]);
    } else if (isMapping(a) && isMapping(b)) {
      for (const [k, x] of Object.entries(a)) pair(x, b[k]);
    }
  };
  pair(rebased, original);
  const visit = (v: unknown): unknown => {
    if (typeof v === "string") return back.get(v) ?? v;
    if (Array.isArray(v)) return v.map(visit);
    if (isMapping(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, visit(x)]));
    return v;
  };
  return visit(config) as Config;
}
