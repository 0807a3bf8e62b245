import { describe, expect, it } from "vitest";
import { bradleyTerry, createRng, spearman } from "../../src/metrics/index.ts";
import type { PairwiseComparison } from "../../src/metrics/index.ts";
import { expectMetricError } from "./expect-metric-error.ts";

function repeat(comparison: PairwiseComparison, times: number): PairwiseComparison[] {
  return Array.from({ length: times }, () => comparison);
}

describe("bradleyTerry", () => {
  it("2 items, 3 wins vs 1, no prior: log-strength difference is log 3", () => {
    const comparisons: PairwiseComparison[] = [...repeat({ a: 0, b: 1, outcome: 1 }, 3), { a: 1, b: 0, outcome: 1 }];
    const [s0, s1] = bradleyTerry(2, comparisons, { prior: 0 }) as [number, number];
    // MLE: γ0/(γ0+γ1) = 3/4 ⇒ γ0/γ1 = 3.
    expect(s0 - s1).toBeCloseTo(Math.log(3), 9);
    expect(s0 + s1).toBeCloseTo(0, 12);
  });

  it("a tie counts half a win to each side", () => {
    // 1 win + 1 tie for item 0 vs item 1 = 1.5 : 0.5 ⇒ log 3.
    const comparisons: PairwiseComparison[] = [
      { a: 0, b: 1, outcome: 1 },
      { a: 1, b: 0, outcome: 0.5 },
      { a: 0, b: 1, outcome: 0 },
      { a: 0, b: 1, outcome: 1 },
    ];
    // Wins for 0: 1 + 0.5 + 0 + 1 = 2.5; for 1: 1.5 ⇒ difference log(2.5/1.5).
    const [s0, s1] = bradleyTerry(2, comparisons, { prior: 0 }) as [number, number];
    expect(s0 - s1).toBeCloseTo(Math.log(2.5 / 1.5), 9);
  });

  it("equals the posterior mode found by an independent optimiser (prior 0.1 = pseudo-games vs a reference item)", () => {
    // Reference: Newton's method in numpy on log L(s) + 0.1 Σ_i [log σ(s_i) + log σ(−s_i)], gradient < 1e-15,
    // then centred. Item 0 is undefeated, and one judgement is a tie.
    const comparisons: PairwiseComparison[] = [
      { a: 0, b: 1, outcome: 1 },
      { a: 0, b: 1, outcome: 1 },
      { a: 0, b: 2, outcome: 1 },
      { a: 0, b: 3, outcome: 1 },
      { a: 1, b: 2, outcome: 1 },
      { a: 2, b: 1, outcome: 0.5 },
      { a: 1, b: 3, outcome: 0 },
      { a: 2, b: 3, outcome: 1 },
      { a: 3, b: 2, outcome: 1 },
      { a: 1, b: 2, outcome: 0 },
    ];
    const expected = [2.791111877869, -1.352082661245, -0.985873919054, -0.45315529757];
    const fitted = bradleyTerry(4, comparisons, { tolerance: 1e-12 });
    expect(fitted).toHaveLength(4);
    for (const [i, f] of fitted.entries()) expect(f).toBeCloseTo(expected[i] as number, 8);
  });

  it("recovers simulated strengths for 8 items (Spearman ≥ 0.95)", () => {
    const rng = createRng(2024);
    const truth = [-1.6, -1.1, -0.6, -0.2, 0.2, 0.7, 1.1, 1.5];
    // Shuffle so recovery is not helped by index order.
    for (let i = truth.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [truth[i], truth[j]] = [truth[j] as number, truth[i] as number];
    }
    const comparisons: PairwiseComparison[] = [];
    for (let k = 0; k < 3000; k++) {
      const a = Math.floor(rng() * 8);
      let b = Math.floor(rng() * 7);
      if (b >= a) b++;
      const pWin = 1 / (1 + Math.exp((truth[b] as number) - (truth[a] as number)));
      comparisons.push({ a, b, outcome: rng() < pWin ? 1 : 0 });
    }
    const fitted = bradleyTerry(8, comparisons);
    expect(spearman(fitted, truth)).toBeGreaterThanOrEqual(0.95);
    const mean = fitted.reduce((s, x) => s + x, 0) / fitted.length;
    expect(mean).toBeCloseTo(0, 12);
    for (const [i, f] of fitted.entries()) expect(Math.abs(f - (truth[i] as number))).toBeLessThan(0.3);
  });

  it("keeps an undefeated item finite with the default prior, and refuses it without one", () => {
    const comparisons: PairwiseComparison[] = [
      ...repeat({ a: 0, b: 1, outcome: 1 }, 5),
      ...repeat({ a: 0, b: 2, outcome: 1 }, 5),
      { a: 1, b: 2, outcome: 1 },
      { a: 2, b: 1, outcome: 1 },
    ];
    const fitted = bradleyTerry(3, comparisons);
    expect(fitted.every(Number.isFinite)).toBe(true);
    expect(fitted[0]).toBeGreaterThan(fitted[1] as number);
    expect(fitted[1]).toBeCloseTo(fitted[2] as number, 9);
    expectMetricError(() => bradleyTerry(3, comparisons, { prior: 0 }), "NOT_IDENTIFIABLE");
  });

  it("returns finite, centred values for items never compared (prior > 0)", () => {
    expect(bradleyTerry(3, [])).toEqual([0, 0, 0]);
    expect(bradleyTerry(0, [])).toEqual([]);
    expect(bradleyTerry(1, [], { prior: 0 })).toEqual([0]);
  });

  it("a larger prior shrinks differences", () => {
    const comparisons: PairwiseComparison[] = [...repeat({ a: 0, b: 1, outcome: 1 }, 3), { a: 1, b: 0, outcome: 1 }];
    const gap = (prior: number): number => {
      const [s0, s1] = bradleyTerry(2, comparisons, { prior }) as [number, number];
      return s0 - s1;
    };
    expect(gap(0.1)).toBeLessThan(Math.log(3));
    expect(gap(2)).toBeLessThan(gap(0.1));
    expect(gap(2)).toBeGreaterThan(0);
  });

  it("validates input and reports non-convergence", () => {
    expectMetricError(() => bradleyTerry(2, [{ a: 0, b: 2, outcome: 1 }]), "INVALID_INPUT");
    expectMetricError(() => bradleyTerry(2, [{ a: 1, b: 1, outcome: 1 }]), "INVALID_INPUT");
    expectMetricError(() => bradleyTerry(2, [{ a: 0, b: 1, outcome: 2 as 1 }]), "INVALID_INPUT");
    expectMetricError(() => bradleyTerry(-1, []), "INVALID_INPUT");
    expectMetricError(() => bradleyTerry(2, [], { prior: -1 }), "INVALID_INPUT");
    const chain: PairwiseComparison[] = [
      { a: 0, b: 1, outcome: 1 },
      { a: 1, b: 2, outcome: 1 },
      { a: 2, b: 3, outcome: 1 },
    ];
    expectMetricError(() => bradleyTerry(4, chain, { iterations: 2, tolerance: 1e-12 }), "NOT_CONVERGED");
  });
});
