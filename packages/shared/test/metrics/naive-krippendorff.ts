import type { MeasurementLevel } from "../../src/metrics/index.ts";

/**
 * Textbook Krippendorff (2011) coincidence-matrix α, written for clarity and O(V²), with the ordinal
 * metric computed from its definition (no mid-rank shortcut). Only used to cross-check the fast path.
 */
export function naiveKrippendorffAlpha(data: (number | null)[][], level: MeasurementLevel): number {
  const unitCount = data[0]?.length ?? 0;
  const values = [...new Set(data.flat().filter((v): v is number => v !== null))].sort((a, b) => a - b);
  const index = new Map(values.map((v, i) => [v, i]));
  const v = values.length;
  const o: number[][] = values.map(() => values.map(() => 0));
  for (let u = 0; u < unitCount; u++) {
    const unit = data.map((row) => row[u] ?? null).filter((x): x is number => x !== null);
    const m = unit.length;
    if (m < 2) continue;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        if (i === j) continue;
        const c = index.get(unit[i] as number) as number;
        const k = index.get(unit[j] as number) as number;
        (o[c] as number[])[k] = ((o[c] as number[])[k] as number) + 1 / (m - 1);
      }
    }
  }
  const marginals = o.map((row) => row.reduce((s, x) => s + x, 0));
  const n = marginals.reduce((s, x) => s + x, 0);
  const delta = (c: number, k: number): number => {
    const a = values[c] as number;
    const b = values[k] as number;
    switch (level) {
      case "nominal":
        return c === k ? 0 : 1;
      case "interval":
        return (a - b) ** 2;
      case "ratio":
        return a + b === 0 ? 0 : ((a - b) / (a + b)) ** 2;
      case "ordinal": {
        const [lo, hi] = c <= k ? [c, k] : [k, c];
        let sum = 0;
        for (let g = lo; g <= hi; g++) sum += marginals[g] as number;
        return (sum - ((marginals[c] as number) + (marginals[k] as number)) / 2) ** 2;
      }
    }
  };
  let dObserved = 0;
  let dExpected = 0;
  for (let c = 0; c < v; c++) {
    for (let k = 0; k < v; k++) {
      dObserved += ((o[c] as number[])[k] as number) * delta(c, k);
      dExpected += (marginals[c] as number) * (marginals[k] as number) * delta(c, k);
    }
  }
  return 1 - ((n - 1) * dObserved) / dExpected;
}
