/**
 * The stand-ins of a night (`core/variants/leave-out.ts`): which variant each stands in for,
 * what it left out and why, read from their results. Pure.
 */
import type { TriageInput, VariantMoves } from "./triage-input.js";

/** A variant that could not be built because of some packages, and the stand-in that moved the rest. */
export interface LeftOutVariant {
  variant: string;
  /** The stand-in (`latest-all-without-transformers`), whose cells are triaged like any variant's. */
  as: string;
  packages: string[];
  reason: string;
}

/**
 * Each stand-in once, from its results; `moves` gains the stand-ins made during the run (they
 * are not in the manifest): each moves its variant's packages but the ones left out.
 */
export function collectLeftOut(
  results: readonly TriageInput[],
  moves: Map<string, VariantMoves>,
): LeftOutVariant[] {
  const out: LeftOutVariant[] = [];
  for (const result of results) {
    const left = result.left_out;
    if (!left || out.some((l) => l.as === result.variant)) continue;
    out.push({ variant: left.of, as: result.variant, packages: left.packages, reason: left.reason });
    const of = moves.get(left.of);
    if (of && !moves.has(result.variant)) {
      const packages = of.packages.filter((p) => !left.packages.includes(p));
      moves.set(result.variant, { name: result.variant, kind: of.kind, packages });
    }
  }
  return out;
}
