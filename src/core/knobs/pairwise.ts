/**
 * All-pairs sampling: every pair of values of any two axes appears in at least one combination.
 * Deterministic greedy (AETG-like): each candidate starts from a pair not yet covered and fills
 * the other axes with the value that covers the most new pairs (first value on ties); the best
 * of the candidates is kept. Every combination covers at least its seed pair, so the loop ends.
 */
import type { KnobAxis, KnobCombination } from "./model.js";

type Choice = number[]; // value index per axis; -1 while unset

/** How many uncovered pairs seed candidates for each new combination. */
const SEEDS = 64;

const pairKey = (i: number, vi: number, j: number, vj: number) => `${i}:${vi}|${j}:${vj}`;

/** Every pair of (axis, value) positions of two different axes, as keys. */
export function allPairs(axes: KnobAxis[]): Set<string> {
  const pairs = new Set<string>();
  axes.forEach((a, i) => {
    axes.slice(i + 1).forEach((b, d) => {
      a.values.forEach((_, vi) => {
        b.values.forEach((_, vj) => {
          pairs.add(pairKey(i, vi, i + 1 + d, vj));
        });
      });
    });
  });
  return pairs;
}

/** The pairs one combination covers. */
export function pairsOf(axes: KnobAxis[], c: KnobCombination): string[] {
  const idx = axes.map((a) => a.values.indexOf(c[a.name] ?? null));
  const keys: string[] = [];
  for (let i = 0; i < axes.length; i++)
    for (let j = i + 1; j < axes.length; j++) keys.push(pairKey(i, idx[i] ?? -1, j, idx[j] ?? -1));
  return keys;
}

/** A small set of combinations covering every pair; the full grid for fewer than 2 axes. */
export function samplePairwise(axes: KnobAxis[]): KnobCombination[] {
  if (axes.length < 2) return (axes[0]?.values ?? []).map((v) => (axes[0] ? { [axes[0].name]: v } : {}));
  const uncovered = allPairs(axes);
  const tests: Choice[] = [];
  while (uncovered.size > 0) {
    // Candidates seeded by the first uncovered pairs; the one covering the most new pairs wins.
    let best: { choice: Choice; gain: number } | null = null;
    for (const seed of [...uncovered].slice(0, SEEDS)) {
      const choice = fillFrom(axes, seed, uncovered);
      const gain = pairsOf(axes, toCombination(axes, choice)).filter((k) => uncovered.has(k)).length;
      if (!best || gain > best.gain) best = { choice, gain };
    }
    const chosen = (best as { choice: Choice }).choice;
    for (const key of pairsOf(axes, toCombination(axes, chosen))) uncovered.delete(key);
    tests.push(chosen);
  }
  return tests.map((t) => toCombination(axes, t));
}

/** One combination: the seed pair fixed, every other axis the value that covers most new pairs. */
function fillFrom(axes: KnobAxis[], seed: string, uncovered: Set<string>): Choice {
  const [[i, vi], [j, vj]] = seed.split("|").map((s) => s.split(":").map(Number)) as [
    [number, number],
    [number, number],
  ];
  const choice: Choice = axes.map(() => -1);
  choice[i] = vi;
  choice[j] = vj;
  axes.forEach((axis, k) => {
    if (choice[k] !== -1) return;
    let best = 0;
    let bestGain = -1;
    axis.values.forEach((_, v) => {
      const gain = choice.reduce<number>((n, w, m) => {
        if (w === -1 || m === k) return n;
        const key = m < k ? pairKey(m, w, k, v) : pairKey(k, v, m, w);
        return n + (uncovered.has(key) ? 1 : 0);
      }, 0);
      if (gain > bestGain) [best, bestGain] = [v, gain];
    });
    choice[k] = best;
  });
  return choice;
}

function toCombination(axes: KnobAxis[], choice: Choice): KnobCombination {
  return Object.fromEntries(axes.map((a, k) => [a.name, a.values[choice[k] ?? 0] ?? null]));
}
