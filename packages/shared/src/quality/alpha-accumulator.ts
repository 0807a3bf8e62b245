import type { BootstrapOptions, BootstrapResult } from "../metrics/bootstrap-ci.ts";
import type { MeasurementLevel } from "../metrics/krippendorff-alpha.ts";
import { MetricError } from "../metrics/metric-error.ts";
import { createRng } from "../metrics/rng.ts";

type TPattern = { weight: number; m: number; codes: Int32Array; counts: Int32Array };
type TCompiled = { values: Float64Array; patterns: TPattern[] };

/**
 * Krippendorff's α for very many units, with a fast bootstrap over units.
 *
 * α depends only on each unit's multiset of values (not on who gave them), so units with the same
 * multiset are stored once with a count. α is then computed from the coincidence matrix
 * o_ck = Σ_u n_uc n_uk / (m_u − 1) exactly as {@link krippendorffAlpha} does (the tests check they
 * agree), and a bootstrap resample of units is a multinomial draw of pattern counts: O(patterns) per
 * resample instead of O(units). Large binomial counts (variance ≥ 30) are drawn from their normal
 * approximation, small ones exactly.
 */
export class AlphaAccumulator {
  /** Value → dense code, and back. */
  #codeOf = new Map<number, number>();
  #values: number[] = [];
  /** Patterns keyed by their sorted codes packed base 64 (up to 8 values, 63 codes), else as text. */
  #packed = new Map<number, number>();
  #text = new Map<string, number>();
  #units = 0;
  #pairable = 0;
  #compiled: TCompiled | null = null;
  #scratch = new Int32Array(8);

  /** Adds one unit's values; a unit with fewer than two values is not pairable and is ignored. */
  addUnit(values: readonly number[], weight = 1): void {
    const m = values.length;
    if (m < 2) return;
    const codes = m <= this.#scratch.length ? this.#scratch : new Int32Array(m);
    for (let i = 0; i < m; i++) {
      const v = values[i] as number;
      let code = this.#codeOf.get(v);
      if (code === undefined) {
        if (!Number.isFinite(v)) throw new MetricError("INVALID_INPUT", `unit values must be finite numbers, got ${String(v)}`);
        code = this.#values.length;
        this.#codeOf.set(v, code);
        this.#values.push(v);
      }
      // Insertion sort: units hold a handful of values.
      let j = i;
      while (j > 0 && (codes[j - 1] as number) > code) {
        codes[j] = codes[j - 1] as number;
        j--;
      }
      codes[j] = code;
    }
    if (m <= 8 && (codes[m - 1] as number) < 63) {
      let key = 0;
      for (let i = 0; i < m; i++) key = key * 64 + (codes[i] as number) + 1;
      this.#packed.set(key, (this.#packed.get(key) ?? 0) + weight);
    } else {
      const key = Array.from(codes.subarray(0, m)).join(",");
      this.#text.set(key, (this.#text.get(key) ?? 0) + weight);
    }
    this.#units += weight;
    this.#pairable += m * weight;
    this.#compiled = null;
  }

  /** Adds every unit of `other` (e.g. per-week accumulators into a total). */
  merge(other: AlphaAccumulator): void {
    for (const { values, weight } of other.#patternValues()) this.addUnit(values, weight);
  }

  /** Pairable units (two or more values). */
  get units(): number {
    return this.#units;
  }

  /** Values in pairable units (Krippendorff's n). */
  get pairableValues(): number {
    return this.#pairable;
  }

  /** α at `level` (nominal, ordinal or interval); throws MetricError like {@link krippendorffAlpha}. */
  alpha(level: MeasurementLevel): number {
    const compiled = this.#compile();
    return alphaFromWeights(
      compiled,
      Float64Array.from(compiled.patterns, (p) => p.weight),
      level,
    );
  }

  /** Seeded percentile bootstrap over units (same options and result as {@link bootstrapCI}). */
  bootstrap(level: MeasurementLevel, opts: BootstrapOptions = {}): BootstrapResult {
    const iterations = opts.iterations ?? 1000;
    const confidence = opts.confidence ?? 0.95;
    if (!Number.isInteger(iterations) || iterations < 1)
      throw new MetricError("INVALID_INPUT", `iterations must be a positive integer, got ${iterations}`);
    if (!(confidence > 0 && confidence < 1)) throw new MetricError("INVALID_INPUT", `confidence must be in (0, 1), got ${confidence}`);
    const compiled = this.#compile();
    const estimate = this.alpha(level);
    const rng = createRng(opts.seed ?? 1);
    const total = this.#units;
    const probabilities = compiled.patterns.map((p) => p.weight / total);
    const weights = new Float64Array(compiled.patterns.length);
    const samples = new Float64Array(iterations);
    let used = 0;
    for (let it = 0; it < iterations; it++) {
      let remaining = total;
      let mass = 1;
      for (let i = 0; i < probabilities.length; i++) {
        const p = probabilities[i] as number;
        const k = i === probabilities.length - 1 || mass <= p ? remaining : binomial(remaining, p / mass, rng);
        weights[i] = k;
        remaining -= k;
        mass -= p;
      }
      try {
        samples[used++] = alphaFromWeights(compiled, weights, level);
      } catch (err) {
        if (!(err instanceof MetricError)) throw err;
        used--;
      }
    }
    if (used === 0) throw new MetricError("NO_VALID_RESAMPLES", `none of ${iterations} resamples produced a finite statistic`);
    const sorted = samples.subarray(0, used).sort();
    const tail = (1 - confidence) / 2;
    return { estimate, lower: quantile(sorted, tail), upper: quantile(sorted, 1 - tail), iterations: used };
  }

  /** Every stored pattern as its values (in code order) with its count. */
  *#patternValues(): Generator<{ values: number[]; weight: number }> {
    for (const [key, weight] of this.#packed) {
      const values: number[] = [];
      for (let k = key; k > 0; k = Math.floor(k / 64)) values.push(this.#values[(k % 64) - 1] as number);
      yield { values, weight };
    }
    for (const [key, weight] of this.#text) yield { values: key.split(",").map((c) => this.#values[Number(c)] as number), weight };
  }

  #compile(): TCompiled {
    if (this.#compiled) return this.#compiled;
    const parsed = [...this.#patternValues()];
    const distinct = [...new Set(this.#values)].sort((a, b) => a - b);
    const code = new Map(distinct.map((v, i) => [v, i]));
    const patterns = parsed.map(({ weight, values }) => {
      const sorted = values.map((v) => code.get(v) as number).sort((a, b) => a - b);
      const codes: number[] = [];
      const counts: number[] = [];
      for (const c of sorted) {
        if (codes[codes.length - 1] === c) counts[counts.length - 1] = (counts[counts.length - 1] as number) + 1;
        else {
          codes.push(c);
          counts.push(1);
        }
      }
      return { weight, m: values.length, codes: Int32Array.from(codes), counts: Int32Array.from(counts) };
    });
    this.#compiled = { values: Float64Array.from(distinct), patterns };
    return this.#compiled;
  }
}

/** α = 1 − (n − 1) Σ o_ck δ²_ck / Σ n_c n_k δ²_ck, with pattern i counted weights[i] times. */
function alphaFromWeights(compiled: TCompiled, weights: Float64Array, level: MeasurementLevel): number {
  if (level !== "nominal" && level !== "ordinal" && level !== "interval") {
    throw new MetricError("INVALID_INPUT", `AlphaAccumulator supports nominal, ordinal and interval, not ${String(level)}`);
  }
  const { values, patterns } = compiled;
  const V = values.length;
  const o = new Float64Array(V * V);
  for (let p = 0; p < patterns.length; p++) {
    const w = weights[p] as number;
    if (w === 0) continue;
    const { m, codes, counts } = patterns[p] as TPattern;
    const f = w / (m - 1);
    for (let i = 0; i < codes.length; i++) {
      const ci = codes[i] as number;
      const ni = counts[i] as number;
      for (let j = 0; j < codes.length; j++) {
        const nj = i === j ? ni - 1 : (counts[j] as number);
        const at = ci * V + (codes[j] as number);
        o[at] = (o[at] as number) + f * ni * nj;
      }
    }
  }
  const totals = new Float64Array(V);
  let n = 0;
  for (let c = 0; c < V; c++) {
    let s = 0;
    for (let k = 0; k < V; k++) s += o[c * V + k] as number;
    totals[c] = s;
    n += s;
  }
  if (n === 0) throw new MetricError("NO_PAIRABLE_VALUES", "no unit has values from at least two raters");
  let positions: Float64Array | null = null;
  if (level === "interval") positions = values;
  if (level === "ordinal") {
    positions = new Float64Array(V);
    let below = 0;
    for (let c = 0; c < V; c++) {
      positions[c] = below + (totals[c] as number) / 2;
      below += totals[c] as number;
    }
  }
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < V; c++) {
    for (let k = 0; k < V; k++) {
      if (c === k) continue;
      const d2 = positions ? ((positions[c] as number) - (positions[k] as number)) ** 2 : 1;
      observed += (o[c * V + k] as number) * d2;
      expected += (totals[c] as number) * (totals[k] as number) * d2;
    }
  }
  if (expected === 0) throw new MetricError("NO_VARIATION", "all pairable values are identical, so alpha is undefined");
  return 1 - ((n - 1) * observed) / expected;
}

/** Binomial(n, p): exact waiting-time sampling for small means, normal approximation for variance ≥ 30. */
function binomial(n: number, p: number, rng: () => number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - binomial(n, 1 - p, rng);
  const variance = n * p * (1 - p);
  if (variance >= 30) {
    const z = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
    return Math.min(n, Math.max(0, Math.round(n * p + Math.sqrt(variance) * z)));
  }
  // Geometric gaps between successes: O(n·p) draws.
  const logQ = Math.log(1 - p);
  let k = 0;
  let at = 0;
  for (;;) {
    at += Math.floor(Math.log(1 - rng()) / logQ) + 1;
    if (at > n) return k;
    k++;
  }
}

/** Type-7 quantile of ascending `sorted` (non-empty), as in bootstrapCI. */
function quantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (h - lo) * (b - a);
}
