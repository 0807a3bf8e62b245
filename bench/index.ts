import { runMetricsBench } from "../packages/shared/bench/metrics.bench.ts";
import { runAgreementBench } from "./agreement.bench.ts";
import { runExportBench } from "./export.bench.ts";
import { runImportBench } from "./import.bench.ts";

type TFigure = { name: string; value: number; unit: string };

function print(title: string, figures: TFigure[]) {
  console.log(`\n# ${title}`);
  for (const f of figures) console.log(`  ${f.name.padEnd(58)} ${f.value.toFixed(2).padStart(12)} ${f.unit}`);
}

/**
 * `npm run bench`: every benchmark, each figure next to the database's own floor measured in the
 * same run (COPY) where there is one. `--quick` uses small sizes (for CI and smoke runs).
 */
async function main() {
  const quick = process.argv.includes("--quick");
  console.log(`Rankwise benchmarks${quick ? " (quick sizes)" : ""} on ${new Date().toISOString()}`);
  print(
    "agreement metrics (pure)",
    (await runMetricsBench()).map((r) => ({ name: r.name, value: r.ms, unit: "ms" })),
  );
  print("JSONL import vs COPY", await runImportBench(quick ? 5_000 : 50_000));
  print("trl-preference export vs COPY", await runExportBench({ pairs: quick ? 50_000 : 1_000_000, log: (l) => console.log(`  (${l})`) }));
  print("agreement report", await runAgreementBench(quick ? 20_000 : 1_000_000, quick ? 200 : 1000));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
