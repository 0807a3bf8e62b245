import { MetricError } from "./metric-error.ts";

/** Level of measurement; selects Krippendorff's difference function δ². */
export type MeasurementLevel = "nominal" | "ordinal" | "interval" | "ratio";

const LEVELS: ReadonlySet<string> = new Set(["nominal", "ordinal", "interval", "ratio"]);

/**
 * Krippendorff's α for any number of raters with missing values, following the coincidence-matrix
 * formulation of Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability":
 * α = 1 − D_o / D_e = 1 − (n − 1) · Σ_ck o_ck δ²_ck / Σ_ck n_c n_k δ²_ck.
 *
 * @param data - `data[rater][unit]`; `null` (or `undefined`) marks a missing value. Every rater row must
 *   have the same length. Units with fewer than two values are not pairable and are ignored entirely
 *   (their values do not enter the marginals either).
 * @param level - `nominal` (δ² = [c ≠ k]), `ordinal` (δ² from the coincidence marginals n_g, as in
 *   the paper), `interval` (δ² = (c − k)²) or `ratio` (δ² = ((c − k)/(c + k))², values must be ≥ 0).
 * @returns α ≤ 1; 1 is perfect agreement, 0 is chance level, negative is systematic disagreement.
 * @throws {@link MetricError} `NO_PAIRABLE_VALUES` when no unit has two values; `NO_VARIATION` when all
 *   pairable values are one single value (D_o = D_e = 0, α undefined: we throw rather than return 1);
 *   `LENGTH_MISMATCH` for ragged rows; `INVALID_INPUT` for non-finite values, an unknown level, or a
 *   negative value at ratio level.
 *
 * Runs in O(cells) for nominal, ordinal and interval: ordinal δ²_ck equals (r_c − r_k)² with
 * r_c = Σ_{g<c} n_g + n_c / 2, so ordinal and interval both reduce to within-unit and total variances.
 * Ratio has no such closed form and costs O(Σ_u V_u² + V²) for V distinct values.
 */
export function krippendorffAlpha(data: readonly (readonly (number | null | undefined)[])[], level: MeasurementLevel): number {
  if (!LEVELS.has(level)) {
    throw new MetricError("INVALID_INPUT", `unknown level of measurement: ${String(level)}`);
  }
  const coded = codeValues(data, level);
  const { values, totals, pairableValueCount: n } = coded;
  if (n === 0) {
    throw new MetricError("NO_PAIRABLE_VALUES", "no unit has values from at least two raters");
  }

  let observed: number;
  let expected: number;
  if (level === "nominal") {
    ({ observed, expected } = nominalSums(coded));
  } else if (level === "ratio") {
    ({ observed, expected } = ratioSums(coded));
  } else {
    const positions = level === "interval" ? Float64Array.from(values) : ordinalPositions(values, totals);
    ({ observed, expected } = varianceSums(coded, positions));
  }

  if (expected === 0) {
    throw new MetricError("NO_VARIATION", "all pairable values are identical, so expected disagreement is 0 and alpha is undefined");
  }
  return 1 - ((n - 1) * observed) / expected;
}

type CodedData = {
  raterCount: number;
  unitCount: number;
  /** Unit-major value codes (`codes[unit * raterCount + rater]`), −1 for missing. */
  codes: Int32Array;
  /** Number of values per unit. */
  unitSizes: Int32Array;
  /** Distinct values, indexed by code. */
  values: number[];
  /** n_c: how often each code occurs in pairable units (the coincidence-matrix marginals). */
  totals: Float64Array;
  /** n: total values in pairable units. */
  pairableValueCount: number;
};

/** One pass mapping values to dense integer codes, so later passes run on typed arrays only. */
function codeValues(data: readonly (readonly (number | null | undefined)[])[], level: MeasurementLevel): CodedData {
  const raterCount = data.length;
  const first = data[0];
  const unitCount = first === undefined ? 0 : first.length;
  const codes = new Int32Array(raterCount * unitCount);
  const unitSizes = new Int32Array(unitCount);
  const index = new Map<number, number>();
  const values: number[] = [];

  for (let r = 0; r < raterCount; r++) {
    const row = data[r];
    if (!Array.isArray(row)) {
      throw new MetricError("INVALID_INPUT", `data[${r}] must be an array of values`);
    }
    if (row.length !== unitCount) {
      throw new MetricError(
        "LENGTH_MISMATCH",
        `rater ${r} has ${row.length} units but rater 0 has ${unitCount}; pad missing values with null`,
      );
    }
    for (let u = 0; u < unitCount; u++) {
      const v: unknown = row[u];
      const slot = u * raterCount + r;
      if (v === null || v === undefined) {
        codes[slot] = -1;
        continue;
      }
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new MetricError("INVALID_INPUT", `data[${r}][${u}] must be a finite number or null, got ${String(v)}`);
      }
      if (level === "ratio" && v < 0) {
        throw new MetricError("INVALID_INPUT", `ratio level needs values >= 0, got data[${r}][${u}] = ${v}`);
      }
      let code = index.get(v);
      if (code === undefined) {
        code = values.length;
        index.set(v, code);
        values.push(v);
      }
      codes[slot] = code;
      unitSizes[u] = (unitSizes[u] as number) + 1;
    }
  }

  const totals = new Float64Array(values.length);
  let pairableValueCount = 0;
  for (let u = 0; u < unitCount; u++) {
    const m = unitSizes[u] as number;
    if (m < 2) continue;
    pairableValueCount += m;
    const base = u * raterCount;
    for (let r = 0; r < raterCount; r++) {
      const c = codes[base + r] as number;
      if (c >= 0) totals[c] = (totals[c] as number) + 1;
    }
  }
  return { raterCount, unitCount, codes, unitSizes, values, totals, pairableValueCount };
}

type DisagreementSums = {
  /** Σ_u (Σ_{c,k} n_uc n_uk δ²_ck) / (m_u − 1), i.e. n · D_o. */
  observed: number;
  /** Σ_{c,k} n_c n_k δ²_ck, i.e. n (n − 1) · D_e. */
  expected: number;
};

/** Nominal: the off-diagonal pair counts are m² − Σ n_c², per unit and overall. */
function nominalSums(coded: CodedData): DisagreementSums {
  const { raterCount, unitCount, codes, unitSizes, values, totals, pairableValueCount: n } = coded;
  const counts = new Int32Array(values.length);
  const touched = new Int32Array(raterCount);
  let observed = 0;
  for (let u = 0; u < unitCount; u++) {
    const m = unitSizes[u] as number;
    if (m < 2) continue;
    const base = u * raterCount;
    let distinct = 0;
    for (let r = 0; r < raterCount; r++) {
      const c = codes[base + r] as number;
      if (c < 0) continue;
      if (counts[c] === 0) touched[distinct++] = c;
      counts[c] = (counts[c] as number) + 1;
    }
    let sumSquares = 0;
    for (let k = 0; k < distinct; k++) {
      const c = touched[k] as number;
      const count = counts[c] as number;
      sumSquares += count * count;
      counts[c] = 0;
    }
    observed += (m * m - sumSquares) / (m - 1);
  }
  let totalSquares = 0;
  for (let c = 0; c < totals.length; c++) totalSquares += (totals[c] as number) ** 2;
  return { observed, expected: n * n - totalSquares };
}

/**
 * Interval and ordinal, where δ²_ck = (t_c − t_k)²: Σ_{i,j} (t_i − t_j)² over ordered pairs of a
 * multiset of size m equals 2m Σ (t_i − mean)². Centring first keeps large values from cancelling.
 */
function varianceSums(coded: CodedData, positions: Float64Array): DisagreementSums {
  const { raterCount, unitCount, codes, unitSizes, totals, pairableValueCount: n } = coded;
  let observed = 0;
  for (let u = 0; u < unitCount; u++) {
    const m = unitSizes[u] as number;
    if (m < 2) continue;
    const base = u * raterCount;
    let sum = 0;
    for (let r = 0; r < raterCount; r++) {
      const c = codes[base + r] as number;
      if (c >= 0) sum += positions[c] as number;
    }
    const mean = sum / m;
    let squares = 0;
    for (let r = 0; r < raterCount; r++) {
      const c = codes[base + r] as number;
      if (c >= 0) {
        const d = (positions[c] as number) - mean;
        squares += d * d;
      }
    }
    observed += (2 * m * squares) / (m - 1);
  }
  let sum = 0;
  for (let c = 0; c < totals.length; c++) sum += (totals[c] as number) * (positions[c] as number);
  const mean = sum / n;
  let squares = 0;
  for (let c = 0; c < totals.length; c++) {
    const d = (positions[c] as number) - mean;
    squares += (totals[c] as number) * d * d;
  }
  return { observed, expected: 2 * n * squares };
}

/**
 * Krippendorff's ordinal δ_ck = Σ_{g=c..k} n_g − (n_c + n_k)/2 is a difference of mid-rank positions
 * r_c = Σ_{g<c} n_g + n_c/2 of the pairable marginals, which lets ordinal reuse the interval closed form.
 */
function ordinalPositions(values: readonly number[], totals: Float64Array): Float64Array {
  const order = Array.from({ length: values.length }, (_, i) => i);
  order.sort((a, b) => (values[a] as number) - (values[b] as number));
  const positions = new Float64Array(values.length);
  let below = 0;
  for (const c of order) {
    const count = totals[c] as number;
    positions[c] = below + count / 2;
    below += count;
  }
  return positions;
}

function ratioDelta(a: number, b: number): number {
  const s = a + b;
  // Both zero: identical values, no disagreement (avoids 0/0).
  if (s === 0) return 0;
  const q = (a - b) / s;
  return q * q;
}

/** Ratio: pairwise over the distinct values present in each unit, then over all distinct values. */
function ratioSums(coded: CodedData): DisagreementSums {
  const { raterCount, unitCount, codes, unitSizes, values, totals } = coded;
  const counts = new Int32Array(values.length);
  const touched = new Int32Array(raterCount);
  let observed = 0;
  for (let u = 0; u < unitCount; u++) {
    const m = unitSizes[u] as number;
    if (m < 2) continue;
    const base = u * raterCount;
    let distinct = 0;
    for (let r = 0; r < raterCount; r++) {
      const c = codes[base + r] as number;
      if (c < 0) continue;
      if (counts[c] === 0) touched[distinct++] = c;
      counts[c] = (counts[c] as number) + 1;
    }
    let pairSum = 0;
    for (let i = 0; i < distinct; i++) {
      const ci = touched[i] as number;
      for (let j = i + 1; j < distinct; j++) {
        const cj = touched[j] as number;
        pairSum += 2 * (counts[ci] as number) * (counts[cj] as number) * ratioDelta(values[ci] as number, values[cj] as number);
      }
    }
    for (let k = 0; k < distinct; k++) counts[touched[k] as number] = 0;
    observed += pairSum / (m - 1);
  }
  const present: number[] = [];
  for (let c = 0; c < totals.length; c++) if ((totals[c] as number) > 0) present.push(c);
  let expected = 0;
  for (let i = 0; i < present.length; i++) {
    const ci = present[i] as number;
    for (let j = i + 1; j < present.length; j++) {
      const cj = present[j] as number;
      expected += 2 * (totals[ci] as number) * (totals[cj] as number) * ratioDelta(values[ci] as number, values[cj] as number);
    }
  }
  return { observed, expected };
}
