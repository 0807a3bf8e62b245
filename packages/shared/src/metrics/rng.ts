import { MetricError } from "./metric-error.ts";

/**
 * A seeded uniform generator on [0, 1) (mulberry32): tiny, fast and identical on every platform,
 * so bootstrap intervals and simulations are reproducible from their seed alone. Not cryptographic.
 *
 * @param seed - any finite number; it is reduced to an unsigned 32-bit integer.
 * @throws {@link MetricError} `INVALID_INPUT` for a non-finite seed.
 */
export function createRng(seed: number): () => number {
  if (typeof seed !== "number" || !Number.isFinite(seed)) {
    throw new MetricError("INVALID_INPUT", `seed must be a finite number, got ${String(seed)}`);
  }
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
