import { expect } from "vitest";
import { MetricError } from "../../src/metrics/index.ts";
import type { MetricErrorCode } from "../../src/metrics/index.ts";

/** Asserts that `fn` throws a MetricError with exactly this code (not just any error). */
export function expectMetricError(fn: () => unknown, code: MetricErrorCode): void {
  let thrown: unknown;
  try {
    fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(MetricError);
  expect((thrown as MetricError).code).toBe(code);
}
