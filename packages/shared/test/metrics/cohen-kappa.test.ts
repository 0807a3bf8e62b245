import { describe, expect, it } from "vitest";
import { cohenKappa } from "../../src/metrics/index.ts";
import { expectMetricError } from "./expect-metric-error.ts";

/** Expands a confusion table (rows = rater A's label index, columns = rater B's) into two label arrays. */
function expandTable(table: number[][]): { a: number[]; b: number[] } {
  const a: number[] = [];
  const b: number[] = [];
  for (const [i, row] of table.entries()) {
    for (const [j, count] of row.entries()) {
      for (let k = 0; k < count; k++) {
        a.push(i);
        b.push(j);
      }
    }
  }
  return { a, b };
}

function repeat<T>(value: T, times: number): T[] {
  return Array.from({ length: times }, () => value);
}

describe("cohenKappa: reference values", () => {
  it("3×3 table [[0,4,1],[0,8,0],[0,1,5]] → 0.4842 unweighted", () => {
    // p_o = 13/19, p_e = (5·0 + 8·13 + 6·6)/19² = 140/361, κ = (247 − 140)/(361 − 140) = 107/221.
    const { a, b } = expandTable([
      [0, 4, 1],
      [0, 8, 0],
      [0, 1, 5],
    ]);
    expect(cohenKappa(a, b)).toBeCloseTo(0.4842, 4);
    expect(cohenKappa(a, b)).toBeCloseTo(107 / 221, 12);
  });

  // scikit-learn, sklearn/metrics/tests/test_classification.py::test_cohen_kappa.
  it("scikit-learn binary example → 0.348", () => {
    const a = [...repeat(0, 40), ...repeat(1, 60)];
    const b = [...repeat(0, 20), ...repeat(1, 20), ...repeat(0, 10), ...repeat(1, 50)];
    expect(cohenKappa(a, b)).toBeCloseTo(0.348, 3);
    expect(cohenKappa(b, a)).toBe(cohenKappa(a, b));
  });

  it("scikit-learn multiclass example (Artstein & Poesio, table 4) → 0.8013", () => {
    const a = [...repeat(0, 46), ...repeat(1, 44), ...repeat(2, 10)];
    const b = [...repeat(0, 52), ...repeat(1, 32), ...repeat(2, 16)];
    expect(cohenKappa(a, b)).toBeCloseTo(0.8013, 4);
  });

  it("scikit-learn weighting example → none 0.9315, linear 0.9412, quadratic 0.9541", () => {
    const a = [...repeat(0, 46), ...repeat(1, 44), ...repeat(2, 10)];
    const b = [...repeat(0, 50), ...repeat(1, 40), ...repeat(2, 10)];
    expect(cohenKappa(a, b)).toBeCloseTo(0.9315, 4);
    expect(cohenKappa(a, b, { weights: "none" })).toBeCloseTo(0.9315, 4);
    expect(cohenKappa(a, b, { weights: "linear" })).toBeCloseTo(0.9412, 4);
    expect(cohenKappa(a, b, { weights: "quadratic" })).toBeCloseTo(0.9541, 4);
  });

  it("hand-computed weighted case", () => {
    // a = [0,1,2,2], b = [0,2,2,1]; N = 4, row totals (1,1,2), column totals (1,1,2).
    // Off-diagonal observed cells: (1,2) and (2,1), one each.
    // linear:    Σw·o = 1 + 1 = 2; Σw·e = (1·1·1 + 2·1·2 + 1·1·1 + 1·1·2 + 2·2·1 + 1·2·1)/4 = 14/4;
    //            κ = 1 − 2/(14/4) = 3/7.
    // quadratic: Σw·o = 2;         Σw·e = (1 + 4·2 + 1 + 2 + 4·2 + 2)/4 = 22/4; κ = 1 − 2/(22/4) = 7/11.
    const a = [0, 1, 2, 2];
    const b = [0, 2, 2, 1];
    expect(cohenKappa(a, b, { weights: "linear" })).toBeCloseTo(3 / 7, 12);
    expect(cohenKappa(a, b, { weights: "quadratic" })).toBeCloseTo(7 / 11, 12);
  });
});

describe("cohenKappa: categories and ordering", () => {
  it("sorts numeric labels numerically by default (10 after 9, not after 1)", () => {
    const a = [1, 9, 10, 10];
    const b = [1, 10, 10, 9];
    const explicit = cohenKappa(a, b, { weights: "linear", categories: [1, 9, 10] });
    expect(cohenKappa(a, b, { weights: "linear" })).toBe(explicit);
  });

  it("uses the given category order for weights", () => {
    const a = ["bad", "ok", "good", "good", "ok", "bad"];
    const b = ["bad", "good", "good", "ok", "ok", "good"];
    const ordered = cohenKappa(a, b, { weights: "quadratic", categories: ["bad", "ok", "good"] });
    // Same labels as numbers 0/1/2 in that order must give the same value.
    const asIndex = (x: string): number => ["bad", "ok", "good"].indexOf(x);
    expect(ordered).toBeCloseTo(cohenKappa(a.map(asIndex), b.map(asIndex), { weights: "quadratic" }), 12);
    // Alphabetical default order (bad, good, ok) measures different distances.
    expect(cohenKappa(a, b, { weights: "quadratic" })).not.toBeCloseTo(ordered, 6);
  });

  it("unused categories do not change unweighted kappa", () => {
    const a = [0, 1, 1, 0, 1];
    const b = [0, 1, 0, 0, 1];
    expect(cohenKappa(a, b, { categories: [0, 1, 2, 3] })).toBeCloseTo(cohenKappa(a, b), 12);
  });
});

describe("cohenKappa: edge cases", () => {
  it("throws NO_VARIATION when both raters use one identical category (p_e = 1)", () => {
    expectMetricError(() => cohenKappa(["x", "x", "x"], ["x", "x", "x"]), "NO_VARIATION");
  });

  it("is 0 when each rater uses one different category", () => {
    expect(cohenKappa(["x", "x"], ["y", "y"])).toBe(0);
  });

  it("is 1 for perfect agreement with variation", () => {
    expect(cohenKappa([1, 2, 3], [1, 2, 3], { weights: "quadratic" })).toBe(1);
  });

  it("validates input", () => {
    expectMetricError(() => cohenKappa([1, 2], [1]), "LENGTH_MISMATCH");
    expectMetricError(() => cohenKappa([], []), "NO_PAIRABLE_VALUES");
    expectMetricError(() => cohenKappa([1, 3], [1, 2], { categories: [1, 2] }), "INVALID_INPUT");
    expectMetricError(() => cohenKappa([1, 2], [1, 2], { categories: [1, 2, 1] }), "INVALID_INPUT");
    expectMetricError(() => cohenKappa([1, Number.NaN], [1, 2]), "INVALID_INPUT");
  });
});
