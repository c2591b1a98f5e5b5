/**
 * The companion of an unsatisfiable variant: the same edits plus the other pins the resolver had
 * to move, each to the lowest release that satisfies it (`latest-trl+transformers`). It answers
 * "what would taking this release cost?", so a pin that could stay where it is is not moved.
 */
import { eq, valid } from "@renovatebot/pep440";
import { normalizeName } from "../requirements/normalize-name.js";
import type { VariantEdit } from "./plan-variants.js";

/** A variant that also moves the pins the failing one needs moved. */
export interface Companion {
  /** `${variant}+${moved names joined by "+"}`, e.g. `latest-trl+transformers`. */
  name: string;
  /** The failing variant's edits, then one version edit per moved pin. */
  edits: VariantEdit[];
  /** Each moved package: its pin (`null` when it had none) and the release it moves to. */
  moved: Record<string, { from: string | null; to: string }>;
}

/** What planCompanion needs: the failing variant, and what the lowest resolution chose. */
export interface CompanionInput {
  variantName: string;
  edits: VariantEdit[];
  /** Packages the resolver's explanation named, in the order they were found. */
  implicated: string[];
  /** The project's exact pins, by package name (any spelling). */
  pins: Record<string, string>;
  /** The version the lowest resolution chose for each relaxed package (any spelling). */
  versions: Record<string, string>;
}

/** Looks a package up by PEP 503 name in a record keyed by any spelling. */
function lookup(record: Record<string, string>, name: string): string | undefined {
  const key = normalizeName(name);
  return Object.entries(record).find(([k]) => normalizeName(k) === key)?.[1];
}

/** True when `to` is another release than `from` (PEP 440 equality: `1.2` is `1.2.0`). */
function differs(from: string | undefined, to: string): boolean {
  if (from === undefined) return true;
  if (valid(from) === null || valid(to) === null) return from !== to;
  return !eq(from, to);
}

/**
 * The companion variant, or null when no implicated package moved (nothing to propose). The
 * failing variant's own packages are never moved: the companion tests the same release.
 */
export function planCompanion(input: CompanionInput): Companion | null {
  const own = new Set(input.edits.map((e) => normalizeName(e.package)));
  const moved: Companion["moved"] = {};
  const edits: VariantEdit[] = [...input.edits];
  const seen = new Set<string>();
  for (const name of input.implicated) {
    const key = normalizeName(name);
    if (own.has(key) || seen.has(key)) continue;
    seen.add(key);
    const to = lookup(input.versions, name);
    const from = lookup(input.pins, name);
    if (to === undefined || !differs(from, to)) continue;
    moved[name] = { from: from ?? null, to };
    edits.push({ package: name, target: { kind: "version", version: to } });
  }
  const names = Object.keys(moved);
  if (names.length === 0) return null;
  return { name: `${input.variantName}+${names.join("+")}`, edits, moved };
}
