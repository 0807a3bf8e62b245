import { describe, expect, it } from "vitest";
import { bootstrapCI, cohenKappa, createRng, krippendorffAlpha, MetricError } from "../../src/metrics/index.ts";
import { expectMetricError } from "./expect-metric-error.ts";

const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

describe("createRng", () => {
  it("is deterministic per seed, in [0, 1), and seeds differ", () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    expect(mean(xs)).toBeCloseTo(0.5, 1);
  });

  it("rejects a non-finite seed", () => {
    expectMetricError(() => createRng(Number.NaN), "INVALID_INPUT");
  });
});

describe("bootstrapCI", () => {
  const rng = createRng(3);
  const data = Array.from({ length: 200 }, () => 10 + 4 * (rng() - 0.5));

  it("is deterministic for a seed and changes with it", () => {
    const first = bootstrapCI(data, mean, { seed: 11, iterations: 500 });
    const again = bootstrapCI(data, mean, { seed: 11, iterations: 500 });
    const other = bootstrapCI(data, mean, { seed: 12, iterations: 500 });
    expect(again).toEqual(first);
    expect(other.lower).not.toBe(first.lower);
    expect(first.iterations).toBe(500);
  });

  it("brackets the estimate, and a higher confidence widens the interval", () => {
    const ci95 = bootstrapCI(data, mean, { seed: 5 });
    const ci80 = bootstrapCI(data, mean, { seed: 5, confidence: 0.8 });
    expect(ci95.estimate).toBeCloseTo(mean(data), 12);
    expect(ci95.lower).toBeLessThan(ci95.estimate);
    expect(ci95.upper).toBeGreaterThan(ci95.estimate);
    // Uniform(8, 12) has sd 4/√12 ≈ 1.155, so the 95% half-width is ≈ 1.96 · 1.155/√200 ≈ 0.16.
    expect(ci95.upper - ci95.lower).toBeGreaterThan(0.2);
    expect(ci95.upper - ci95.lower).toBeLessThan(0.45);
    expect(ci80.upper - ci80.lower).toBeLessThan(ci95.upper - ci95.lower);
    expect(ci95.iterations).toBe(1000);
  });

  it("resamples units for an agreement metric and brackets its estimate", () => {
    // Units are items: [rater A label, rater B label]; B agrees with A 80% of the time.
    const r = createRng(9);
    const items = Array.from({ length: 150 }, () => {
      const label = Math.floor(r() * 3);
      return [label, r() < 0.8 ? label : Math.floor(r() * 3)] as const;
    });
    const kappa = (sample: (readonly [number, number])[]): number =>
      cohenKappa(
        sample.map((item) => item[0]),
        sample.map((item) => item[1]),
      );
    const alpha = (sample: (readonly [number, number])[]): number =>
      krippendorffAlpha([sample.map((item) => item[0]), sample.map((item) => item[1])], "nominal");
    for (const statistic of [kappa, alpha]) {
      const ci = bootstrapCI(items, statistic, { seed: 1, iterations: 400 });
      expect(ci.lower).toBeLessThan(ci.estimate);
      expect(ci.upper).toBeGreaterThan(ci.estimate);
      expect(ci.lower).toBeGreaterThan(0.5);
    }
  });

  it("skips resamples where the statistic throws a MetricError or is not finite, and reports how many were used", () => {
    // Two units: half the resamples draw the same unit twice, where kappa has no variation.
    const items: [string, string][] = [
      ["x", "x"],
      ["y", "y"],
    ];
    const ci = bootstrapCI(
      items,
      (s) =>
        cohenKappa(
          s.map((i) => i[0]),
          s.map((i) => i[1]),
        ),
      {
        seed: 2,
        iterations: 200,
      },
    );
    expect(ci.iterations).toBeGreaterThan(50);
    expect(ci.iterations).toBeLessThan(150);
    expect(ci.lower).toBe(1);
    expect(ci.upper).toBe(1);

    let calls = 0;
    const flaky = bootstrapCI([1, 2, 3], (s) => (calls++ % 2 === 0 ? mean(s) : Number.NaN), { iterations: 10 });
    expect(flaky.iterations).toBe(5);
  });

  it("propagates errors that are not MetricErrors, and MetricErrors on the full sample", () => {
    let calls = 0;
    expect(() =>
      bootstrapCI([1, 2, 3], (s) => {
        if (calls++ > 0) throw new TypeError("bug");
        return mean(s);
      }),
    ).toThrow(TypeError);
    expect(() =>
      bootstrapCI([1], () => {
        throw new MetricError("NO_VARIATION", "nope");
      }),
    ).toThrow(MetricError);
  });

  it("edge cases", () => {
    expectMetricError(() => bootstrapCI([], mean), "INVALID_INPUT");
    expectMetricError(() => bootstrapCI([1], mean, { iterations: 0 }), "INVALID_INPUT");
    expectMetricError(() => bootstrapCI([1], mean, { confidence: 1 }), "INVALID_INPUT");
    expectMetricError(() => bootstrapCI([1], () => Number.NaN), "NON_FINITE");
    let calls = 0;
    expectMetricError(
      () =>
        bootstrapCI([1, 2], (s) => {
          if (calls++ > 0) throw new MetricError("NO_VARIATION", "always");
          return mean(s);
        }),
      "NO_VALID_RESAMPLES",
    );
  });
});
