import { describe, expect, it } from "vitest";
import { bootstrapCI } from "../../src/metrics/bootstrap-ci.ts";
import { krippendorffAlpha } from "../../src/metrics/krippendorff-alpha.ts";
import { MetricError } from "../../src/metrics/metric-error.ts";
import { createRng } from "../../src/metrics/rng.ts";
import { AlphaAccumulator } from "../../src/quality/alpha-accumulator.ts";

const _ = null;
type TMatrix = (number | null)[][];

// Krippendorff (2011), 4 observers × 12 units; published nominal .743, ordinal .815, interval .849.
const KRIPPENDORFF_2011: TMatrix = [
  [1, 2, 3, 3, 2, 1, 4, 1, 2, _, _, _],
  [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, _, 3],
  [_, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, _],
  [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, _],
];

/** The units of a rater × unit matrix, as value lists. */
const unitsOf = (data: TMatrix) =>
  (data[0] ?? []).map((_, u) => data.flatMap((row) => (row[u] === null || row[u] === undefined ? [] : [row[u] as number])));

function accumulate(units: number[][]): AlphaAccumulator {
  const acc = new AlphaAccumulator();
  for (const u of units) acc.addUnit(u);
  return acc;
}

function randomMatrix(seed: number, raters: number, units: number, values: number[], missing: number): TMatrix {
  const rng = createRng(seed);
  return Array.from({ length: raters }, () =>
    Array.from({ length: units }, () => (rng() < missing ? null : (values[Math.floor(rng() * values.length)] as number))),
  );
}

describe("AlphaAccumulator: the same α as krippendorffAlpha", () => {
  it.each([
    ["nominal", 0.743],
    ["ordinal", 0.815],
    ["interval", 0.849],
  ] as const)("Krippendorff (2011) example, %s = %f", (level, published) => {
    const acc = accumulate(unitsOf(KRIPPENDORFF_2011));
    expect(acc.alpha(level)).toBeCloseTo(published, 3);
    expect(acc.alpha(level)).toBeCloseTo(krippendorffAlpha(KRIPPENDORFF_2011, level), 12);
    // Unit 12 has one value and is not pairable.
    expect(acc.units).toBe(11);
  });

  it("on random data with missing values, many value sets and wide units", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const values = seed % 2 ? [1, 2, 3, 4, 5] : [-1, 0, 0.5, 1.5, 2.5, 7, 11];
      const data = randomMatrix(seed, 2 + (seed % 9), 40, values, 0.3);
      const acc = accumulate(unitsOf(data));
      for (const level of ["nominal", "ordinal", "interval"] as const) {
        expect(acc.alpha(level)).toBeCloseTo(krippendorffAlpha(data, level), 10);
      }
    }
  });

  it("merging accumulators equals adding all units to one", () => {
    const units = unitsOf(randomMatrix(3, 4, 200, [1, 2, 3, 4], 0.2));
    const whole = accumulate(units);
    const parts = [accumulate(units.slice(0, 70)), accumulate(units.slice(70, 71)), accumulate(units.slice(71))];
    const merged = new AlphaAccumulator();
    for (const p of parts) merged.merge(p);
    expect(merged.units).toBe(whole.units);
    expect(merged.pairableValues).toBe(whole.pairableValues);
    for (const level of ["nominal", "ordinal", "interval"] as const) expect(merged.alpha(level)).toBeCloseTo(whole.alpha(level), 12);
  });

  it("throws MetricError where krippendorffAlpha does", () => {
    expect(() => accumulate([[1], [2]]).alpha("nominal")).toThrow(MetricError);
    expect(() =>
      accumulate([
        [3, 3],
        [3, 3, 3],
      ]).alpha("interval"),
    ).toThrow(expect.objectContaining({ code: "NO_VARIATION" }));
    expect(() => new AlphaAccumulator().addUnit([1, Number.NaN])).toThrow(expect.objectContaining({ code: "INVALID_INPUT" }));
  });
});

describe("AlphaAccumulator.bootstrap", () => {
  const units = unitsOf(randomMatrix(11, 3, 300, [1, 2, 3, 4, 5], 0.1)).map((u, i) => (i % 3 === 0 ? u.map(() => u[0] as number) : u));

  it("is reproducible from its seed and brackets the estimate", () => {
    const acc = accumulate(units);
    const a = acc.bootstrap("interval", { iterations: 500, seed: 42 });
    const b = acc.bootstrap("interval", { iterations: 500, seed: 42 });
    const c = acc.bootstrap("interval", { iterations: 500, seed: 43 });
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
    expect(a.estimate).toBeCloseTo(acc.alpha("interval"), 12);
    expect(a.lower).toBeLessThan(a.estimate);
    expect(a.upper).toBeGreaterThan(a.estimate);
    expect(a.iterations).toBe(500);
  });

  it("agrees with a plain bootstrap over units (bootstrapCI + krippendorffAlpha)", () => {
    const acc = accumulate(units);
    const fast = acc.bootstrap("ordinal", { iterations: 2000, seed: 5 });
    const width = Math.max(...units.map((u) => u.length));
    const plain = bootstrapCI(
      units,
      (sample) =>
        krippendorffAlpha(
          Array.from({ length: width }, (_, r) => sample.map((u) => u[r] ?? null)),
          "ordinal",
        ),
      { iterations: 2000, seed: 5 },
    );
    expect(fast.estimate).toBeCloseTo(plain.estimate, 12);
    // Different random draws: the interval ends agree to Monte Carlo error.
    expect(Math.abs(fast.lower - plain.lower)).toBeLessThan(0.02);
    expect(Math.abs(fast.upper - plain.upper)).toBeLessThan(0.02);
  });

  it("handles a million units in well under a second", () => {
    const rng = createRng(9);
    const acc = new AlphaAccumulator();
    for (let u = 0; u < 1_000_000; u++) {
      const truth = 1 + Math.floor(rng() * 5);
      acc.addUnit([truth, rng() < 0.7 ? truth : 1 + Math.floor(rng() * 5), rng() < 0.7 ? truth : 1 + Math.floor(rng() * 5)]);
    }
    const started = performance.now();
    const ci = acc.bootstrap("interval", { iterations: 1000, seed: 1 });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(ci.upper - ci.lower).toBeLessThan(0.01);
    expect(ci.lower).toBeLessThanOrEqual(ci.estimate);
    expect(ci.upper).toBeGreaterThanOrEqual(ci.estimate);
  });
});
