import { MetricError } from "./metric-error.ts";
import { assertFiniteNumbers, assertSameLength, clampCorrelation, midRanks } from "./ranks.ts";

/**
 * Spearman's ρ: the Pearson correlation of the mid-ranks of x and y (so ties are handled the way
 * `scipy.stats.spearmanr` handles them, not with the 1 − 6Σd²/… shortcut that assumes no ties).
 *
 * @returns ρ in [−1, 1].
 * @throws {@link MetricError} `LENGTH_MISMATCH`; `NO_PAIRABLE_VALUES` with fewer than two pairs;
 *   `INVALID_INPUT` for non-finite values; `NO_VARIATION` when x or y is constant (ρ is 0/0).
 */
export function spearman(x: readonly number[], y: readonly number[]): number {
  assertSameLength(x, y);
  const n = x.length;
  if (n < 2) throw new MetricError("NO_PAIRABLE_VALUES", `Spearman's rho needs at least two pairs, got ${n}`);
  assertFiniteNumbers(x, "x");
  assertFiniteNumbers(y, "y");

  const rx = midRanks(x).ranks;
  const ry = midRanks(y).ranks;
  // Mid-ranks of n values always average (n + 1) / 2.
  const mean = (n + 1) / 2;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (rx[i] as number) - mean;
    const dy = (ry[i] as number) - mean;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) throw new MetricError("NO_VARIATION", "x or y is constant; Spearman's rho is undefined");
  return clampCorrelation(sxy / Math.sqrt(sxx * syy));
}
