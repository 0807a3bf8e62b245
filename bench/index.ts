import { runMetricsBench } from "../packages/shared/bench/metrics.bench.ts";
import { runImportBench } from "./import.bench.ts";

/** `npm run bench`: prints each figure and, where there is one, its ratio to the database's own floor. */
async function main() {
  const quick = process.argv.includes("--quick");
  console.log("Rankwise benchmarks", quick ? "(quick)" : "");
  console.log("\n# agreement metrics");
  for (const r of await runMetricsBench()) console.log(`  ${r.name.padEnd(50)} ${r.ms.toFixed(1).padStart(10)} ms`);
  console.log("\n# JSONL import vs COPY");
  for (const r of await runImportBench(quick ? 5_000 : 50_000)) console.log(`  ${r.name.padEnd(50)} ${r.value.toFixed(2).padStart(10)} ${r.unit}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
