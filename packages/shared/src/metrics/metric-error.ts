/**
 * Why a metric refused to produce a number.
 *
 * - `NO_PAIRABLE_VALUES`: nothing to compare (empty input, no unit with two values, fewer than two raters).
 * - `LENGTH_MISMATCH`: parallel arrays (raters, rows, x/y) differ in length.
 * - `INVALID_INPUT`: a value or option is outside what the metric accepts (NaN, negative ratio value, bad option).
 * - `NO_VARIATION`: the chance-agreement denominator is 0 (everyone used one single value), so the
 *   coefficient is 0/0. We throw instead of returning 1 because such data say nothing about whether raters
 *   can tell items apart, and a bootstrap should drop that resample rather than count it as perfect.
 * - `UNEQUAL_RATER_COUNTS`: Fleiss' κ got items rated by different numbers of raters.
 * - `NOT_IDENTIFIABLE`: Bradley-Terry without a prior on a comparison graph that has no finite maximum.
 * - `NOT_CONVERGED`: an iterative fit hit its iteration cap before reaching the tolerance.
 * - `NON_FINITE`: a user-supplied statistic returned NaN or ±Infinity on the full sample.
 * - `NO_VALID_RESAMPLES`: every bootstrap resample was rejected.
 */
export type MetricErrorCode =
  | "NO_PAIRABLE_VALUES"
  | "LENGTH_MISMATCH"
  | "INVALID_INPUT"
  | "NO_VARIATION"
  | "UNEQUAL_RATER_COUNTS"
  | "NOT_IDENTIFIABLE"
  | "NOT_CONVERGED"
  | "NON_FINITE"
  | "NO_VALID_RESAMPLES";

/**
 * The only error the metrics module throws on bad or degenerate input, so callers (and
 * {@link bootstrapCI}) can tell "this sample has no defined value" apart from a bug.
 */
export class MetricError extends Error {
  override readonly name = "MetricError";
  /** Machine-readable reason; see {@link MetricErrorCode}. */
  readonly code: MetricErrorCode;

  constructor(code: MetricErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}
