import { runMetricsBench } from "../packages/shared/bench/metrics.bench.ts";
import { runAgreementBench } from "./agreement.bench.ts";
import { runExportBench } from "./export.bench.ts";
import { runImportBench } from "./import.bench.ts";
import { runWebBundleBench } from "./web-bundle.bench.ts";
import { runLoadBench } from "./load.bench.ts";

type TFigure = { name: string; value: number; unit: string };

/** One benchmark in this process; bench/index.ts starts one process per benchmark so memory figures stay apart. */
const BENCHES: Record<string, { title: string; run: (quick: boolean) => Promise<TFigure[]> }> = {
  metrics: {
    title: "agreement metrics (pure)",
    run: async () => (await runMetricsBench()).map((r) => ({ name: r.name, value: r.ms, unit: "ms" })),
  },
  import: { title: "JSONL import vs COPY", run: (quick) => runImportBench(quick ? 5_000 : 50_000) },
  export: {
    title: "trl-preference export vs COPY",
    run: (quick) => runExportBench({ pairs: quick ? 50_000 : 1_000_000, log: (l) => console.log(`  (${l})`) }),
  },
  agreement: { title: "agreement report", run: (quick) => runAgreementBench(quick ? 20_000 : 1_000_000, quick ? 200 : 1000) },
  "web-bundle": {
    title: "labeling page first-load JavaScript (production build)",
    run: () => runWebBundleBench((l) => console.log(`  (${l})`)),
  },
  load: {
    title: "labeling load against the real API: app flow (submit?next=1) and tasks/next → submit",
    run: (quick) => {
      const flag = (name: string) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1]) || undefined;
      const modes = process.argv
        .find((a) => a.startsWith("--modes="))
        ?.split("=")[1]
        ?.split(",") as ("app" | "two-request")[] | undefined;
      return runLoadBench({ quick, profile: process.argv.includes("--profile"), workers: flag("workers"), poolSize: flag("pool"), modes });
    },
  },
};

const [name] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
const bench = name ? BENCHES[name] : undefined;
if (!bench) {
  console.error(`usage: tsx bench/run-one.ts ${Object.keys(BENCHES).join("|")} [--quick] [--profile] [--modes=app,two-request]`);
  process.exit(2);
}
const figures = await bench.run(process.argv.includes("--quick"));
console.log(`\n# ${bench.title}`);
for (const f of figures) console.log(`  ${f.name.padEnd(62)} ${f.value.toFixed(2).padStart(12)} ${f.unit}`);
