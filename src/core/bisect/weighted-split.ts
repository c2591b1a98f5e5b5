/**
 * Split points for a search that has suspects (commits that touch what the failure names). Each
 * place the first bad can be weighs one, and the suspects together weigh as much as all the
 * others: split points halve the weight, not the count. A right suspect is then named in two
 * smoke runs (its parent good, itself bad) wherever it lies; a wrong one costs at most two runs
 * more than a plain binary search (weighted-split.test.ts sweeps both), since each of its runs
 * still cuts the range. Many suspects weigh little each, and the search is close to a plain one.
 */

/** The weight of each place the first bad can be in (lo, hi], by candidate index. */
export function weighPlaces(
  places: readonly number[],
  suspectScore: (index: number) => number,
): Map<number, number> {
  const scores = places.map(suspectScore);
  const suspectTotal = scores.reduce((sum, s) => sum + s, 0);
  const others = scores.filter((s) => s === 0).length;
  const weights = new Map<number, number>();
  places.forEach((place, i) => {
    const score = scores[i] ?? 0;
    // With no other place left the suspects weigh by their scores alone; with more suspects than
    // other places, none weighs less than a place that is no suspect.
    weights.set(place, score === 0 ? 1 : others === 0 ? score : Math.max(1, (others * score) / suspectTotal));
  });
  return weights;
}

/**
 * K untested candidates whose "bad" answers cut the weight of (lo, hi] nearest to K+1 equal
 * parts: testing c asks whether the first bad is at c or before it, so c's cut is the weight of
 * the places up to c. The older candidate wins a tie; when K or fewer remain, all of them run.
 */
export function pickWeightedSplitPoints(
  untested: readonly number[],
  workers: number,
  weights: ReadonlyMap<number, number>,
): number[] {
  if (workers < 1) return [];
  if (untested.length <= workers) return [...untested];
  const places = [...weights.keys()].sort((a, b) => a - b);
  const total = places.reduce((sum, p) => sum + (weights.get(p) ?? 0), 0);
  const cutAt = new Map<number, number>();
  let running = 0;
  let next = 0;
  for (const candidate of untested) {
    while (next < places.length && (places[next] as number) <= candidate)
      running += weights.get(places[next++] as number) ?? 0;
    cutAt.set(candidate, running);
  }
  const chosen = new Set<number>();
  for (let j = 1; j <= workers; j++) {
    const target = (j * total) / (workers + 1);
    let best: number | null = null;
    for (const candidate of untested) {
      if (chosen.has(candidate)) continue;
      const off = Math.abs((cutAt.get(candidate) ?? 0) - target);
      if (best === null || off < Math.abs((cutAt.get(best) ?? 0) - target) - 1e-9) best = candidate;
    }
    if (best !== null) chosen.add(best);
  }
  const picks = [...chosen].sort((a, b) => a - b);
  return workers > 1 ? bracketSuspect(picks, untested, places, weights, workers) : picks;
}

/**
 * With K > 1, cuts at K+1 equal weights cannot be had around a heavy suspect: a round that takes
 * the suspect and its parent settles it at once when the suspect is right, where cuts near the
 * targets leave it to the next round. So each of the heaviest places brackets a round of its own
 * (the candidate before it and itself, the other picks as before), and the round with the fewest
 * expected rounds still to go wins: a part of one place needs none, any other part at least one,
 * else its entropy in rounds of K+1 ways.
 */
function bracketSuspect(
  picks: readonly number[],
  untested: readonly number[],
  places: readonly number[],
  weights: ReadonlyMap<number, number>,
  workers: number,
): number[] {
  // Prefix sums over the places of w and w*log2(w): a part's weight and entropy in O(1).
  const sumW = [0];
  const sumWLogW = [0];
  for (const place of places) {
    const w = weights.get(place) ?? 0;
    sumW.push((sumW[sumW.length - 1] as number) + w);
    sumWLogW.push((sumWLogW[sumWLogW.length - 1] as number) + (w > 0 ? w * Math.log2(w) : 0));
  }
  const total = sumW[places.length] as number;
  const placesUpTo = (candidate: number) => places.filter((p) => p <= candidate).length;
  const perRound = Math.log2(workers + 1);
  const roundsToGo = (points: readonly number[]) => {
    let expected = 0;
    let from = 0;
    for (const to of [...points.map(placesUpTo), places.length]) {
      const w = (sumW[to] as number) - (sumW[from] as number);
      if (to - from > 1 && w > 0) {
        const entropy = Math.log2(w) - ((sumWLogW[to] as number) - (sumWLogW[from] as number)) / w;
        expected += (w / total) * Math.max(1, entropy / perRound);
      }
      from = to;
    }
    return expected;
  };
  const heaviest = [...places]
    .filter((p) => (weights.get(p) ?? 0) > 1)
    .sort((a, b) => (weights.get(b) ?? 0) - (weights.get(a) ?? 0))
    .slice(0, 8);
  let best = [...picks];
  let bestCost = roundsToGo(best);
  for (const suspect of heaviest) {
    // "Bad" at the candidate before the suspect, and at the suspect: a part of the suspect alone.
    const before = untested.filter((c) => c < suspect).pop();
    const bracket = [before, untested.includes(suspect) ? suspect : undefined].filter((c) => c !== undefined);
    const rest = picks.filter((p) => !bracket.includes(p)).slice(0, workers - bracket.length);
    const round = [...bracket, ...rest].sort((a, b) => a - b);
    const cost = roundsToGo(round);
    if (cost < bestCost - 1e-9) [best, bestCost] = [round, cost];
  }
  return best;
}
