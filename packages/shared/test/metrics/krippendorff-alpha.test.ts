import { describe, expect, it } from "vitest";
import { createRng, krippendorffAlpha } from "../../src/metrics/index.ts";
import type { MeasurementLevel } from "../../src/metrics/index.ts";
import { expectMetricError } from "./expect-metric-error.ts";
import { naiveKrippendorffAlpha } from "./naive-krippendorff.ts";

const _ = null;

// Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", the 4 observers × 12 units example
// with missing values. Published: nominal .743, ordinal .815, interval .849, ratio .797.
const KRIPPENDORFF_2011 = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
];

// 3 coders × 15 units from the Python `krippendorff` package's tests
// (pln-fing-udelar/fast-krippendorff, tests/test_krippendorff.py): nominal 0.691358, interval 0.810845.
const FAST_KRIPPENDORFF = [
  [_, _, _, _, _, 3, 4, 1, 2, 1, 1, 3, 3, _, 3],
  [1, _, 2, 1, 3, 3, 4, 3, _, _, _, _, _, _, _],
  [_, _, 2, 1, 3, 4, 4, _, 2, 1, 1, 3, 3, _, 4],
];

describe("krippendorffAlpha: published reference values", () => {
  it.each([
    ["nominal", 0.743],
    ["ordinal", 0.815],
    ["interval", 0.849],
    ["ratio", 0.797],
  ] as const)("Krippendorff (2011) 4×12 example, %s = %f", (level, expected) => {
    expect(krippendorffAlpha(KRIPPENDORFF_2011, level)).toBeCloseTo(expected, 3);
  });

  it("3×15 example: nominal 0.691, interval 0.811", () => {
    expect(krippendorffAlpha(FAST_KRIPPENDORFF, "nominal")).toBeCloseTo(0.691, 3);
    expect(krippendorffAlpha(FAST_KRIPPENDORFF, "interval")).toBeCloseTo(0.811, 3);
    // The package asserts 6 decimals; matching those too shows the formulation, not just the rounding, agrees.
    expect(krippendorffAlpha(FAST_KRIPPENDORFF, "nominal")).toBeCloseTo(0.691358, 6);
    expect(krippendorffAlpha(FAST_KRIPPENDORFF, "interval")).toBeCloseTo(0.810845, 6);
  });

  it("ratio with zeros on both sides counts as agreement (fast-krippendorff test_ratio_metric_with_zeros)", () => {
    expect(
      krippendorffAlpha(
        [
          [0, 1, 2],
          [0, 1, 2],
        ],
        "ratio",
      ),
    ).toBe(1);
  });
});

describe("krippendorffAlpha: fast path equals the textbook coincidence matrix", () => {
  const levels: MeasurementLevel[] = ["nominal", "ordinal", "interval", "ratio"];
  it.each(levels)("%s on random data with missing values and odd value sets", (level) => {
    const rng = createRng(7);
    let compared = 0;
    for (let trial = 0; trial < 25; trial++) {
      const raters = 2 + Math.floor(rng() * 5);
      const units = 3 + Math.floor(rng() * 30);
      const scale = [0, 0.5, 1, 2.5, 7, 10];
      const data = Array.from({ length: raters }, () =>
        Array.from({ length: units }, () => (rng() < 0.25 ? null : (scale[Math.floor(rng() * scale.length)] as number))),
      );
      let expected: number;
      try {
        expected = naiveKrippendorffAlpha(data, level);
      } catch {
        continue;
      }
      if (!Number.isFinite(expected)) continue;
      expect(krippendorffAlpha(data, level)).toBeCloseTo(expected, 10);
      compared++;
    }
    // Guard against the loop silently skipping everything.
    expect(compared).toBeGreaterThanOrEqual(20);
  });
});

describe("krippendorffAlpha: edge cases", () => {
  it("perfect agreement with variation is exactly 1 at every level", () => {
    const data = [
      [1, 2, 3, 4],
      [1, 2, 3, 4],
      [1, 2, 3, 4],
    ];
    for (const level of ["nominal", "ordinal", "interval", "ratio"] as const) {
      expect(krippendorffAlpha(data, level)).toBe(1);
    }
  });

  it("throws NO_VARIATION when everyone agrees on one single value (D_o = D_e = 0)", () => {
    expectMetricError(
      () =>
        krippendorffAlpha(
          [
            [3, 3, _],
            [3, 3, 3],
          ],
          "nominal",
        ),
      "NO_VARIATION",
    );
    expectMetricError(
      () =>
        krippendorffAlpha(
          [
            [3, 3],
            [3, 3],
          ],
          "interval",
        ),
      "NO_VARIATION",
    );
  });

  it("throws NO_PAIRABLE_VALUES when no unit has two values", () => {
    expectMetricError(
      () =>
        krippendorffAlpha(
          [
            [1, _],
            [_, 2],
          ],
          "nominal",
        ),
      "NO_PAIRABLE_VALUES",
    );
    expectMetricError(() => krippendorffAlpha([[1, 2, 3]], "interval"), "NO_PAIRABLE_VALUES");
    expectMetricError(() => krippendorffAlpha([], "nominal"), "NO_PAIRABLE_VALUES");
  });

  it("one unit with two different values is defined: interval α = 0", () => {
    // n = 2, D_o = 1, D_e = 1 → α = 1 − (n−1)·(2/1)/2 = 0.
    expect(krippendorffAlpha([[1], [2]], "interval")).toBe(0);
  });

  it("ignores units with a single value, including in the marginals", () => {
    const withSingles = [
      [1, 2, 9, _],
      [1, 3, _, 9],
    ];
    const without = [
      [1, 2],
      [1, 3],
    ];
    expect(krippendorffAlpha(withSingles, "interval")).toBe(krippendorffAlpha(without, "interval"));
  });

  it("throws LENGTH_MISMATCH for ragged raters and INVALID_INPUT for bad values", () => {
    expectMetricError(() => krippendorffAlpha([[1, 2], [1]], "nominal"), "LENGTH_MISMATCH");
    expectMetricError(
      () =>
        krippendorffAlpha(
          [
            [1, Number.NaN],
            [1, 2],
          ],
          "nominal",
        ),
      "INVALID_INPUT",
    );
    expectMetricError(
      () =>
        krippendorffAlpha(
          [
            [1, -2],
            [1, 2],
          ],
          "ratio",
        ),
      "INVALID_INPUT",
    );
    expectMetricError(
      () =>
        krippendorffAlpha(
          [
            [1, 2],
            [1, 2],
          ],
          "cardinal" as MeasurementLevel,
        ),
      "INVALID_INPUT",
    );
  });

  it("is negative for systematic disagreement", () => {
    expect(
      krippendorffAlpha(
        [
          [1, 2, 1, 2],
          [2, 1, 2, 1],
        ],
        "nominal",
      ),
    ).toBeLessThan(0);
  });
});
