import { MetricError } from "./metric-error.ts";

/** One pairwise judgement between items `a` and `b`: `1` = a won, `0` = b won, `0.5` = tie. */
export type PairwiseComparison = { a: number; b: number; outcome: 1 | 0 | 0.5 };

export type BradleyTerryOptions = {
  /** Maximum MM iterations. Defaults to 10 000. */
  iterations?: number;
  /** Stop when no log-strength moves by more than this in one iteration. Defaults to 1e-9. */
  tolerance?: number;
  /**
   * Pseudo-wins each item gets both for and against a virtual reference item of strength 1 (log 0).
   * Defaults to 0.1. It keeps undefeated, winless and disconnected items finite and shrinks sparse items
   * gently toward the middle; it costs O(items) per iteration instead of the O(items²) of a prior on
   * every pair. Use 0 for the plain maximum-likelihood fit.
   */
  prior?: number;
};

/**
 * Fits a Bradley-Terry model, P(i beats j) = γ_i / (γ_i + γ_j), with the MM algorithm of Hunter (2004),
 * "MM algorithms for generalized Bradley-Terry models": γ_i ← W_i / Σ_j n_ij / (γ_i + γ_j), all items
 * updated together. Ties count as half a win for each side.
 *
 * @param itemCount - items are the integers 0 … itemCount − 1.
 * @param comparisons - judgements; several between the same pair simply add up.
 * @returns log-strengths log γ_i, centred to mean 0 (differences are log-odds of winning).
 * @throws {@link MetricError} `INVALID_INPUT` for bad item indices, self-comparisons, outcomes other than
 *   0 / 0.5 / 1 or bad options; `NOT_IDENTIFIABLE` when `prior` is 0 and the "beats" graph is not strongly
 *   connected (some item set never beats the rest, so the likelihood has no finite maximum — Hunter's
 *   assumption 1); `NOT_CONVERGED` when the iteration cap is hit before the tolerance.
 */
export function bradleyTerry(itemCount: number, comparisons: readonly PairwiseComparison[], opts: BradleyTerryOptions = {}): number[] {
  const maxIterations = opts.iterations ?? 10_000;
  const tolerance = opts.tolerance ?? 1e-9;
  const prior = opts.prior ?? 0.1;
  if (!Number.isInteger(itemCount) || itemCount < 0) {
    throw new MetricError("INVALID_INPUT", `itemCount must be a non-negative integer, got ${String(itemCount)}`);
  }
  if (!Number.isInteger(maxIterations) || maxIterations < 1) {
    throw new MetricError("INVALID_INPUT", `iterations must be a positive integer, got ${String(maxIterations)}`);
  }
  if (!(tolerance > 0)) throw new MetricError("INVALID_INPUT", `tolerance must be > 0, got ${String(tolerance)}`);
  if (!(prior >= 0 && Number.isFinite(prior))) {
    throw new MetricError("INVALID_INPUT", `prior must be a finite number >= 0, got ${String(prior)}`);
  }
  if (itemCount === 0) return [];
  // A lone item has nothing to be compared with; its centred log-strength is 0 by definition.
  if (itemCount === 1) return [0];

  const pairs = aggregatePairs(itemCount, comparisons);
  const wins = new Float64Array(itemCount);
  for (let p = 0; p < pairs.lo.length; p++) {
    const lo = pairs.lo[p] as number;
    const hi = pairs.hi[p] as number;
    wins[lo] = (wins[lo] as number) + (pairs.winsLo[p] as number);
    wins[hi] = (wins[hi] as number) + (pairs.games[p] as number) - (pairs.winsLo[p] as number);
  }
  if (prior === 0 && !isStronglyConnected(itemCount, pairs)) {
    throw new MetricError(
      "NOT_IDENTIFIABLE",
      "with prior 0 every item must be linked to every other by a chain of wins in both directions; use a prior > 0",
    );
  }

  let logStrength = new Float64Array(itemCount);
  let next = new Float64Array(itemCount);
  const strength = new Float64Array(itemCount).fill(1);
  const denominator = new Float64Array(itemCount);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    denominator.fill(0);
    for (let p = 0; p < pairs.lo.length; p++) {
      const lo = pairs.lo[p] as number;
      const hi = pairs.hi[p] as number;
      const share = (pairs.games[p] as number) / ((strength[lo] as number) + (strength[hi] as number));
      denominator[lo] = (denominator[lo] as number) + share;
      denominator[hi] = (denominator[hi] as number) + share;
    }
    let mean = 0;
    for (let i = 0; i < itemCount; i++) {
      const d = (denominator[i] as number) + (prior > 0 ? (2 * prior) / ((strength[i] as number) + 1) : 0);
      const value = Math.log(((wins[i] as number) + prior) / d);
      next[i] = value;
      mean += value;
    }
    if (prior === 0) {
      // Without the reference item the scale is free; pin it so the convergence test sees real movement only.
      mean /= itemCount;
      for (let i = 0; i < itemCount; i++) next[i] = (next[i] as number) - mean;
    } else {
      // The data pin only differences; the location is held by the weak prior alone, so plain MM drifts
      // towards it at a rate of ~prior/games per step. Maximising the posterior over a common shift
      // exactly (a 1-D concave problem) removes that slow mode and keeps every step an ascent step.
      const shift = bestShift(next);
      for (let i = 0; i < itemCount; i++) next[i] = (next[i] as number) + shift;
    }
    let maxChange = 0;
    for (let i = 0; i < itemCount; i++) {
      maxChange = Math.max(maxChange, Math.abs((next[i] as number) - (logStrength[i] as number)));
      strength[i] = Math.exp(next[i] as number);
    }
    [logStrength, next] = [next, logStrength];
    if (maxChange < tolerance) return centre(logStrength);
  }
  throw new MetricError("NOT_CONVERGED", `Bradley-Terry MM did not reach tolerance ${tolerance} in ${maxIterations} iterations`);
}

type PairTable = {
  lo: number[];
  hi: number[];
  /** Judgements between lo and hi. */
  games: number[];
  /** Wins of lo over hi, ties counting ½. */
  winsLo: number[];
};

/** Folds repeated judgements of a pair into one entry, so an iteration costs O(distinct pairs). */
function aggregatePairs(itemCount: number, comparisons: readonly PairwiseComparison[]): PairTable {
  const table: PairTable = { lo: [], hi: [], games: [], winsLo: [] };
  const slot = new Map<number, number>();
  comparisons.forEach((comparison, k) => {
    const { a, b, outcome } = comparison;
    for (const item of [a, b]) {
      if (!Number.isInteger(item) || item < 0 || item >= itemCount) {
        throw new MetricError("INVALID_INPUT", `comparisons[${k}] names item ${String(item)}, outside 0..${itemCount - 1}`);
      }
    }
    if (a === b) throw new MetricError("INVALID_INPUT", `comparisons[${k}] compares item ${a} with itself`);
    if (outcome !== 1 && outcome !== 0 && outcome !== 0.5) {
      throw new MetricError("INVALID_INPUT", `comparisons[${k}].outcome must be 1, 0 or 0.5, got ${String(outcome)}`);
    }
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    const key = lo * itemCount + hi;
    let p = slot.get(key);
    if (p === undefined) {
      p = table.lo.length;
      slot.set(key, p);
      table.lo.push(lo);
      table.hi.push(hi);
      table.games.push(0);
      table.winsLo.push(0);
    }
    table.games[p] = (table.games[p] as number) + 1;
    table.winsLo[p] = (table.winsLo[p] as number) + (a === lo ? outcome : 1 - outcome);
  });
  return table;
}

/** Hunter's condition: in the digraph "i beat j at least once", every item reaches every other. */
function isStronglyConnected(itemCount: number, pairs: PairTable): boolean {
  const beats: number[][] = Array.from({ length: itemCount }, () => []);
  const beatenBy: number[][] = Array.from({ length: itemCount }, () => []);
  for (let p = 0; p < pairs.lo.length; p++) {
    const lo = pairs.lo[p] as number;
    const hi = pairs.hi[p] as number;
    const winsLo = pairs.winsLo[p] as number;
    if (winsLo > 0) {
      beats[lo]?.push(hi);
      beatenBy[hi]?.push(lo);
    }
    if ((pairs.games[p] as number) - winsLo > 0) {
      beats[hi]?.push(lo);
      beatenBy[lo]?.push(hi);
    }
  }
  return reachesAll(beats) && reachesAll(beatenBy);
}

function reachesAll(edges: number[][]): boolean {
  const seen = new Uint8Array(edges.length);
  const stack = [0];
  seen[0] = 1;
  let count = 1;
  while (stack.length > 0) {
    const node = stack.pop() as number;
    for (const next of edges[node] ?? []) {
      if (seen[next] === 0) {
        seen[next] = 1;
        count++;
        stack.push(next);
      }
    }
  }
  return count === edges.length;
}

/**
 * The shift c maximising Σ_i [(s_i + c) − 2 log(1 + e^{s_i + c})], the prior's pseudo-games against the
 * reference item: the root of Σ_i σ(s_i + c) = n/2. Safeguarded Newton on a monotone function, bracketed by
 * −max s (every σ < ½) and −min s (every σ > ½).
 */
function bestShift(logStrength: Float64Array): number {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const v of logStrength) {
    lo = Math.min(lo, -v);
    hi = Math.max(hi, -v);
  }
  const target = logStrength.length / 2;
  let c = (lo + hi) / 2;
  for (let step = 0; step < 100 && hi - lo > 1e-15; step++) {
    let g = -target;
    let slope = 0;
    for (const v of logStrength) {
      const p = 1 / (1 + Math.exp(-(v + c)));
      g += p;
      slope += p * (1 - p);
    }
    if (Math.abs(g) < 1e-13 * target) break;
    if (g < 0) lo = c;
    else hi = c;
    const newton = slope > 0 ? c - g / slope : Number.NaN;
    c = newton > lo && newton < hi ? newton : (lo + hi) / 2;
  }
  return c;
}

function centre(logStrength: Float64Array): number[] {
  let mean = 0;
  for (const v of logStrength) mean += v;
  mean /= logStrength.length;
  return Array.from(logStrength, (v) => v - mean);
}
