import { describe, expect, it } from "vitest";
import { fleissKappa } from "../../src/metrics/index.ts";
import { expectMetricError } from "./expect-metric-error.ts";

describe("fleissKappa", () => {
  it("Wikipedia worked example (10 items × 5 categories, 14 raters) → 0.210", () => {
    // en.wikipedia.org/wiki/Fleiss'_kappa, "Worked example": P̄ = 0.378, P̄_e = 0.213, κ = 0.210.
    const counts = [
      [0, 0, 0, 0, 14],
      [0, 2, 6, 4, 2],
      [0, 0, 3, 5, 6],
      [0, 3, 9, 2, 0],
      [2, 2, 8, 1, 1],
      [7, 7, 0, 0, 0],
      [3, 2, 6, 3, 0],
      [2, 5, 3, 2, 2],
      [6, 5, 2, 1, 0],
      [0, 2, 2, 3, 7],
    ];
    expect(fleissKappa(counts)).toBeCloseTo(0.21, 3);
  });

  it("equals Cohen-style 1 for unanimous items spread over categories", () => {
    expect(
      fleissKappa([
        [3, 0],
        [0, 3],
        [3, 0],
      ]),
    ).toBe(1);
  });

  it("throws UNEQUAL_RATER_COUNTS when items have different numbers of raters", () => {
    expectMetricError(
      () =>
        fleissKappa([
          [2, 1],
          [1, 1],
        ]),
      "UNEQUAL_RATER_COUNTS",
    );
  });

  it("throws NO_VARIATION when every rating is in one category (P̄_e = 1)", () => {
    expectMetricError(
      () =>
        fleissKappa([
          [0, 4],
          [0, 4],
        ]),
      "NO_VARIATION",
    );
  });

  it("validates shape and counts", () => {
    expectMetricError(() => fleissKappa([]), "NO_PAIRABLE_VALUES");
    expectMetricError(
      () =>
        fleissKappa([
          [1, 0],
          [0, 1],
        ]),
      "NO_PAIRABLE_VALUES",
    );
    expectMetricError(
      () =>
        fleissKappa([
          [1, 1],
          [1, 1, 0],
        ]),
      "LENGTH_MISMATCH",
    );
    expectMetricError(
      () =>
        fleissKappa([
          [1, 1],
          [3, -1],
        ]),
      "INVALID_INPUT",
    );
    expectMetricError(
      () =>
        fleissKappa([
          [1.5, 0.5],
          [1, 1],
        ]),
      "INVALID_INPUT",
    );
  });
});
