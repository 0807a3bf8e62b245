import { MetricError } from "./metric-error.ts";
import { assertSameLength } from "./ranks.ts";

/** A category label as raters give it; `1` and `"1"` are different categories. */
export type Category = number | string;

/** Disagreement weights: `none` (0/1), `linear` (|i − j|) or `quadratic` ((i − j)²) on category positions. */
export type KappaWeights = "none" | "linear" | "quadratic";

export type CohenKappaOptions = {
  /** Defaults to `none`. */
  weights?: KappaWeights;
  /**
   * All allowed categories, in order. The order is what `linear` and `quadratic` weights measure
   * distance on (positions, not numeric values). Defaults to the distinct observed values sorted:
   * numbers numerically first, then strings by code unit.
   */
  categories?: readonly Category[];
};

/**
 * Cohen's κ for two raters labelling the same items, optionally weighted:
 * κ = 1 − Σ w_ij o_ij / Σ w_ij e_ij, with e_ij from the product of the raters' marginals.
 * With `weights: "none"` this is the classic (p_o − p_e) / (1 − p_e).
 *
 * @param a - rater A's label per item.
 * @param b - rater B's label per item, aligned with `a`.
 * @returns κ ≤ 1; 0 is chance agreement.
 * @throws {@link MetricError} `LENGTH_MISMATCH` when lengths differ; `NO_PAIRABLE_VALUES` for empty input;
 *   `INVALID_INPUT` for non-finite numbers, non-number/string labels, duplicate categories or a label
 *   missing from `categories`; `NO_VARIATION` when expected disagreement is 0 (p_e = 1: both raters used
 *   one and the same category throughout), where κ is 0/0 — thrown rather than returned as 1.
 */
export function cohenKappa(a: readonly Category[], b: readonly Category[], opts: CohenKappaOptions = {}): number {
  assertSameLength(a, b);
  const itemCount = a.length;
  if (itemCount === 0) throw new MetricError("NO_PAIRABLE_VALUES", "cohenKappa needs at least one rated item");
  const weights = opts.weights ?? "none";
  if (weights !== "none" && weights !== "linear" && weights !== "quadratic") {
    throw new MetricError("INVALID_INPUT", `unknown weights: ${String(weights)}`);
  }
  for (let i = 0; i < itemCount; i++) {
    assertCategory(a[i], `a[${i}]`);
    assertCategory(b[i], `b[${i}]`);
  }

  const categories = opts.categories ?? defaultCategories(a, b);
  const index = new Map<Category, number>();
  categories.forEach((category, i) => {
    assertCategory(category, `categories[${i}]`);
    if (index.has(category)) throw new MetricError("INVALID_INPUT", `duplicate category: ${String(category)}`);
    index.set(category, i);
  });

  const k = categories.length;
  const observed = new Float64Array(k * k);
  const rowTotals = new Float64Array(k);
  const columnTotals = new Float64Array(k);
  for (let item = 0; item < itemCount; item++) {
    const i = categoryIndex(index, a[item] as Category);
    const j = categoryIndex(index, b[item] as Category);
    observed[i * k + j] = (observed[i * k + j] as number) + 1;
    rowTotals[i] = (rowTotals[i] as number) + 1;
    columnTotals[j] = (columnTotals[j] as number) + 1;
  }

  let weightedObserved = 0;
  let weightedExpected = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const w = weight(weights, i, j);
      if (w === 0) continue;
      weightedObserved += w * (observed[i * k + j] as number);
      weightedExpected += (w * (rowTotals[i] as number) * (columnTotals[j] as number)) / itemCount;
    }
  }
  if (weightedExpected === 0) {
    throw new MetricError("NO_VARIATION", "both raters used a single, identical category; kappa is undefined");
  }
  return 1 - weightedObserved / weightedExpected;
}

function weight(weights: KappaWeights, i: number, j: number): number {
  if (weights === "none") return i === j ? 0 : 1;
  const d = Math.abs(i - j);
  return weights === "linear" ? d : d * d;
}

function assertCategory(value: unknown, label: string): void {
  if (typeof value === "string") return;
  if (typeof value === "number" && Number.isFinite(value)) return;
  throw new MetricError("INVALID_INPUT", `${label} must be a finite number or a string, got ${String(value)}`);
}

function categoryIndex(index: ReadonlyMap<Category, number>, value: Category): number {
  const i = index.get(value);
  if (i === undefined) {
    throw new MetricError("INVALID_INPUT", `label ${JSON.stringify(value)} is not among the given categories`);
  }
  return i;
}

function defaultCategories(a: readonly Category[], b: readonly Category[]): Category[] {
  const distinct = [...new Set<Category>([...a, ...b])];
  return distinct.sort(compareCategories);
}

/** Numbers before strings, numbers numerically, strings by code unit (locale-independent, so stable everywhere). */
function compareCategories(x: Category, y: Category): number {
  if (typeof x === "number" && typeof y === "number") return x - y;
  if (typeof x === "number") return -1;
  if (typeof y === "number") return 1;
  return x < y ? -1 : x > y ? 1 : 0;
}
