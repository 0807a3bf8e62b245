import { pathToFileURL } from "node:url";
import { createRng, krippendorffAlpha } from "../src/metrics/index.ts";
import type { MeasurementLevel } from "../src/metrics/index.ts";

const UNITS = 100_000;
const RATERS = 5;
const MISSING_RATE = 0.05;
const RUNS = 3;
/** The budget from the metrics brief; the script exits non-zero when a level exceeds it. */
const BUDGET_MS = 1000;

/** Seeded 1–5 ratings around a per-unit "true" score, so agreement is realistic rather than random. */
function generateRatings(): (number | null)[][] {
  const rng = createRng(20_240_601);
  const data = Array.from({ length: RATERS }, () => new Array<number | null>(UNITS));
  for (let u = 0; u < UNITS; u++) {
    const truth = 1 + Math.floor(rng() * 5);
    for (let r = 0; r < RATERS; r++) {
      const row = data[r] as (number | null)[];
      if (rng() < MISSING_RATE) {
        row[u] = null;
        continue;
      }
      const noise = rng() < 0.3 ? (rng() < 0.5 ? -1 : 1) : 0;
      row[u] = Math.min(5, Math.max(1, truth + noise));
    }
  }
  return data;
}

/**
 * Times `krippendorffAlpha` on 100,000 units × 5 raters (seeded, ~5% missing), best of 3 per level.
 * Exported so the root `npm run bench` can collect the figures.
 */
export async function runMetricsBench(): Promise<{ name: string; ms: number }[]> {
  const data = generateRatings();
  const levels: MeasurementLevel[] = ["nominal", "interval", "ordinal", "ratio"];
  const results: { name: string; ms: number }[] = [];
  for (const level of levels) {
    let best = Number.POSITIVE_INFINITY;
    for (let run = 0; run < RUNS; run++) {
      const start = performance.now();
      krippendorffAlpha(data, level);
      best = Math.min(best, performance.now() - start);
    }
    results.push({ name: `krippendorff alpha ${level} ${UNITS}x${RATERS}`, ms: best });
  }
  return results;
}

// pathToFileURL rather than a hand-built `file://` string, so paths with spaces or non-ASCII still match.
const invokedDirectly = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;
if (invokedDirectly) {
  const results = await runMetricsBench();
  for (const { name, ms } of results) console.log(`${name}: ${ms.toFixed(1)} ms`);
  const slow = results.filter((r) => r.ms >= BUDGET_MS);
  if (slow.length > 0) {
    console.error(`over the ${BUDGET_MS} ms budget: ${slow.map((r) => r.name).join(", ")}`);
    process.exitCode = 1;
  }
}
