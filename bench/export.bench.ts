import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ZExportSpec } from "@rankwise/shared";
import { createPrisma } from "../apps/api/src/lib/prisma.ts";
import { runExportProcess } from "../apps/api/src/jobs/run-export-process.ts";
import { buildExport } from "../apps/api/src/services/exports/build-export.ts";
import { seedBigProject } from "../apps/api/test/helpers/big-project.ts";
import { createBenchDatabase, type TBenchDb } from "./bench-db.ts";

/** 4 responses, 2 annotations per item with opposite full rankings: 2 × 6 = 12 distinct pairs per item. */
const PAIRS_PER_ITEM = 12;

export type TExportBenchOptions = { pairs?: number; log?: (line: string) => void };
export type TBenchFigure = { name: string; value: number; unit: string };

/** Highest RSS the kernel saw for this process (VmHWM), in bytes. */
async function vmHwm(): Promise<number | null> {
  const status = await readFile("/proc/self/status", "utf8").catch(() => "");
  const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
  return kb ? Number(kb) * 1024 : null;
}

/** The same rows as the export, produced by Postgres alone: the floor an exporter can be compared with. */
function copySql(projectId: string): string {
  return `SELECT json_build_object(
      'prompt', i.prompt,
      'chosen', json_build_array(json_build_object('role', 'assistant', 'content', cw.content)),
      'rejected', json_build_array(json_build_object('role', 'assistant', 'content', cl.content)))
    FROM annotations a
    JOIN items i ON i.id = a.item_id
    CROSS JOIN LATERAL jsonb_array_elements(a.answer->'ranking') WITH ORDINALITY AS tw(tier, wi)
    CROSS JOIN LATERAL jsonb_array_elements_text(tw.tier) AS w(id)
    CROSS JOIN LATERAL jsonb_array_elements(a.answer->'ranking') WITH ORDINALITY AS tl(tier, li)
    CROSS JOIN LATERAL jsonb_array_elements_text(tl.tier) AS l(id)
    CROSS JOIN LATERAL (SELECT r->>'content' AS content FROM jsonb_array_elements(i.responses) r WHERE r->>'id' = w.id) cw
    CROSS JOIN LATERAL (SELECT r->>'content' AS content FROM jsonb_array_elements(i.responses) r WHERE r->>'id' = l.id) cl
    WHERE a.project_id = '${projectId}' AND li > wi
    ORDER BY a.item_id, a.id`;
}

/**
 * Seeds ~`pairs` preference pairs with set-based SQL (items × 4 responses × 2 full rankings), exports
 * them as trl-preference the way the worker does (buildExport in a child export process), and compares
 * the rate with `COPY (SELECT …) TO STDOUT` of equivalent rows in the same database. The memory figure
 * is the export process's VmHWM; the in-process run (RSS sampled every 50 ms) is kept for comparison.
 */
export async function runExportBench(opts: TExportBenchOptions = {}): Promise<TBenchFigure[]> {
  const log = opts.log ?? (() => {});
  const items = Math.max(1, Math.ceil((opts.pairs ?? 1_000_000) / PAIRS_PER_ITEM));
  const db: TBenchDb = await createBenchDatabase();
  const prisma = createPrisma(db.url, 4);
  const exportDir = await mkdtemp(path.join(tmpdir(), "rankwise-export-bench-"));
  try {
    const seedStart = performance.now();
    const { project, researcher } = await seedBigProject(prisma, items);
    log(`seeded ${items} items, ${items * 2} annotations in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

    const spec = ZExportSpec.parse({ format: "trl-preference" });
    // 1. The worker's path: the export runs in its own process (export-process.ts, plain pg, small young
    //    generation). Its peak RSS is that child's VmHWM (kernel high-water mark of resident memory,
    //    from /proc/<pid>/status, read by the child just before it exits): the whole export process,
    //    node + tsx + modules included.
    const exp = await prisma.export.create({ data: { projectId: project.id, requestedById: researcher.id, spec } });
    let childPeak = Number.NaN;
    const t0 = performance.now();
    await runExportProcess(exp.id, { databaseUrl: db.url, exportDir, onPeakRss: (b) => (childPeak = b) });
    const exportMs = performance.now() - t0;
    const done = await prisma.export.findUniqueOrThrow({ where: { id: exp.id } });
    if (done.status !== "COMPLETED") throw new Error(`export ended ${done.status}: ${done.error}`);
    const rows = (done.counts as { rows: number }).rows;
    const bytes = (done.files as { bytes: number }[]).reduce((n, f) => n + f.bytes, 0);
    log(
      `exported ${rows} rows (${(bytes / 1e6).toFixed(0)} MB) in ${(exportMs / 1000).toFixed(2)} s in the export process (start-up included)`,
    );
    await rm(path.join(exportDir, exp.id), { recursive: true, force: true });

    // 2. The same export in this process (Prisma client, default V8 flags), as the API process or an
    //    in-process worker would run it; RSS sampled every 50 ms.
    const exp2 = await prisma.export.create({ data: { projectId: project.id, requestedById: researcher.id, spec } });
    const baselineRss = process.memoryUsage().rss;
    log(`in-process: RSS before the export: ${(baselineRss / 2 ** 20).toFixed(0)} MB`);
    let peakRss = baselineRss;
    let peakHeap = process.memoryUsage().heapUsed;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 50);
    const t2 = performance.now();
    await buildExport({ prisma, exportDir }, exp2.id);
    const inProcessMs = performance.now() - t2;
    clearInterval(sampler);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    const done2 = await prisma.export.findUniqueOrThrow({ where: { id: exp2.id } });
    if (done2.sha256 !== done.sha256) throw new Error("the in-process export differs from the export process's");

    const t1 = performance.now();
    const copied = execFileSync(
      "psql",
      [db.url, "-qAtc", `\\copy (${copySql(project.id).replace(/\s+/g, " ")}) TO '/dev/null'`, "-c", "SELECT 1"],
      { encoding: "utf8" },
    );
    const copyMs = performance.now() - t1;
    if (!copied.includes("1")) throw new Error("COPY did not run");
    log(`COPY of the same ${rows} rows in ${(copyMs / 1000).toFixed(2)} s`);

    const exportRate = rows / (exportMs / 1000);
    const copyRate = rows / (copyMs / 1000);
    const hwm = await vmHwm();
    return [
      { name: `export ${rows} trl-preference pairs (export process)`, value: exportRate, unit: "rows/s" },
      { name: "same rows via COPY (SELECT …) TO STDOUT", value: copyRate, unit: "rows/s" },
      { name: "export / COPY (target ≥ 0.5)", value: exportRate / copyRate, unit: "ratio" },
      { name: "export process peak RSS, VmHWM (target < 200)", value: childPeak / 2 ** 20, unit: "MB" },
      { name: "in-process buildExport (Prisma), same export", value: rows / (inProcessMs / 1000), unit: "rows/s" },
      { name: "  in-process peak RSS, sampled every 50 ms", value: peakRss / 2 ** 20, unit: "MB" },
      { name: "  in-process growth over the RSS before the export", value: (peakRss - baselineRss) / 2 ** 20, unit: "MB" },
      { name: "  in-process peak V8 heap used", value: peakHeap / 2 ** 20, unit: "MB" },
      ...(hwm ? [{ name: "bench process VmHWM (incl. seeding)", value: hwm / 2 ** 20, unit: "MB" }] : []),
    ];
  } finally {
    await prisma.$disconnect();
    await db.drop();
    await rm(exportDir, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf("--pairs");
  const pairs = i > 0 ? Number(process.argv[i + 1]) : 1_000_000;
  if (!Number.isInteger(pairs) || pairs < 1) {
    console.error("usage: npm run bench:export -- [--pairs N]");
    process.exit(2);
  }
  runExportBench({ pairs, log: (line) => console.log(`  ${line}`) })
    .then((figures) => {
      console.log("# trl-preference export vs COPY");
      for (const f of figures) console.log(`  ${f.name.padEnd(62)} ${f.value.toFixed(2).padStart(12)} ${f.unit}`);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
