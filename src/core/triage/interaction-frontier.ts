/**
 * Where an interaction search stands: which size it is at and which subsets of that size are
 * still to run. Shared by `nextSubsets` (what to run) and `summarizeInteraction` (is it over).
 */
import { type InteractionState, keyOf, verdictsOf } from "./interaction-state.js";

/** The size the search is at and its subsets still to run (moved order); none when it is over. */
export interface Frontier {
  size: number;
  pending: string[][];
}

/**
 * Delta-debugging order: sets of size 1, then 2, up to moved.length - 1, each size to the end
 * before the next, and the next only when no set of this size (or smaller) failed: the search
 * wants the smallest failing sets, and once a size has one, larger sets cannot be smaller. Finishing
 * the size lists every minimal failing set of that size (two pairs may break apart). A set that contains a
 * failing set is never run (it would fail for the smaller reason); a judged set is never run again.
 */
export function frontierOf(state: InteractionState): Frontier {
  const judged = verdictsOf(state);
  const failing = [...judged.values()].filter((e) => e.verdict === "fail").map((e) => e.set);
  for (let size = 1; size < state.moved.length; size++) {
    const pending = combinationsOf(state.moved, size).filter(
      (set) => !judged.has(keyOf(set)) && !failing.some((f) => f.every((pkg) => set.includes(pkg))),
    );
    if (pending.length > 0) return { size, pending };
    if (failing.some((f) => f.length <= size)) return { size, pending: [] };
  }
  return { size: state.moved.length, pending: [] };
}

/** Every `size`-element subset of `items`, each in item order, in lexicographic order of positions. */
export function combinationsOf(items: readonly string[], size: number): string[][] {
  const out: string[][] = [];
  const pick = (start: number, chosen: string[]) => {
    if (chosen.length === size) {
      out.push([...chosen]);
      return;
    }
    // Stop where too few items remain to fill the set.
    for (let i = start; i <= items.length - (size - chosen.length); i++) {
      pick(i + 1, [...chosen, items[i] as string]);
    }
  };
  pick(0, []);
  return out;
}
