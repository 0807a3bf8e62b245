import { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buildApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { buildTestApp, type TTestContext } from "./helpers/app.ts";
import { createExportHandler } from "../src/jobs/export-handler.ts";
import { EXPORT_QUEUE } from "../src/jobs/queues.ts";
import { createRedis } from "../src/lib/connections.ts";
import { waitForExport } from "./helpers/export-fixtures.ts";
import { addLabeler, createTestProject, createUser, importItems, makeItems, type TTestUser } from "./helpers/fixtures.ts";
import { freePort, startPrivateRedis, type TPrivateRedis } from "./helpers/private-services.ts";
import { spawnApiProcess, type TSpawned } from "./helpers/processes.ts";

// Redis is stopped and restarted here: a private redis-server, never the shared one.
let redis: TPrivateRedis;
let ctx: TTestContext;
let researcher: TTestUser;
let engineer: TTestUser;
let labeler: TTestUser;
let projectId: string;
let worker: { close: () => Promise<void> } | undefined;
let spawned: TSpawned | undefined;

/** An in-process export worker with a connection of its own, closed with it (Redis is stopped later). */
function startWorker() {
  const connection = createRedis(ctx.config.REDIS_URL, { maxRetriesPerRequest: null });
  connection.on("error", () => {});
  const w = new Worker(EXPORT_QUEUE, createExportHandler({ prisma: ctx.app.prisma, exportDir: ctx.config.EXPORT_DIR }), {
    connection,
    prefix: ctx.config.QUEUE_PREFIX,
  });
  w.on("error", () => {});
  return {
    close: async () => {
      await w.close();
      connection.disconnect();
    },
  };
}

beforeAll(async () => {
  redis = await startPrivateRedis();
  ctx = await buildTestApp({ REDIS_URL: redis.url, OUTBOX_RELAY_INTERVAL_MS: "300" });
  researcher = await createUser(ctx.app, "RESEARCHER");
  engineer = await createUser(ctx.app, "ENGINEER");
  labeler = await createUser(ctx.app, "LABELER");
  projectId = (await createTestProject(ctx.app, researcher)).id;
  await importItems(ctx.app, projectId, researcher, makeItems(6, 3));
  await addLabeler(ctx.app, projectId, labeler);
});
afterAll(async () => {
  spawned?.killGroup();
  await worker?.close();
  await ctx?.close();
  await redis?.stop();
});

const get = (url: string, headers: Record<string, string>) => ctx.app.inject({ method: "GET", url, headers });
const post = (url: string, headers: Record<string, string>, payload: object = {}) =>
  ctx.app.inject({ method: "POST", url, headers, payload });

/** One task fetched and answered through the API. */
async function labelOne(key: string) {
  const task = await get(`/api/v1/projects/${projectId}/tasks/next`, labeler.headers);
  expect(task.statusCode, task.body).toBe(200);
  const submit = await ctx.app.inject({
    method: "POST",
    url: `/api/v1/assignments/${task.json().assignmentId}/annotations`,
    headers: { ...labeler.headers, "idempotency-key": key },
    payload: { ranking: [["r1"], ["r2"], ["r3"]], durationMs: 1000 },
  });
  expect(submit.statusCode, submit.body).toBe(201);
}

async function health() {
  const start = performance.now();
  const res = await get("/api/healthz", {});
  return { res, ms: performance.now() - start };
}

describe("Redis down while labelers work", () => {
  let queuedId: string;

  it("labeling goes on, health is degraded (fast), exports wait in the outbox and can be cancelled", async () => {
    await labelOne("before-outage");
    await redis.stop();

    const { res, ms } = await health();
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: "degraded", postgres: { ok: true }, redis: { ok: false } });
    expect(ms).toBeLessThan(1500);

    for (const key of ["during-1", "during-2", "during-3"]) await labelOne(key);
    expect(await ctx.app.prisma.annotation.count({ where: { projectId } })).toBe(4);

    // The export is accepted (202, QUEUED) and waits in Postgres with enqueuedAt null.
    const created = await post(`/api/v1/projects/${projectId}/exports`, engineer.headers);
    expect(created.statusCode, created.body).toBe(202);
    expect(created.json().status).toBe("QUEUED");
    queuedId = created.json().id;
    expect((await ctx.app.prisma.export.findUniqueOrThrow({ where: { id: queuedId } })).enqueuedAt).toBeNull();

    // Cancel and delete work on an export that never reached the queue.
    const other = (await post(`/api/v1/projects/${projectId}/exports`, engineer.headers)).json().id;
    const cancel = await post(`/api/v1/exports/${other}/cancel`, engineer.headers);
    expect(cancel.statusCode, cancel.body).toBe(200);
    expect(cancel.json().status).toBe("CANCELLED");
    expect((await ctx.app.inject({ method: "DELETE", url: `/api/v1/exports/${other}`, headers: engineer.headers })).statusCode).toBe(204);

    // A relay pass while Redis is down changes nothing.
    expect(await ctx.app.exportOutbox.runNow()).toMatchObject({ enqueued: 0, pending: 1 });

    // Metrics still answer: Redis reported down, the backlog visible.
    const metrics = await get("/api/metrics", {});
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toMatch(/^rankwise_redis_up 0$/m);
    expect(metrics.body).toMatch(/^rankwise_export_outbox_pending 1$/m);
  });

  it("when Redis comes back the API reconnects and the relay hands the export over once; a worker builds it", async () => {
    await redis.start();
    await vi.waitFor(
      async () => {
        expect((await health()).res.json().status).toBe("ok");
      },
      { timeout: 10_000, interval: 100 },
    );
    await vi.waitFor(
      async () => {
        expect((await ctx.app.prisma.export.findUniqueOrThrow({ where: { id: queuedId } })).enqueuedAt).not.toBeNull();
      },
      { timeout: 5000, interval: 50 },
    );
    // Relaying again (timer, worker start-up) adds nothing: the job id is the export id.
    await ctx.app.exportOutbox.runNow();
    await ctx.app.exportOutbox.runNow();
    expect(await ctx.app.exportQueue.getJobCounts("waiting", "active", "delayed")).toEqual({ waiting: 1, active: 0, delayed: 0 });

    worker = startWorker();
    const done = await waitForExport(ctx.app, engineer.headers, queuedId);
    expect(done.status, done.error).toBe("COMPLETED");
    expect(done.rowsTotal).toBe(4);
    await worker.close();
    worker = undefined;
  });

  it("an export whose job a restarted (empty) Redis lost is enqueued again", async () => {
    const id = (await post(`/api/v1/projects/${projectId}/exports`, engineer.headers)).json().id;
    expect((await ctx.app.prisma.export.findUniqueOrThrow({ where: { id } })).enqueuedAt).not.toBeNull();
    expect(await ctx.app.exportQueue.getJob(id)).toBeDefined();

    await redis.stop();
    await redis.start();
    await vi.waitFor(async () => expect(await ctx.app.exportQueue.getJob(id)).toBeDefined(), { timeout: 10_000, interval: 100 });
    worker = startWorker();
    expect((await waitForExport(ctx.app, engineer.headers, id)).status).toBe("COMPLETED");
  });
});

describe("the worker process across a Redis restart", () => {
  it("stays up, reconnects and builds the next export", async () => {
    await worker?.close();
    worker = undefined;
    const proc = spawnApiProcess("worker", {
      DATABASE_URL: ctx.config.DATABASE_URL,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: ctx.config.QUEUE_PREFIX,
      EXPORT_DIR: ctx.config.EXPORT_DIR,
    });
    spawned = proc;
    await proc.waitForOutput(/listening on queue "exports"/);
    await redis.stop();
    await new Promise((r) => setTimeout(r, 1500));
    await redis.start();
    const id = (await post(`/api/v1/projects/${projectId}/exports`, engineer.headers)).json().id;
    // Enqueued at once if the API has already reconnected, else by the relay a moment later.
    const done = await waitForExport(ctx.app, engineer.headers, id);
    expect(done.status, done.error).toBe("COMPLETED");
    expect(proc.child.exitCode).toBeNull();
    proc.child.kill("SIGTERM");
    expect(await proc.exited, proc.output()).toBe(0);
  });
});

describe("boot", () => {
  it("the API refuses to start without Redis, with a clear message", async () => {
    const port = await freePort();
    const config = loadConfig({
      NODE_ENV: "test",
      LOG_LEVEL: "silent",
      DATABASE_URL: ctx.config.DATABASE_URL,
      EXPORT_DIR: ctx.config.EXPORT_DIR,
      REDIS_URL: `redis://127.0.0.1:${port}`,
    });
    const start = performance.now();
    await expect(buildApp(config)).rejects.toThrow(`Cannot reach Redis at redis://127.0.0.1:${port}`);
    expect(performance.now() - start).toBeLessThan(5000);
  });
});
