/**
 * One bad release must not hide the others: when `latest-all` (or `upstream-all`) cannot be
 * built because of one package (a release the resolver refuses with no companion, an upstream
 * out of reach), the other moved packages are still tested together, in a variant named after
 * what it leaves out (`latest-all-without-transformers`; a name by what it moves would be taken
 * by the interaction search's subsets), which records the package left out and why. Pure.
 */
import type { ManifestVariant } from "./manifest.js";

/** What a variant tested without some of its packages says about them. */
export interface LeftOut {
  /** The variant that could not be built (`latest-all`). */
  of: string;
  /** The packages left at their pins. */
  packages: string[];
  /** Why, in words: the resolver's refusal or the unreachable upstream. */
  reason: string;
}

/** A variant's identity and content, as the manifest and the extra variants have it. */
type VariantSpec = Pick<ManifestVariant, "name" | "kind" | "moves" | "packages">;

/**
 * The variant moving every package of `variant` except `left` (those go back to their pins), or
 * null when nothing would be left to move, or when the name is taken.
 */
export function leaveOut(
  variant: VariantSpec,
  left: readonly string[],
  pins: Readonly<Record<string, string>>,
  reason: string,
  taken: ReadonlySet<string>,
): (VariantSpec & { left_out: LeftOut }) | null {
  const moves = variant.moves.filter((m) => !left.includes(m));
  if (moves.length === 0 || moves.length === variant.moves.length || variant.kind === "pinned") return null;
  const name = `${variant.name}-without-${left.join("+")}`;
  if (taken.has(name)) return null;
  const packages = { ...variant.packages };
  for (const pkg of left) {
    const requirement = pins[pkg];
    if (requirement !== undefined) packages[pkg] = { source: "pinned", requirement };
  }
  return {
    name,
    kind: variant.kind,
    moves,
    packages,
    left_out: { of: variant.name, packages: [...left], reason },
  };
}

/**
 * The manifest's variants with the stand-ins made during the run added (they are not in the
 * manifest): each as the variant it stands in for, under its own name, moving the rest. Its
 * moved packages have that variant's versions, which is what a bisect's bad end needs.
 */
export function withStandIns(
  variants: readonly ManifestVariant[],
  results: ReadonlyArray<{ variant: string; left_out?: LeftOut }>,
): ManifestVariant[] {
  const out = [...variants];
  for (const r of results) {
    const of = r.left_out ? out.find((v) => v.name === r.left_out?.of) : undefined;
    if (!of || !r.left_out || out.some((v) => v.name === r.variant)) continue;
    const left = r.left_out.packages;
    out.push({
      ...of,
      name: r.variant,
      moves: of.moves.filter((m) => !left.includes(m)),
      left_out: r.left_out,
    });
  }
  return out;
}
