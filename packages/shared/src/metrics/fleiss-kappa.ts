import { MetricError } from "./metric-error.ts";

/**
 * Fleiss' κ for a fixed number of raters per item (Fleiss 1971):
 * κ = (P̄ − P̄_e) / (1 − P̄_e), with P_i = (Σ_j n_ij² − n) / (n (n − 1)) and P̄_e = Σ_j p_j².
 *
 * @param counts - `counts[item][category]`: how many raters put the item in that category. Every row must
 *   have the same length and the same total n ≥ 2 (raters need not be the same people across items).
 * @returns κ ≤ 1; 0 is chance agreement.
 * @throws {@link MetricError} `NO_PAIRABLE_VALUES` with no items or fewer than two raters per item;
 *   `LENGTH_MISMATCH` for rows with different category counts; `UNEQUAL_RATER_COUNTS` when row totals differ;
 *   `INVALID_INPUT` for negative or non-integer counts; `NO_VARIATION` when P̄_e = 1 (every rating is in one
 *   category), where κ is 0/0 — thrown rather than returned as 1.
 */
export function fleissKappa(counts: readonly (readonly number[])[]): number {
  const itemCount = counts.length;
  const first = counts[0];
  if (first === undefined) throw new MetricError("NO_PAIRABLE_VALUES", "fleissKappa needs at least one item");
  const categoryCount = first.length;
  const raters = rowTotal(first, 0);
  if (raters < 2) {
    throw new MetricError("NO_PAIRABLE_VALUES", `each item needs at least two ratings, item 0 has ${raters}`);
  }

  const categoryTotals = new Float64Array(categoryCount);
  let agreementSum = 0;
  counts.forEach((row, item) => {
    if (row.length !== categoryCount) {
      throw new MetricError("LENGTH_MISMATCH", `item ${item} has ${row.length} categories but item 0 has ${categoryCount}`);
    }
    const total = rowTotal(row, item);
    if (total !== raters) {
      throw new MetricError(
        "UNEQUAL_RATER_COUNTS",
        `item ${item} has ${total} ratings but item 0 has ${raters}; Fleiss' kappa needs the same number per item`,
      );
    }
    let squares = 0;
    row.forEach((c, j) => {
      squares += c * c;
      categoryTotals[j] = (categoryTotals[j] as number) + c;
    });
    agreementSum += (squares - raters) / (raters * (raters - 1));
  });

  const meanAgreement = agreementSum / itemCount;
  const ratingCount = itemCount * raters;
  let chanceAgreement = 0;
  for (const total of categoryTotals) chanceAgreement += (total / ratingCount) ** 2;
  // Exactly 1 only when one category holds every rating (p_j ∈ {0, 1}), so a plain comparison is safe.
  if (chanceAgreement >= 1) {
    throw new MetricError("NO_VARIATION", "every rating is in one category; Fleiss' kappa is undefined");
  }
  return (meanAgreement - chanceAgreement) / (1 - chanceAgreement);
}

function rowTotal(row: readonly number[], item: number): number {
  let total = 0;
  row.forEach((c, j) => {
    if (typeof c !== "number" || !Number.isInteger(c) || c < 0) {
      throw new MetricError("INVALID_INPUT", `counts[${item}][${j}] must be a non-negative integer, got ${String(c)}`);
    }
    total += c;
  });
  return total;
}
