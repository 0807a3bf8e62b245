import { describe, expect, it } from "vitest";
import { kendallW } from "../../src/metrics/index.ts";
import { expectMetricError } from "./expect-metric-error.ts";

describe("kendallW", () => {
  it("ProofWiki 'Kendall's Coefficient of Concordance/Examples/Arbitrary Example 1' → 1/16", () => {
    // 4 judges rank competitors X, Y, Z; rank sums 7, 9, 8; S = 2; W = 12·2 / (4²·3·(3²−1)) = 1/16.
    const ranks = [
      [1, 3, 2],
      [1, 2, 3],
      [2, 3, 1],
      [3, 1, 2],
    ];
    expect(kendallW(ranks)).toBeCloseTo(1 / 16, 12);
  });

  it("is 1 for identical rankings, with or without ties", () => {
    expect(
      kendallW([
        [1, 2, 3, 4],
        [1, 2, 3, 4],
        [1, 2, 3, 4],
      ]),
    ).toBe(1);
    expect(
      kendallW([
        [1, 1, 3],
        [1, 1, 3],
      ]),
    ).toBeCloseTo(1, 12);
  });

  it("re-ranks raw scores, so any per-rater monotone transform gives the same W", () => {
    const ranks = [
      [1, 2, 3, 4, 5],
      [2, 1, 3, 5, 4],
      [1, 3, 2, 4, 5],
    ];
    const scores = [
      [0.1, 0.2, 3, 40, 500],
      [20, 10, 30, 50, 40],
      [-5, 7, 6.5, 8, 100],
    ];
    expect(kendallW(scores)).toBeCloseTo(kendallW(ranks), 12);
  });

  it("hand-computed tie correction", () => {
    // Rater 1 ranks [1,2,3]; rater 2 scores [1,1,2] → mid-ranks [1.5,1.5,3], one tie group of t = 2.
    // Rank sums 2.5, 3.5, 6; mean m(n+1)/2 = 4; S = 2.25 + 0.25 + 4 = 6.5; 12S = 78.
    // Uncorrected: 78 / (m²(n³−n)) = 78/96. Corrected: 78 / (96 − m·Σ(t³−t)) = 78 / (96 − 2·6) = 13/14.
    const data = [
      [1, 2, 3],
      [1, 1, 2],
    ];
    expect(kendallW(data)).toBeCloseTo(13 / 14, 12);
    expect(kendallW(data, { tieCorrection: true })).toBeCloseTo(13 / 14, 12);
    expect(kendallW(data, { tieCorrection: false })).toBeCloseTo(78 / 96, 12);
  });

  it("matches an independent tie-corrected computation on the R irr/DescTools `anxiety` data", () => {
    // 3 raters × 20 subjects with many ties (DescTools KendallW / irr kendall examples).
    // Reference computed independently with scipy 1.17.1: friedmanchisquare(...) / (m (n − 1)) = 0.5396568759543704
    // (Friedman's statistic carries the same tie correction); uncorrected W = 0.501921470342523.
    const anxiety = [
      [3, 3, 3, 4, 5, 5, 2, 3, 5, 2, 2, 6, 1, 5, 2, 2, 1, 2, 4, 3],
      [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4],
      [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2],
    ];
    expect(kendallW(anxiety)).toBeCloseTo(0.5396568759543704, 10);
    expect(kendallW(anxiety, { tieCorrection: false })).toBeCloseTo(0.501921470342523, 10);
  });

  it("edge cases", () => {
    expectMetricError(() => kendallW([[1, 2, 3]]), "INVALID_INPUT");
    expectMetricError(() => kendallW([[1], [1]]), "INVALID_INPUT");
    expectMetricError(
      () =>
        kendallW([
          [1, 2, 3],
          [1, 2],
        ]),
      "LENGTH_MISMATCH",
    );
    expectMetricError(
      () =>
        kendallW([
          [1, Number.NaN],
          [1, 2],
        ]),
      "INVALID_INPUT",
    );
    // Every rater ties everything: corrected denominator is 0.
    expectMetricError(
      () =>
        kendallW([
          [5, 5, 5],
          [2, 2, 2],
        ]),
      "NO_VARIATION",
    );
  });
});
