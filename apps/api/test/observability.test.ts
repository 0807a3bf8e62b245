import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { ZErrorBody, ZExportSpec } from "@rankwise/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, type TApp } from "../src/app.ts";
import { loadConfig, type TConfig } from "../src/config.ts";
import { createTestDatabase, type TTestDatabase } from "./helpers/db.ts";
import { addLabeler, createTestProject, createUser, importItems, makeItems, type TTestUser } from "./helpers/fixtures.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const METRICS_TOKEN = "metrics-token-for-the-test-0123456789";

let db: TTestDatabase;
let exportDir: string;
let config: TConfig;
let app: TApp;
let secured: TApp;
const logLines: Record<string, unknown>[] = [];
let researcher: TTestUser;
let labeler: TTestUser;
let projectId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  exportDir = await mkdtemp(path.join(tmpdir(), "rankwise-exports-"));
  config = loadConfig({
    NODE_ENV: "test",
    DATABASE_URL: db.url,
    EXPORT_DIR: exportDir,
    QUEUE_PREFIX: `rw-test-${randomBytes(4).toString("hex")}`,
    OUTBOX_RELAY_INTERVAL_MS: "0",
  });
  // Every log line the app writes, parsed: pino writes one JSON object per line to this stream.
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) logLines.push(JSON.parse(line));
      done();
    },
  });
  app = await buildApp(config, { logger: { level: "info", stream } });
  // A route that fails the way a bug would, to see what a 5xx looks like.
  app.get("/api/test-failure", async () => {
    throw new Error("something internal: do not show this");
  });
  await app.ready();
  secured = await buildApp({ ...config, METRICS_TOKEN }, { logger: false });
  await secured.ready();

  researcher = await createUser(app, "RESEARCHER");
  labeler = await createUser(app, "LABELER");
  projectId = (await createTestProject(app, researcher)).id;
  await importItems(app, projectId, researcher, makeItems(4, 3));
  await addLabeler(app, projectId, labeler);
});
afterAll(async () => {
  await app?.exportQueue.obliterate({ force: true }).catch(() => {});
  await secured?.close();
  await app?.close();
  await db?.drop();
  if (exportDir) await rm(exportDir, { recursive: true, force: true });
});

const linesOf = (reqId: string) => logLines.filter((l) => l.reqId === reqId);

describe("request ids", () => {
  it("honours a safe incoming X-Request-Id, echoes it and puts it on every log line of the request", async () => {
    const res = await app.inject({ method: "GET", url: "/api/healthz", headers: { "x-request-id": "lb-7f3a:42.x_y" } });
    expect(res.headers["x-request-id"]).toBe("lb-7f3a:42.x_y");
    const lines = linesOf("lb-7f3a:42.x_y");
    expect(lines.map((l) => l.msg)).toEqual(["incoming request", "request completed"]);
  });

  it("replaces an unsafe or oversized id with a random one; without one every request gets its own", async () => {
    for (const bad of ["has space", "<script>", "x".repeat(129), "a\u00e9b"]) {
      const res = await app.inject({ method: "GET", url: "/api/healthz", headers: { "x-request-id": bad } });
      expect(res.headers["x-request-id"]).toMatch(UUID);
      expect(logLines.some((l) => l.reqId === bad)).toBe(false);
    }
    const a = await app.inject({ method: "GET", url: "/api/v1/projects" });
    const b = await app.inject({ method: "GET", url: "/api/v1/projects" });
    expect(a.statusCode).toBe(401);
    expect(a.headers["x-request-id"]).toMatch(UUID);
    expect(b.headers["x-request-id"]).toMatch(UUID);
    expect(a.headers["x-request-id"]).not.toBe(b.headers["x-request-id"]);
    // 4xx bodies keep the plain stable shape.
    expect(Object.keys(a.json().error).sort()).toEqual(["code", "message"]);
  });

  it("a 5xx body carries the request id (stable shape, no internals); the error is logged under it", async () => {
    const res = await app.inject({ method: "GET", url: "/api/test-failure", headers: { "x-request-id": "trace-500" } });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ error: { code: "INTERNAL", message: "Internal server error", requestId: "trace-500" } });
    expect(ZErrorBody.parse(res.json())).toEqual(res.json());
    expect(res.body).not.toContain("do not show");
    const errorLine = linesOf("trace-500").find((l) => l.msg === "unhandled error");
    expect(errorLine).toMatchObject({ level: 50, err: { message: "something internal: do not show this" } });
  });
});

/** Prometheus text format → { 'name{labels}': value } (label order as printed). */
function parseMetrics(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (\S+)$/.exec(line);
    if (!m) throw new Error(`unparseable metrics line: ${line}`);
    out.set(m[1] as string, Number(m[2]));
  }
  return out;
}

async function scrape(target: TApp = app, headers: Record<string, string> = {}) {
  const res = await target.inject({ method: "GET", url: "/api/metrics", headers });
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers["content-type"]).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseMetrics(res.body);
}

const val = (m: Map<string, number>, key: string) => m.get(key) ?? 0;

describe("/api/metrics", () => {
  it("parses, and request latency, errors and submissions move with traffic (by route template)", async () => {
    const before = await scrape();
    const healthKey = 'rankwise_http_request_duration_seconds_count{method="GET",route="/api/healthz",status_code="200"}';
    for (let i = 0; i < 3; i++) await app.inject({ method: "GET", url: "/api/healthz" });
    const missing = randomUUID();
    await app.inject({ method: "GET", url: `/api/v1/exports/${missing}`, headers: researcher.headers });
    await app.inject({ method: "GET", url: "/api/test-failure" });

    const task = (await app.inject({ method: "GET", url: `/api/v1/projects/${projectId}/tasks/next`, headers: labeler.headers })).json();
    const submit = () =>
      app.inject({
        method: "POST",
        url: `/api/v1/assignments/${task.assignmentId}/annotations`,
        headers: { ...labeler.headers, "idempotency-key": "obs-1" },
        payload: { ranking: [["r1"], ["r2"], ["r3"]] },
      });
    expect((await submit()).statusCode).toBe(201);
    expect((await submit()).statusCode).toBe(201); // replayed

    const res = await app.inject({ method: "GET", url: "/api/metrics" });
    expect(res.body).not.toContain(missing);
    const after = parseMetrics(res.body);
    expect(val(after, healthKey) - val(before, healthKey)).toBe(3);
    expect(val(after, 'rankwise_http_errors_total{method="GET",route="/api/v1/exports/:id",status_code="404",code="NOT_FOUND"}')).toBe(1);
    expect(val(after, 'rankwise_http_errors_total{method="GET",route="/api/test-failure",status_code="500",code="INTERNAL"}')).toBe(
      val(before, 'rankwise_http_errors_total{method="GET",route="/api/test-failure",status_code="500",code="INTERNAL"}') + 1,
    );
    expect(val(after, 'rankwise_annotation_submissions_total{outcome="created"}')).toBe(1);
    expect(val(after, 'rankwise_annotation_submissions_total{outcome="replayed"}')).toBe(1);
    // Default process metrics.
    expect(after.has("process_cpu_user_seconds_total")).toBe(true);
    expect(after.has("nodejs_eventloop_lag_seconds")).toBe(true);
    expect(val(after, "rankwise_redis_up")).toBe(1);
  });

  it("reports export queue depth, the outbox backlog and export durations from the exports table", async () => {
    const spec = ZExportSpec.parse({});
    const created = await app.inject({
      method: "POST",
      url: `/api/v1/projects/${projectId}/exports`,
      headers: researcher.headers,
      payload: {},
    });
    expect(created.statusCode).toBe(202);
    const startedAt = new Date("2026-01-01T00:00:00Z");
    for (const seconds of [3, 40]) {
      await app.prisma.export.create({
        data: {
          projectId,
          requestedById: researcher.id,
          spec,
          status: "COMPLETED",
          startedAt,
          finishedAt: new Date(startedAt.getTime() + seconds * 1000),
          enqueuedAt: startedAt,
        },
      });
    }
    await app.prisma.export.create({ data: { projectId, requestedById: researcher.id, spec } }); // never enqueued

    const m = await scrape();
    expect(val(m, 'rankwise_queue_jobs{queue="exports",state="waiting"}')).toBe(1);
    expect(m.has('rankwise_queue_jobs{queue="exports",state="failed"}')).toBe(true);
    expect(val(m, "rankwise_export_outbox_pending")).toBe(1);
    expect(val(m, 'rankwise_export_duration_seconds_bucket{le="1"}')).toBe(0);
    expect(val(m, 'rankwise_export_duration_seconds_bucket{le="5"}')).toBe(1);
    expect(val(m, 'rankwise_export_duration_seconds_bucket{le="60"}')).toBe(2);
    expect(val(m, 'rankwise_export_duration_seconds_bucket{le="+Inf"}')).toBe(2);
    expect(val(m, "rankwise_export_duration_seconds_count")).toBe(2);
    expect(val(m, "rankwise_export_duration_seconds_sum")).toBeCloseTo(43, 3);
  });

  it("with METRICS_TOKEN set, only its bearer gets the metrics", async () => {
    const none = await secured.inject({ method: "GET", url: "/api/metrics" });
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe("UNAUTHENTICATED");
    const wrong = await secured.inject({ method: "GET", url: "/api/metrics", headers: { authorization: `Bearer ${METRICS_TOKEN}x` } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).not.toContain("rankwise_");
    const ok = await scrape(secured, { authorization: `Bearer ${METRICS_TOKEN}` });
    expect(ok.has("rankwise_redis_up")).toBe(true);
  });
});
