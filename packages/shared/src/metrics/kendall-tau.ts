import { MetricError } from "./metric-error.ts";
import { assertFiniteNumbers, assertSameLength, clampCorrelation } from "./ranks.ts";

/** `b` adjusts for ties in either variable (square tables); `c` (Stuart) for rectangular tables. */
export type KendallTauVariant = "b" | "c";

/**
 * Kendall's rank correlation τ between two paired samples, counting concordant (P) and discordant (Q)
 * pairs directly in O(n²), which is fine for the small n (responses per prompt) it is used on.
 *
 * - τ-b = (P − Q) / √((n₀ − n₁)(n₀ − n₂)), n₀ = n(n−1)/2, n₁ / n₂ = pairs tied in x / in y.
 * - τ-c = 2 (P − Q) / (n² (m − 1) / m), m = min(distinct x, distinct y).
 *
 * Both match `scipy.stats.kendalltau(x, y, variant=...)`.
 *
 * @param variant - defaults to `b`.
 * @returns τ in [−1, 1].
 * @throws {@link MetricError} `LENGTH_MISMATCH`; `NO_PAIRABLE_VALUES` with fewer than two pairs;
 *   `INVALID_INPUT` for non-finite values or an unknown variant; `NO_VARIATION` when x or y is constant
 *   (τ is 0/0).
 */
export function kendallTau(x: readonly number[], y: readonly number[], variant: KendallTauVariant = "b"): number {
  if (variant !== "b" && variant !== "c") {
    throw new MetricError("INVALID_INPUT", `unknown Kendall tau variant: ${String(variant)}`);
  }
  assertSameLength(x, y);
  const n = x.length;
  if (n < 2) throw new MetricError("NO_PAIRABLE_VALUES", `Kendall's tau needs at least two pairs, got ${n}`);
  assertFiniteNumbers(x, "x");
  assertFiniteNumbers(y, "y");

  let difference = 0;
  let tiedX = 0;
  let tiedY = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i] as number;
    const yi = y[i] as number;
    for (let j = i + 1; j < n; j++) {
      const dx = Math.sign(xi - (x[j] as number));
      const dy = Math.sign(yi - (y[j] as number));
      if (dx === 0) tiedX++;
      if (dy === 0) tiedY++;
      difference += dx * dy;
    }
  }

  if (variant === "b") {
    const pairs = (n * (n - 1)) / 2;
    const denominator = Math.sqrt((pairs - tiedX) * (pairs - tiedY));
    if (denominator === 0) throw new MetricError("NO_VARIATION", "x or y is constant; Kendall's tau-b is undefined");
    return clampCorrelation(difference / denominator);
  }
  const m = Math.min(new Set(x).size, new Set(y).size);
  if (m < 2) throw new MetricError("NO_VARIATION", "x or y is constant; Kendall's tau-c is undefined");
  return clampCorrelation((2 * difference) / ((n * n * (m - 1)) / m));
}
