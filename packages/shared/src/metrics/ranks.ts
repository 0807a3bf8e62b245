import { MetricError } from "./metric-error.ts";

// Internal helpers shared by the rank-based metrics; not re-exported from index.ts.

/** Throws INVALID_INPUT unless every entry is a finite number (NaN would poison every sum downstream). */
export function assertFiniteNumbers(values: readonly number[], label: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new MetricError("INVALID_INPUT", `${label}[${i}] must be a finite number, got ${String(v)}`);
    }
  }
}

/** Throws LENGTH_MISMATCH unless both arrays have the same length. */
export function assertSameLength(x: readonly unknown[], y: readonly unknown[]): void {
  if (x.length !== y.length) {
    throw new MetricError("LENGTH_MISMATCH", `arrays differ in length: ${x.length} vs ${y.length}`);
  }
}

export type RankResult = {
  /** 1-based ranks; tied values share the mean of the positions they occupy. */
  ranks: Float64Array;
  /** Σ (t³ − t) over tie groups of size t, the quantity every tie correction needs. */
  tieCubeSum: number;
};

/** Mid-ranks of `values`, so raw scores and already-ranked data are treated alike. */
export function midRanks(values: readonly number[]): RankResult {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((a, b) => (values[a] as number) - (values[b] as number));
  const ranks = new Float64Array(n);
  let tieCubeSum = 0;
  let start = 0;
  while (start < n) {
    const first = values[order[start] as number] as number;
    let end = start + 1;
    while (end < n && values[order[end] as number] === first) end++;
    // Positions start..end-1 (0-based) are tied; their mean 1-based rank is (start + 1 + end) / 2.
    const rank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k] as number] = rank;
    const t = end - start;
    tieCubeSum += t * t * t - t;
    start = end;
  }
  return { ranks, tieCubeSum };
}

/** Rounding can push a perfect correlation to 1 + ε; callers compare against ±1. */
export function clampCorrelation(r: number): number {
  return Math.max(-1, Math.min(1, r));
}
