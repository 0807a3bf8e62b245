import { createHash, createHmac, randomUUID } from "node:crypto";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  DEFAULT_TRAINING_QUEUE,
  type TExportFile,
  type TTrainingJobV1,
  ZExportCompletedEventV1,
  ZExportSpec,
  ZTrainingJobV1,
} from "@rankwise/shared";
import { Queue, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processTrainingJob } from "../../../examples/training-consumer/src/process-training-job.ts";
import { createExportCompletedHook, type TExportCompletedHook } from "../src/jobs/export-completed-hook.ts";
import { WEBHOOK_QUEUE } from "../src/jobs/handoff-queues.ts";
import { createWebhookHandler } from "../src/jobs/webhook-handler.ts";
import { createRedis } from "../src/lib/connections.ts";
import { transitionError } from "../src/services/training-runs/run-transitions.ts";
import { verifyWebhookSignature } from "../src/services/webhooks/sign-webhook.ts";
import { buildTestApp, type TTestContext } from "./helpers/app.ts";
import { createTestProject, createUser, type TTestUser } from "./helpers/fixtures.ts";

const CUSTOM_QUEUE = "gpu-cluster-b";
/** No consumer listens here, so the events API tests alone move their runs. */
const IDLE_QUEUE = "nobody-trains-here";

let ctx: TTestContext;
let baseUrl: string;
let researcher: TTestUser;
let engineer: TTestUser;
let labeler: TTestUser;
let connection: Redis;
let hook: TExportCompletedHook;
let workDir: string;
const workers: Worker[] = [];
const workerConnections: Redis[] = [];

/** Workers get their own connections, as in production (maxRetriesPerRequest: null). */
function workerConnection(): Redis {
  const c = createRedis(ctx.config.REDIS_URL, { maxRetriesPerRequest: null });
  workerConnections.push(c);
  return c;
}

beforeAll(async () => {
  ctx = await buildTestApp();
  await ctx.app.listen({ port: 0, host: "127.0.0.1" });
  baseUrl = `http://127.0.0.1:${(ctx.app.server.address() as AddressInfo).port}`;
  researcher = await createUser(ctx.app, "RESEARCHER");
  engineer = await createUser(ctx.app, "ENGINEER");
  labeler = await createUser(ctx.app, "LABELER");
  workDir = await mkdtemp(path.join(tmpdir(), "rankwise-trainer-"));
  connection = createRedis(ctx.config.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: false });
  hook = createExportCompletedHook({
    prisma: ctx.app.prisma,
    connection,
    prefix: ctx.config.QUEUE_PREFIX,
    publicApiUrl: baseUrl,
    trainingQueue: ctx.config.TRAINING_QUEUE,
    webhookAttempts: 3,
    webhookBackoffMs: 150,
  });
});

afterAll(async () => {
  await Promise.all(workers.map((w) => w.close()));
  for (const c of workerConnections) c.disconnect();
  await hook.close();
  for (const name of [DEFAULT_TRAINING_QUEUE, CUSTOM_QUEUE, IDLE_QUEUE, WEBHOOK_QUEUE]) {
    const queue = new Queue(name, { connection, prefix: ctx.config.QUEUE_PREFIX });
    await queue.obliterate({ force: true }).catch(() => {});
    await queue.close();
  }
  connection.disconnect();
  await rm(workDir, { recursive: true, force: true });
  await ctx.close();
});

const PREFERENCE_ROWS = [
  {
    prompt: [{ role: "user", content: "2+2?" }],
    chosen: [{ role: "assistant", content: "4" }],
    rejected: [{ role: "assistant", content: "5" }],
  },
  {
    prompt: [{ role: "user", content: "Capital of France?" }],
    chosen: [{ role: "assistant", content: "Paris" }],
    rejected: [{ role: "assistant", content: "Lyon" }],
  },
  {
    prompt: [{ role: "user", content: "Say hi" }],
    chosen: [{ role: "assistant", content: "Hi!" }],
    rejected: [{ role: "assistant", content: "No." }],
  },
  {
    prompt: [{ role: "user", content: "Sky colour?" }],
    chosen: [{ role: "assistant", content: "Blue" }],
    rejected: [{ role: "assistant", content: "Green" }],
  },
];

/** A COMPLETED export with real files on disk, as the export worker leaves it. */
async function createCompletedExport(projectId: string, opts: { manifest?: (files: TExportFile[]) => unknown } = {}) {
  const id = randomUUID();
  const dir = path.join(ctx.config.EXPORT_DIR, id);
  await mkdir(dir, { recursive: true });
  const splits = { train: PREFERENCE_ROWS.slice(0, 3), test: PREFERENCE_ROWS.slice(3) };
  const files: TExportFile[] = [];
  for (const [split, rows] of Object.entries(splits)) {
    const bytes = Buffer.from(rows.map((r) => `${JSON.stringify(r)}\n`).join(""));
    await writeFile(path.join(dir, `${split}.jsonl`), bytes);
    files.push({
      split,
      name: `${split}.jsonl`,
      rows: rows.length,
      bytes: bytes.length,
      sha256: createHash("sha256").update(bytes).digest("hex"),
    });
  }
  const spec = ZExportSpec.parse({ criterion: "helpful", split: { train: 0.75, test: 0.25 } });
  await ctx.app.prisma.export.create({
    data: {
      id,
      projectId,
      requestedById: researcher.id,
      spec,
      status: "COMPLETED",
      progress: 1,
      rowsDone: 4,
      rowsTotal: 4,
      counts: { rows: 4 },
      files,
      sha256: createHash("sha256")
        .update(files.map((f) => f.sha256).join(""))
        .digest("hex"),
      finishedAt: new Date(),
      ...(opts.manifest ? { manifest: opts.manifest(files) as object } : {}),
    },
  });
  return { id, files };
}

async function runsOf(exportId: string) {
  const res = await ctx.app.inject({ method: "GET", url: `/api/v1/training-runs?exportId=${exportId}`, headers: engineer.headers });
  expect(res.statusCode).toBe(200);
  return res.json().trainingRuns as { id: string; status: string }[];
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function startConsumer(queue: string) {
  const worker = new Worker(
    queue,
    (job) => processTrainingJob(job.data, { token: engineer.headers.authorization?.slice(7) ?? "", workDir, steps: 3, stepDelayMs: 5 }),
    {
      connection: workerConnection(),
      prefix: ctx.config.QUEUE_PREFIX,
    },
  );
  workers.push(worker);
  return worker;
}

async function finishedRun(runId: string) {
  return waitFor(`run ${runId} to finish`, async () => {
    const res = await ctx.app.inject({ method: "GET", url: `/api/v1/training-runs/${runId}`, headers: engineer.headers });
    const run = res.json();
    return ["SUCCEEDED", "FAILED", "CANCELLED"].includes(run.status) ? run : undefined;
  });
}

describe("training hand-off: export → job on the training queue → example consumer → events API", () => {
  it("publishes a v1 job with a PENDING run, and the example consumer trains it to SUCCEEDED over HTTP", async () => {
    const project = await createTestProject(ctx.app, researcher);
    const exp = await createCompletedExport(project.id);

    await hook.onExportCompleted(exp.id);
    await hook.onExportCompleted(exp.id); // a retried export handler must not start a second run
    const runs = await runsOf(exp.id);
    expect(runs).toHaveLength(1);
    const runId = runs[0]?.id ?? "";
    expect(runs[0]).toMatchObject({ status: "PENDING", projectId: project.id, exportId: exp.id });

    const queue = new Queue<TTrainingJobV1>(DEFAULT_TRAINING_QUEUE, { connection, prefix: ctx.config.QUEUE_PREFIX });
    expect(await queue.count()).toBe(1);
    const job = await queue.getJob(runId);
    await queue.close();
    expect(job?.name).toBe("train-reward-model");
    const payload = ZTrainingJobV1.parse(job?.data);
    expect(payload).toMatchObject({
      v: 1,
      trainingRunId: runId,
      exportId: exp.id,
      projectId: project.id,
      criterion: "helpful",
      format: "trl-preference",
      eventsUrl: `${baseUrl}/api/v1/training-runs/${runId}/events`,
      runUrl: `${baseUrl}/api/v1/training-runs/${runId}`,
      manifest: exp.files, // no manifest on the export: its files list
    });
    expect(payload.files.map((f) => f.url)).toEqual([
      `${baseUrl}/api/v1/exports/${exp.id}/download?split=train`,
      `${baseUrl}/api/v1/exports/${exp.id}/download?split=test`,
    ]);
    expect(payload.spec.split).toEqual({ train: 0.75, test: 0.25, validation: 0 });

    const consumer = startConsumer(DEFAULT_TRAINING_QUEUE);
    const run = await finishedRun(runId);
    await consumer.close();
    expect(run).toMatchObject({ status: "SUCCEEDED", step: 30, trainer: expect.stringContaining("simulated") });
    expect(run.metrics).toMatchObject({ loss: expect.any(Number), reward_accuracy: expect.any(Number), train_rows: 3 });
    expect(run.events.map((e: { status: string | null }) => e.status)).toEqual(["RUNNING", null, null, null, "SUCCEEDED"]);
    expect(run.events[0].message).toContain("train=3 rows, test=1 rows");
    expect(run.events.slice(1, 4).map((e: { step: number }) => e.step)).toEqual([10, 20, 30]);
    // Simulated loss goes down.
    const losses = run.events.slice(1, 4).map((e: { metrics: { loss: number } }) => e.metrics.loss);
    expect([...losses].sort((a, b) => b - a)).toEqual(losses);

    const onDisk = await readFile(path.join(workDir, runId, "train.jsonl"));
    expect(createHash("sha256").update(onDisk).digest("hex")).toBe(exp.files[0]?.sha256);
    expect((await runsOf(exp.id))[0]).toMatchObject({ id: runId, status: "SUCCEEDED" });
  });

  it("uses the project's queue from settings.handoff, and the consumer fails a run whose files do not match the manifest", async () => {
    const project = await createTestProject(ctx.app, researcher);
    await ctx.app.prisma.project.update({ where: { id: project.id }, data: { settings: { handoff: { queue: CUSTOM_QUEUE } } } });
    const exp = await createCompletedExport(project.id, {
      manifest: (files) => ({ v: 1, files: files.map((f) => (f.split === "train" ? { ...f, sha256: "0".repeat(64) } : f)) }),
    });

    const result = await hook.handOff(exp.id);
    expect(result).toMatchObject({ handedOff: true, training: { queue: CUSTOM_QUEUE, published: true } });
    const runId = result.handedOff ? (result.training?.trainingRunId ?? "") : "";

    const consumer = startConsumer(CUSTOM_QUEUE);
    const run = await finishedRun(runId);
    await consumer.close();
    expect(run.status).toBe("FAILED");
    expect(run.events.at(-1).message).toMatch(/train\.jsonl: sha256 [0-9a-f]{64} does not match the manifest's 0{64}/);
  });

  it("starts no training when the project opts out or the export is not COMPLETED", async () => {
    const project = await createTestProject(ctx.app, researcher);
    await ctx.app.prisma.project.update({ where: { id: project.id }, data: { settings: { handoff: { enabled: false } } } });
    const exp = await createCompletedExport(project.id);
    expect(await hook.handOff(exp.id)).toMatchObject({
      handedOff: true,
      training: null,
      trainingSkipped: "settings.handoff.enabled is false",
    });
    expect(await runsOf(exp.id)).toEqual([]);

    const other = await createTestProject(ctx.app, researcher);
    const running = await createCompletedExport(other.id);
    await ctx.app.prisma.export.update({ where: { id: running.id }, data: { status: "RUNNING" } });
    expect(await hook.handOff(running.id)).toEqual({ handedOff: false, reason: "export is RUNNING, not COMPLETED" });
  });
});

type TReceived = { headers: IncomingHttpHeaders; body: string };

/** A receiver that answers each request with the next status in `statuses` (the last one repeats). */
async function startReceiver(statuses: number[]): Promise<{ url: string; received: TReceived[]; server: Server }> {
  const received: TReceived[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => {
      body += c;
    });
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)] ?? 200;
      res.writeHead(status, { "content-type": "text/plain" }).end(status >= 300 ? "receiver is down" : "ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/rankwise`, received, server };
}

describe("webhooks: signed export.completed deliveries, retried with backoff through the webhooks queue", () => {
  beforeAll(() => {
    const worker = new Worker(WEBHOOK_QUEUE, createWebhookHandler({ prisma: ctx.app.prisma, timeoutMs: 5_000 }), {
      connection: workerConnection(),
      prefix: ctx.config.QUEUE_PREFIX,
    });
    workers.push(worker);
  });

  async function deliveries(projectId: string, webhookId: string) {
    const res = await ctx.app.inject({
      method: "GET",
      url: `/api/v1/projects/${projectId}/webhooks/${webhookId}/deliveries`,
      headers: engineer.headers,
    });
    expect(res.statusCode).toBe(200);
    return res.json().deliveries as {
      id: string;
      status: string;
      attempts: number;
      lastStatusCode: number | null;
      lastError: string | null;
      deliveredAt: string | null;
    }[];
  }

  it("fails once (500), succeeds on the retry, signs every attempt, and logs both attempts", async () => {
    const receiver = await startReceiver([500, 200]);
    try {
      const project = await createTestProject(ctx.app, researcher);
      const created = await ctx.app.inject({
        method: "POST",
        url: `/api/v1/projects/${project.id}/webhooks`,
        headers: engineer.headers,
        payload: { url: receiver.url },
      });
      expect(created.statusCode).toBe(201);
      const webhook = created.json();
      expect(webhook).toMatchObject({ projectId: project.id, url: receiver.url, events: ["export.completed"], enabled: true });
      expect(webhook.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);

      const listed = await ctx.app.inject({ method: "GET", url: `/api/v1/projects/${project.id}/webhooks`, headers: researcher.headers });
      expect(listed.json().webhooks).toHaveLength(1);
      expect(listed.json().webhooks[0]).not.toHaveProperty("secret");

      const exp = await createCompletedExport(project.id);
      await hook.onExportCompleted(exp.id);
      const [delivery] = await waitFor("the delivery to succeed", async () => {
        const rows = await deliveries(project.id, webhook.id);
        return rows[0]?.status === "DELIVERED" ? rows : undefined;
      });
      expect(delivery).toMatchObject({
        status: "DELIVERED",
        attempts: 2,
        lastStatusCode: 200,
        lastError: null,
        exportId: exp.id,
        event: "export.completed",
      });
      expect(delivery?.deliveredAt).not.toBeNull();

      expect(receiver.received).toHaveLength(2);
      for (const { headers, body } of receiver.received) {
        expect(headers["content-type"]).toBe("application/json");
        expect(headers["x-rankwise-event"]).toBe("export.completed");
        expect(headers["x-rankwise-delivery"]).toBe(delivery?.id);
        const signature = String(headers["x-rankwise-signature"]);
        const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature);
        expect(match).not.toBeNull();
        // Recomputed here exactly as docs/handoff.md tells receivers to.
        expect(createHmac("sha256", webhook.secret).update(`${match?.[1]}.${body}`).digest("hex")).toBe(match?.[2]);
        expect(verifyWebhookSignature(webhook.secret, signature, body)).toBe(true);
        expect(verifyWebhookSignature(webhook.secret, signature, body.replace("export.completed", "export.tampered"))).toBe(false);
        expect(verifyWebhookSignature("whsec_wrong", signature, body)).toBe(false);
      }
      const event = ZExportCompletedEventV1.parse(JSON.parse(receiver.received[1]?.body ?? ""));
      const [run] = await runsOf(exp.id);
      expect(event).toMatchObject({
        id: delivery?.id,
        event: "export.completed",
        data: { exportId: exp.id, projectId: project.id, trainingRunId: run?.id, criterion: "helpful" },
      });
      expect(event.data.files[0]?.url).toBe(`${baseUrl}/api/v1/exports/${exp.id}/download?split=train`);

      // Calling the hook again (a retried export job) sends nothing new.
      await hook.onExportCompleted(exp.id);
      expect(await deliveries(project.id, webhook.id)).toHaveLength(1);
    } finally {
      receiver.server.close();
    }
  });

  it("marks a delivery FAILED with the last error once every attempt failed", async () => {
    const receiver = await startReceiver([503]);
    try {
      const project = await createTestProject(ctx.app, researcher);
      const webhook = (
        await ctx.app.inject({
          method: "POST",
          url: `/api/v1/projects/${project.id}/webhooks`,
          headers: engineer.headers,
          payload: { url: receiver.url },
        })
      ).json();
      await hook.onExportCompleted((await createCompletedExport(project.id)).id);
      const [delivery] = await waitFor("the delivery to fail", async () => {
        const rows = await deliveries(project.id, webhook.id);
        return rows[0]?.status === "FAILED" ? rows : undefined;
      });
      expect(delivery).toMatchObject({ attempts: 3, lastStatusCode: 503, lastError: "HTTP 503: receiver is down", deliveredAt: null });
      expect(receiver.received).toHaveLength(3);
    } finally {
      receiver.server.close();
    }
  });

  it("accepts only http(s) URLs and known events, and deletes a webhook with its log", async () => {
    const project = await createTestProject(ctx.app, researcher);
    const url = `/api/v1/projects/${project.id}/webhooks`;
    for (const bad of ["ftp://example.com/hook", "javascript:alert(1)", "file:///etc/passwd", "not a url", ""]) {
      const res = await ctx.app.inject({ method: "POST", url, headers: engineer.headers, payload: { url: bad } });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().error.code).toBe("VALIDATION_FAILED");
    }
    const badEvent = await ctx.app.inject({
      method: "POST",
      url,
      headers: engineer.headers,
      payload: { url: "https://example.com/h", events: ["export.started"] },
    });
    expect(badEvent.statusCode).toBe(400);

    const created = (
      await ctx.app.inject({ method: "POST", url, headers: researcher.headers, payload: { url: "https://example.com/h" } })
    ).json();
    const del = await ctx.app.inject({ method: "DELETE", url: `${url}/${created.id}`, headers: engineer.headers });
    expect(del.statusCode).toBe(200);
    expect(del.json()).not.toHaveProperty("secret");
    expect((await ctx.app.inject({ method: "DELETE", url: `${url}/${created.id}`, headers: engineer.headers })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: "GET", url: `${url}/${created.id}/deliveries`, headers: engineer.headers })).statusCode).toBe(
      404,
    );
    expect(
      (await ctx.app.inject({ method: "GET", url: `/api/v1/projects/${randomUUID()}/webhooks`, headers: engineer.headers })).statusCode,
    ).toBe(404);
  });
});

describe("training events API", () => {
  async function newRun() {
    const project = await createTestProject(ctx.app, researcher);
    await ctx.app.prisma.project.update({ where: { id: project.id }, data: { settings: { handoff: { queue: IDLE_QUEUE } } } });
    const exp = await createCompletedExport(project.id);
    const result = await hook.handOff(exp.id);
    if (!result.handedOff || !result.training) throw new Error("no run");
    return { runId: result.training.trainingRunId, exportId: exp.id, projectId: project.id };
  }
  const post = (runId: string, payload: unknown, user: TTestUser = engineer) =>
    ctx.app.inject({ method: "POST", url: `/api/v1/training-runs/${runId}/events`, headers: user.headers, payload: payload as object });

  it("stores events, merges metrics and moves the run forward only (409 going back or after a terminal state)", async () => {
    const { runId } = await newRun();
    const running = await post(runId, { status: "RUNNING", trainer: "trl on node-3", metrics: { loss: 0.7 } });
    expect(running.statusCode).toBe(201);
    expect(running.json()).toMatchObject({
      event: { runId, status: "RUNNING", metrics: { loss: 0.7 } },
      run: { status: "RUNNING", trainer: "trl on node-3" },
    });

    const back = await post(runId, { status: "PENDING" });
    expect(back.statusCode).toBe(409);
    expect(back.json().error).toMatchObject({ code: "CONFLICT", message: "A training run cannot go back from RUNNING to PENDING" });

    const progress = await post(runId, { step: 50, metrics: { reward_accuracy: 0.8 }, message: "epoch 1" });
    expect(progress.json().run).toMatchObject({ status: "RUNNING", step: 50, metrics: { loss: 0.7, reward_accuracy: 0.8 } });
    const done = await post(runId, { status: "SUCCEEDED", metrics: { loss: 0.3 } });
    expect(done.json().run).toMatchObject({ status: "SUCCEEDED", step: 50, metrics: { loss: 0.3, reward_accuracy: 0.8 } });

    for (const late of [{ status: "RUNNING" }, { status: "FAILED" }, { message: "one more thing" }]) {
      const res = await post(runId, late);
      expect(res.statusCode, JSON.stringify(late)).toBe(409);
      expect(res.json().error.message).toBe("The training run is SUCCEEDED; a finished run accepts no more events");
    }
    const run = (await ctx.app.inject({ method: "GET", url: `/api/v1/training-runs/${runId}`, headers: researcher.headers })).json();
    expect(run.events).toHaveLength(3);
  });

  it("rejects bad event bodies with 400 and unknown runs with 404", async () => {
    const { runId } = await newRun();
    for (const bad of [
      {},
      { status: "DONE" },
      { metrics: { loss: "low" } },
      { step: -1 },
      { step: 1.5 },
      { metrics: { "": 1 } },
      { message: 42 },
    ]) {
      const res = await post(runId, bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json().error.code).toBe("VALIDATION_FAILED");
    }
    const text = await ctx.app.inject({
      method: "POST",
      url: `/api/v1/training-runs/${runId}/events`,
      headers: { ...engineer.headers, "content-type": "application/json" },
      payload: "{not json",
    });
    expect(text.statusCode).toBe(400);
    expect((await post(randomUUID(), { status: "RUNNING" })).statusCode).toBe(404);
    expect((await post("not-a-uuid", { status: "RUNNING" })).statusCode).toBe(400);
    expect((await ctx.app.inject({ method: "GET", url: "/api/v1/training-runs", headers: engineer.headers })).statusCode).toBe(400);
    expect(
      (await ctx.app.inject({ method: "GET", url: `/api/v1/training-runs?exportId=${randomUUID()}`, headers: engineer.headers }))
        .statusCode,
    ).toBe(404);
    const untouched = (await ctx.app.inject({ method: "GET", url: `/api/v1/training-runs/${runId}`, headers: engineer.headers })).json();
    expect(untouched).toMatchObject({ status: "PENDING", events: [] });
  });

  it("is closed to labelers (403) and to anonymous callers (401)", async () => {
    const { runId, exportId, projectId } = await newRun();
    const asLabeler = [
      { method: "POST" as const, url: `/api/v1/training-runs/${runId}/events`, payload: { status: "RUNNING" } },
      { method: "GET" as const, url: `/api/v1/training-runs/${runId}` },
      { method: "GET" as const, url: `/api/v1/training-runs?exportId=${exportId}` },
      { method: "POST" as const, url: `/api/v1/projects/${projectId}/webhooks`, payload: { url: "https://example.com/h" } },
      { method: "GET" as const, url: `/api/v1/projects/${projectId}/webhooks` },
    ];
    for (const req of asLabeler) {
      const res = await ctx.app.inject({ ...req, headers: labeler.headers });
      expect(res.statusCode, `${req.method} ${req.url}`).toBe(403);
      expect(res.json().error.code).toBe("FORBIDDEN");
    }
    expect((await ctx.app.inject({ method: "GET", url: `/api/v1/training-runs/${runId}` })).statusCode).toBe(401);
  });

  it("status rules, as a table", () => {
    expect(transitionError("PENDING", "RUNNING")).toBeNull();
    expect(transitionError("PENDING", "SUCCEEDED")).toBeNull();
    expect(transitionError("PENDING", undefined)).toBeNull();
    expect(transitionError("RUNNING", "RUNNING")).toBeNull();
    expect(transitionError("RUNNING", "CANCELLED")).toBeNull();
    expect(transitionError("RUNNING", "PENDING")).toMatch(/cannot go back/);
    for (const terminal of ["SUCCEEDED", "FAILED", "CANCELLED"] as const) {
      expect(transitionError(terminal, undefined)).toMatch(/accepts no more events/);
      expect(transitionError(terminal, terminal)).toMatch(/accepts no more events/);
    }
  });

  it("the OpenAPI document lists the hand-off routes", async () => {
    const doc = (await ctx.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    expect(Object.keys(doc.paths["/api/v1/projects/{id}/webhooks"])).toEqual(expect.arrayContaining(["get", "post"]));
    expect(doc.paths["/api/v1/projects/{id}/webhooks/{webhookId}"].delete.responses).toHaveProperty("200");
    expect(doc.paths["/api/v1/projects/{id}/webhooks/{webhookId}/deliveries"].get.responses).toHaveProperty("200");
    expect(doc.paths["/api/v1/training-runs"].get.responses).toHaveProperty("200");
    expect(doc.paths["/api/v1/training-runs/{id}"].get.responses).toHaveProperty("200");
    expect(JSON.stringify(doc.paths["/api/v1/training-runs/{id}/events"].post.requestBody)).toContain("SUCCEEDED");
  });
});
