import { MetricError } from "./metric-error.ts";
import { assertFiniteNumbers, midRanks } from "./ranks.ts";

export type KendallWOptions = {
  /** Subtract m Σ T_j (T_j = Σ (t³ − t) over rater j's tie groups) from the denominator. Defaults to `true`. */
  tieCorrection?: boolean;
};

/**
 * Kendall's coefficient of concordance W for m raters ranking the same n objects:
 * W = 12 S / (m² (n³ − n) − m Σ T_j), where S is the sum of squared deviations of the objects'
 * rank sums from their mean.
 *
 * @param ranks - `ranks[rater][object]`. Each rater's row is re-ranked into mid-ranks first, so raw
 *   scores (higher or lower = better, consistently across raters) work as well as ranks; ties share
 *   the mean rank.
 * @returns W in [0, 1]; 1 means identical orderings.
 * @throws {@link MetricError} `INVALID_INPUT` with fewer than two raters or objects, or non-finite values;
 *   `LENGTH_MISMATCH` when rows differ in length; `NO_VARIATION` when the (tie-corrected) denominator is 0,
 *   i.e. every rater tied all objects.
 */
export function kendallW(ranks: readonly (readonly number[])[], opts: KendallWOptions = {}): number {
  const tieCorrection = opts.tieCorrection ?? true;
  const m = ranks.length;
  const n = ranks[0]?.length ?? 0;
  if (m < 2) throw new MetricError("INVALID_INPUT", `Kendall's W needs at least two raters, got ${m}`);
  if (n < 2) throw new MetricError("INVALID_INPUT", `Kendall's W needs at least two objects, got ${n}`);

  const rankSums = new Float64Array(n);
  let tieSum = 0;
  ranks.forEach((row, rater) => {
    if (row.length !== n) {
      throw new MetricError("LENGTH_MISMATCH", `rater ${rater} ranked ${row.length} objects but rater 0 ranked ${n}`);
    }
    assertFiniteNumbers(row, `ranks[${rater}]`);
    const { ranks: rowRanks, tieCubeSum } = midRanks(row);
    for (let i = 0; i < n; i++) rankSums[i] = (rankSums[i] as number) + (rowRanks[i] as number);
    tieSum += tieCubeSum;
  });

  // Mid-ranks always sum to n(n+1)/2 per rater, so the mean rank sum is exact.
  const meanRankSum = (m * (n + 1)) / 2;
  let s = 0;
  for (const sum of rankSums) s += (sum - meanRankSum) ** 2;
  const denominator = m * m * (n * n * n - n) - (tieCorrection ? m * tieSum : 0);
  if (denominator <= 0) {
    throw new MetricError("NO_VARIATION", "every rater tied all objects; Kendall's W is undefined");
  }
  return (12 * s) / denominator;
}
