import { describe, expect, it } from "vitest";
import { kendallTau, spearman } from "../../src/metrics/index.ts";
import { expectMetricError } from "./expect-metric-error.ts";

// scipy.stats.kendalltau documentation example.
const SCIPY_X = [12, 2, 1, 12, 2];
const SCIPY_Y = [1, 4, 7, 1, 0];

describe("kendallTau", () => {
  it("scipy docs example: tau-b = -0.47140452079103173 (default variant)", () => {
    expect(kendallTau(SCIPY_X, SCIPY_Y)).toBeCloseTo(-0.47140452079103173, 12);
    expect(kendallTau(SCIPY_X, SCIPY_Y, "b")).toBeCloseTo(-0.47140452079103173, 12);
  });

  it("scipy docs example: tau-c = -0.48", () => {
    // scipy 1.17.1 kendalltau(x, y, variant="c"); by hand: P − Q = −6, m = 3, 2·(−6) / (25·2/3) = −0.48.
    expect(kendallTau(SCIPY_X, SCIPY_Y, "c")).toBeCloseTo(-0.48, 12);
  });

  it("ties in both variables (values from scipy 1.17.1)", () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8];
    const y = [3, 1, 2, 2, 5, 8, 8, 6];
    expect(kendallTau(x, y, "b")).toBeCloseTo(0.5929994533288809, 12);
    expect(kendallTau(x, y, "c")).toBeCloseTo(0.6, 12);
  });

  it("is ±1 for (reversed) identical orderings", () => {
    expect(kendallTau([1, 2, 3, 4], [10, 20, 30, 40])).toBe(1);
    expect(kendallTau([1, 2, 3, 4], [4, 3, 2, 1])).toBe(-1);
  });

  it("edge cases", () => {
    expectMetricError(() => kendallTau([1, 2], [1]), "LENGTH_MISMATCH");
    expectMetricError(() => kendallTau([1], [1]), "NO_PAIRABLE_VALUES");
    expectMetricError(() => kendallTau([1, 1, 1], [1, 2, 3]), "NO_VARIATION");
    expectMetricError(() => kendallTau([1, 1, 1], [1, 2, 3], "c"), "NO_VARIATION");
    expectMetricError(() => kendallTau([1, 2], [1, 2], "a" as "b"), "INVALID_INPUT");
  });
});

describe("spearman", () => {
  it("matches scipy.stats.spearmanr with ties (scipy 1.17.1)", () => {
    expect(spearman(SCIPY_X, SCIPY_Y)).toBeCloseTo(-0.5407380704358752, 12);
    expect(spearman([1, 2, 3, 4, 5, 6, 7, 8], [3, 1, 2, 2, 5, 8, 8, 6])).toBeCloseTo(0.7711403083390078, 12);
  });

  it("is 1 for any monotone relation", () => {
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 64])).toBe(1);
  });

  it("edge cases", () => {
    expectMetricError(() => spearman([1, 2], [1]), "LENGTH_MISMATCH");
    expectMetricError(() => spearman([1], [1]), "NO_PAIRABLE_VALUES");
    expectMetricError(() => spearman([2, 2, 2], [1, 2, 3]), "NO_VARIATION");
    expectMetricError(() => spearman([1, Number.POSITIVE_INFINITY], [1, 2]), "INVALID_INPUT");
  });
});
