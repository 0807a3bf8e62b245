import { MetricError } from "./metric-error.ts";
import { createRng } from "./rng.ts";

export type BootstrapOptions = {
  /** Resamples to draw. Defaults to 1000. */
  iterations?: number;
  /** Two-sided coverage in (0, 1). Defaults to 0.95. */
  confidence?: number;
  /** Seed for {@link createRng}. Defaults to 1, so an unseeded call is still reproducible. */
  seed?: number;
};

export type BootstrapResult = {
  /** The statistic on the full, unresampled input. */
  estimate: number;
  /** Lower percentile bound. */
  lower: number;
  /** Upper percentile bound. */
  upper: number;
  /** Resamples that produced a finite value and were used for the bounds (≤ the requested iterations). */
  iterations: number;
};

/**
 * Percentile bootstrap confidence interval: resample `units` with replacement, recompute `statistic`,
 * and take the (1 − c)/2 and (1 + c)/2 quantiles (linear interpolation, like numpy's default).
 *
 * Resample at the level that is independent: for agreement metrics that is the item/unit, so pass
 * units and transpose inside `statistic` (e.g. build `data[rater][unit]` for `krippendorffAlpha`).
 * A resample is skipped when `statistic` throws a {@link MetricError} (e.g. `NO_VARIATION` because every
 * drawn unit has the same label) or returns a non-finite number; any other error propagates, since it
 * is a bug rather than an unlucky draw.
 *
 * @returns the estimate, the bounds and how many resamples were used.
 * @throws {@link MetricError} `INVALID_INPUT` for no units or bad options; `NON_FINITE` when the statistic is
 *   not finite on the full input; `NO_VALID_RESAMPLES` when every resample was skipped. A MetricError
 *   from the statistic on the full input propagates unchanged.
 */
export function bootstrapCI<T>(units: readonly T[], statistic: (sample: T[]) => number, opts: BootstrapOptions = {}): BootstrapResult {
  const iterations = opts.iterations ?? 1000;
  const confidence = opts.confidence ?? 0.95;
  const seed = opts.seed ?? 1;
  if (!Number.isInteger(iterations) || iterations < 1) {
    throw new MetricError("INVALID_INPUT", `iterations must be a positive integer, got ${String(iterations)}`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new MetricError("INVALID_INPUT", `confidence must be in (0, 1), got ${String(confidence)}`);
  }
  const n = units.length;
  if (n === 0) throw new MetricError("INVALID_INPUT", "bootstrapCI needs at least one unit");

  const estimate = statistic([...units]);
  if (!Number.isFinite(estimate)) {
    throw new MetricError("NON_FINITE", `statistic on the full input is ${String(estimate)}`);
  }

  const rng = createRng(seed);
  const samples = new Float64Array(iterations);
  let used = 0;
  for (let it = 0; it < iterations; it++) {
    const resample = new Array<T>(n);
    for (let i = 0; i < n; i++) resample[i] = units[Math.floor(rng() * n)] as T;
    let value: number;
    try {
      value = statistic(resample);
    } catch (error) {
      if (error instanceof MetricError) continue;
      throw error;
    }
    if (Number.isFinite(value)) samples[used++] = value;
  }
  if (used === 0) {
    throw new MetricError("NO_VALID_RESAMPLES", `none of ${iterations} resamples produced a finite statistic`);
  }

  const sorted = samples.subarray(0, used).sort();
  const alpha = (1 - confidence) / 2;
  return {
    estimate,
    lower: quantile(sorted, alpha),
    upper: quantile(sorted, 1 - alpha),
    iterations: used,
  };
}

/** Type-7 quantile of ascending `sorted` (non-empty). */
function quantile(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (h - lo) * (b - a);
}
