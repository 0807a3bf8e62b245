import { request as httpRequest } from "node:http";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { ZExportSpec } from "@rankwise/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedBigProject } from "./helpers/big-project.ts";
import { enqueueExport } from "../src/services/exports/export-outbox.ts";
import { buildTestApp, type TTestContext } from "./helpers/app.ts";
import { addLabeler, createTestProject, createUser, importItems, makeItems, type TTestUser } from "./helpers/fixtures.ts";
import { freePort, waitFor } from "./helpers/private-services.ts";
import { spawnApiProcess, type TSpawned } from "./helpers/processes.ts";

// The real API and worker processes get SIGTERM here; they use this file's own database and queue prefix.
const ITEMS = 12_000;
let ctx: TTestContext;
const spawned: TSpawned[] = [];

beforeAll(async () => {
  ctx = await buildTestApp({ OUTBOX_RELAY_INTERVAL_MS: "0" });
});
afterAll(async () => {
  for (const p of spawned) p.killGroup();
  await ctx?.close();
});

const baseEnv = () => ({
  DATABASE_URL: ctx.config.DATABASE_URL,
  REDIS_URL: ctx.config.REDIS_URL,
  QUEUE_PREFIX: ctx.config.QUEUE_PREFIX,
  EXPORT_DIR: ctx.config.EXPORT_DIR,
  SESSION_SECRET: ctx.config.SESSION_SECRET,
});

function start(entry: "server" | "worker", env: Record<string, string>) {
  const p = spawnApiProcess(entry, { ...baseEnv(), ...env });
  spawned.push(p);
  return p;
}

/** A POST whose body is sent in two halves, so the request is in flight for as long as the test likes. */
function slowPost(port: number, url: string, headers: Record<string, string>, body: string) {
  let sendRest = () => {};
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = httpRequest(
      {
        host: "127.0.0.1",
        port,
        path: url,
        method: "POST",
        headers: { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        let data = "";
        res.on("data", (d) => {
          data += d;
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: data }));
      },
    );
    req.on("error", reject);
    const half = Math.floor(body.length / 2);
    req.write(body.slice(0, half));
    sendRest = () => req.end(body.slice(half));
  });
  return { response, sendRest: () => sendRest() };
}

describe("API SIGTERM", () => {
  let labeler: TTestUser;
  let projectId: string;

  beforeAll(async () => {
    const researcher = await createUser(ctx.app, "RESEARCHER");
    labeler = await createUser(ctx.app, "LABELER");
    projectId = (await createTestProject(ctx.app, researcher)).id;
    await importItems(ctx.app, projectId, researcher, makeItems(3, 3));
    await addLabeler(ctx.app, projectId, labeler);
  });

  it("drains a request that was in flight, refuses new connections, closes its pools and exits 0", async () => {
    const port = await freePort();
    const api = start("server", { API_PORT: String(port), LOG_LEVEL: "info", SHUTDOWN_GRACE_MS: "15000" });
    await api.waitForOutput(/Server listening/);
    const base = `http://127.0.0.1:${port}`;
    const task = await fetch(`${base}/api/v1/projects/${projectId}/tasks/next`, { headers: labeler.headers });
    expect(task.status).toBe(200);
    const { assignmentId } = (await task.json()) as { assignmentId: string };

    const slow = slowPost(
      port,
      `/api/v1/assignments/${assignmentId}/annotations`,
      labeler.headers,
      JSON.stringify({ ranking: [["r1"], ["r2"], ["r3"]], durationMs: 1500 }),
    );
    await new Promise((r) => setTimeout(r, 300));
    api.child.kill("SIGTERM");
    await api.waitForOutput(/shutting down: draining in-flight requests/);
    await new Promise((r) => setTimeout(r, 300));

    // No new connections while it drains.
    await expect(fetch(`${base}/api/healthz`)).rejects.toThrow();
    expect(api.child.exitCode).toBeNull();

    slow.sendRest();
    const res = await slow.response;
    expect(res.status, res.body).toBe(201);
    expect(JSON.parse(res.body)).toMatchObject({ assignmentId, durationMs: 1500 });
    const answered = performance.now();
    expect(await api.exited).toBe(0);
    // The drained connection is closed with the response (Connection: close), not left to a keep-alive timeout.
    expect(performance.now() - answered).toBeLessThan(2000);
    expect(api.output()).toMatch(/stopped: requests drained, connections closed/);
    // The answer that was in flight is stored.
    expect(await ctx.app.prisma.annotation.count({ where: { assignmentId } })).toBe(1);
  });
});

describe("worker SIGTERM", () => {
  let projectId: string;
  let requestedById: string;

  beforeAll(async () => {
    const seeded = await seedBigProject(ctx.app.prisma, ITEMS);
    projectId = seeded.project.id;
    requestedById = seeded.researcher.id;
  });

  async function requestExport() {
    const row = await ctx.app.prisma.export.create({
      data: { projectId, requestedById, spec: ZExportSpec.parse({ format: "trl-preference" }) },
    });
    expect(await enqueueExport(ctx.app.prisma, ctx.app.exportQueue, row.id)).toBe(true);
    return row.id;
  }
  const row = (id: string) => ctx.app.prisma.export.findUniqueOrThrow({ where: { id } });
  const workerEnv = (graceMs: number) => ({
    SHUTDOWN_GRACE_MS: String(graceMs),
    EXPORT_CONCURRENCY: "1",
    EXPORT_LOCK_DURATION_MS: "2000",
    EXPORT_STALLED_INTERVAL_MS: "1000",
  });
  let reference: string | null = null;

  it("lets the running export finish, then exits 0", async () => {
    const worker = start("worker", workerEnv(30_000));
    await worker.waitForOutput(/listening on queue "exports"/);
    const id = await requestExport();
    await waitFor(async () => (await row(id)).rowsDone > 0, 20_000, "progress");
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(0);
    const done = await row(id);
    // It had already finished when the worker exited.
    expect(done.status, done.error ?? "").toBe("COMPLETED");
    expect(worker.output()).toMatch(/SIGTERM: finishing running jobs[\s\S]*export .* completed[\s\S]*\[worker\] stopped/);
    reference = done.sha256;
  });

  it("past the grace period it exits and leaves the export to be retried by the next worker", async () => {
    const worker = start("worker", workerEnv(300));
    await worker.waitForOutput(/listening on queue "exports"/);
    const id = await requestExport();
    await waitFor(async () => (await row(id)).rowsDone > 0, 20_000, "progress");
    const t = performance.now();
    worker.child.kill("SIGTERM");
    expect(await worker.exited).toBe(1);
    expect(performance.now() - t).toBeLessThan(3000);
    expect(worker.output()).toMatch(/grace period over/);
    expect((await row(id)).status).toBe("RUNNING");

    const next = start("worker", workerEnv(30_000));
    await next.waitForOutput(/listening on queue "exports"/);
    await waitFor(async () => ["COMPLETED", "FAILED"].includes((await row(id)).status), 40_000, "the retried export");
    const done = await row(id);
    expect(done.status, done.error ?? "").toBe("COMPLETED");
    expect(done.sha256).toBe(reference);
    expect((await readdir(path.join(ctx.config.EXPORT_DIR, id))).filter((n) => n.endsWith(".tmp"))).toEqual([]);
    next.child.kill("SIGTERM");
    expect(await next.exited).toBe(0);
  });
});
