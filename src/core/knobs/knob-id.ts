/**
 * Stable, short, human-readable ids for knob combinations: result files, log names, `--knobs ID`
 * and GitHub Actions cells all carry them, so they must be filename-safe and never clash.
 */
import { createHash } from "node:crypto";
import type { KnobAxis, KnobCombination, KnobValue } from "./model.js";

const MAX_READABLE = 40;

/** `gradient_checkpointing` -> `gc`, `model.num_hidden_layers` -> `nhl`, `optimizer` -> `o`. */
export function abbreviateAxis(name: string): string {
  const last = name.split(".").pop() ?? name;
  return last
    .split(/[_-]+/)
    .filter(Boolean)
    .map((w) => w[0]?.toLowerCase() ?? "")
    .join("");
}

function part(abbrev: string, value: KnobValue): string {
  if (value === true) return abbrev;
  if (value === false) return `no${abbrev}`;
  if (value === null) return `${abbrev}none`;
  if (typeof value === "number") return `${abbrev}${String(value).replace(/[^A-Za-z0-9]/g, "_")}`;
  // A string value speaks for itself (`adamw_torch`); ids never hold `-` inside a part or `--`.
  return value.replace(/[^A-Za-z0-9_.]/g, "_") || `${abbrev}empty`;
}

/** The id of every combination, in order; readable ids unless they would clash or run long. */
export function knobIds(axes: KnobAxis[], combinations: KnobCombination[]): string[] {
  const abbrevs = axes.map((a) => abbreviateAxis(a.name));
  // Two axes with one abbreviation would make `gc` ambiguous: those keep their full names.
  const names = axes.map((a, i) =>
    abbrevs.filter((x) => x === abbrevs[i]).length > 1 ? a.name.replace(/[^A-Za-z0-9]/g, "_") : abbrevs[i],
  );
  const readable = combinations.map((c) =>
    axes.map((a, i) => part(names[i] ?? a.name, c[a.name] ?? null)).join("-"),
  );
  const unique = new Set(readable).size === readable.length;
  return combinations.map((c, i) => {
    const id = readable[i] ?? "";
    return unique && id.length <= MAX_READABLE ? id : `k${hashCombination(c)}`;
  });
}

/** 8 hex digits of the combination's canonical JSON (axis names sorted). */
export function hashCombination(c: KnobCombination): string {
  const canonical = JSON.stringify(
    Object.keys(c)
      .sort()
      .map((k) => [k, c[k]]),
  );
  return createHash("sha256").update(canonical).digest("hex").slice(0, 8);
}
