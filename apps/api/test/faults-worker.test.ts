import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { ZExportSpec } from "@rankwise/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedBigProject } from "./helpers/big-project.ts";
import { enqueueExport } from "../src/services/exports/export-outbox.ts";
import { buildTestApp, type TTestContext } from "./helpers/app.ts";
import { waitFor } from "./helpers/private-services.ts";
import { spawnApiProcess, type TSpawned } from "./helpers/processes.ts";

// The real worker process is SIGKILLed here; it has its own database, export folder and queue prefix.
const ITEMS = 12_000;
let ctx: TTestContext;
let projectId: string;
let requestedById: string;
const workers: TSpawned[] = [];

const workerEnv = () => ({
  DATABASE_URL: ctx.config.DATABASE_URL,
  REDIS_URL: ctx.config.REDIS_URL,
  QUEUE_PREFIX: ctx.config.QUEUE_PREFIX,
  EXPORT_DIR: ctx.config.EXPORT_DIR,
  EXPORT_CONCURRENCY: "1",
  // A dead worker's lock expires after 2 s and the next stalled check (every second) retries the job.
  EXPORT_LOCK_DURATION_MS: "2000",
  EXPORT_STALLED_INTERVAL_MS: "1000",
});

async function startWorker() {
  const w = spawnApiProcess("worker", workerEnv());
  workers.push(w);
  await w.waitForOutput(/listening on queue "exports"/);
  return w;
}

beforeAll(async () => {
  ctx = await buildTestApp({ OUTBOX_RELAY_INTERVAL_MS: "0" });
  const seeded = await seedBigProject(ctx.app.prisma, ITEMS);
  projectId = seeded.project.id;
  requestedById = seeded.researcher.id;
});
afterAll(async () => {
  for (const w of workers) w.killGroup();
  await ctx?.close();
});

const sha = (buf: Buffer) => createHash("sha256").update(buf).digest("hex");
const SPEC = ZExportSpec.parse({ format: "trl-preference", split: { train: 0.9, test: 0.1 } });

async function requestExport() {
  const row = await ctx.app.prisma.export.create({ data: { projectId, requestedById, spec: SPEC } });
  expect(await enqueueExport(ctx.app.prisma, ctx.app.exportQueue, row.id)).toBe(true);
  return row.id;
}

async function waitForStatus(id: string, statuses: string[], timeoutMs: number) {
  await waitFor(
    async () => statuses.includes((await ctx.app.prisma.export.findUniqueOrThrow({ where: { id } })).status),
    timeoutMs,
    `export ${id} to reach ${statuses.join("/")}`,
  );
  return ctx.app.prisma.export.findUniqueOrThrow({ where: { id } });
}

/** sha256 of every data file (split files); the manifest and card name the export, so they differ by design. */
async function dataFiles(id: string) {
  const folder = path.join(ctx.config.EXPORT_DIR, id);
  const names = (await readdir(folder)).filter((n) => n.endsWith(".jsonl")).sort();
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, sha(await readFile(path.join(folder, n)))])));
}

describe("worker SIGKILLed mid-export", () => {
  it("another worker retries the stalled job within seconds and builds byte-identical files", async () => {
    const first = await startWorker();
    const t0 = performance.now();
    const reference = await waitForStatus(await requestExport(), ["COMPLETED", "FAILED"], 40_000);
    const referenceMs = performance.now() - t0;
    expect(reference.status, reference.error ?? "").toBe("COMPLETED");
    expect(reference.rowsTotal).toBe(ITEMS * 2);

    const id = await requestExport();
    await waitFor(async () => (await ctx.app.prisma.export.findUniqueOrThrow({ where: { id } })).rowsDone > 0, 20_000, "progress");
    first.killGroup();
    expect(await first.exited).toBe("SIGKILL");
    const killedAt = await ctx.app.prisma.export.findUniqueOrThrow({ where: { id } });
    expect(killedAt.status).toBe("RUNNING");
    expect(killedAt.rowsDone).toBeLessThan(ITEMS * 2);

    const tRestart = performance.now();
    await startWorker();
    const done = await waitForStatus(id, ["COMPLETED", "FAILED"], 40_000);
    const recoveryMs = performance.now() - tRestart;
    expect(done.status, done.error ?? "").toBe("COMPLETED");
    expect(done.error).toBeNull();
    expect(done.rowsDone).toBe(ITEMS * 2);
    // Same spec, same data: the same bytes, file by file, and the same digest over them.
    expect(done.sha256).toBe(reference.sha256);
    expect(done.files).toEqual(reference.files);
    const files = await dataFiles(id);
    expect(Object.keys(files)).toEqual(["test.jsonl", "train.jsonl"]);
    expect(files).toEqual(await dataFiles(reference.id));
    // Nothing left behind by the killed attempt.
    expect((await readdir(path.join(ctx.config.EXPORT_DIR, id))).filter((n) => n.endsWith(".tmp"))).toEqual([]);
    // One job, completed once: the stall did not count as a failed attempt.
    const job = await ctx.app.exportQueue.getJob(id);
    expect(await job?.getState()).toBe("completed");
    expect(job?.failedReason ?? "").toBe("");
    console.log(`[faults-worker] reference export ${Math.round(referenceMs)} ms; recovery after SIGKILL ${Math.round(recoveryMs)} ms`);
  });
});
