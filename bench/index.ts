import { spawnSync } from "node:child_process";
import path from "node:path";

/**
 * `npm run bench`: every benchmark in its own process (so one's memory never shows in another's
 * figures), each figure next to the database's own floor (COPY) measured in the same run.
 * `--quick` uses small sizes for smoke runs.
 */
const quick = process.argv.includes("--quick");
const root = path.resolve(import.meta.dirname, "..");
console.log(`Rankwise benchmarks${quick ? " (quick sizes)" : ""}, ${new Date().toISOString()}`);
let failed = 0;
for (const name of ["metrics", "import", "export", "agreement", "load", "web-bundle"]) {
  const res = spawnSync(process.execPath, ["--import", "tsx", "bench/run-one.ts", name, ...(quick ? ["--quick"] : [])], {
    cwd: root,
    stdio: "inherit",
  });
  if (res.status !== 0) {
    console.error(`benchmark "${name}" failed (exit ${res.status})`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
