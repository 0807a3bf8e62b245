import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, type TApp } from "../src/app.ts";
import { loadConfig } from "../src/config.ts";
import { isDatabaseUnavailable } from "../src/plugins/app/errors.ts";
import { addLabeler, createTestProject, createUser, importItems, makeItems, type TTestUser } from "./helpers/fixtures.ts";
import { startPrivatePostgres, type TPrivatePostgres } from "./helpers/private-services.ts";

// PostgreSQL is stopped and restarted here: a private cluster, never the shared one.
let postgres: TPrivatePostgres;
let app: TApp;
let exportDir: string;
let labeler: TTestUser;
let projectId: string;

beforeAll(async () => {
  postgres = await startPrivatePostgres();
  exportDir = await mkdtemp(path.join(tmpdir(), "rankwise-exports-"));
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    DATABASE_URL: postgres.url,
    EXPORT_DIR: exportDir,
    QUEUE_PREFIX: `rw-test-${randomBytes(4).toString("hex")}`,
  });
  app = await buildApp(config);
  await app.ready();
  const researcher = await createUser(app, "RESEARCHER");
  labeler = await createUser(app, "LABELER");
  projectId = (await createTestProject(app, researcher)).id;
  await importItems(app, projectId, researcher, makeItems(10, 3));
  await addLabeler(app, projectId, labeler);
});
afterAll(async () => {
  await app?.exportQueue.obliterate({ force: true }).catch(() => {});
  await app?.close();
  await postgres?.destroy();
  if (exportDir) await rm(exportDir, { recursive: true, force: true });
});

const nextTask = () => app.inject({ method: "GET", url: `/api/v1/projects/${projectId}/tasks/next`, headers: labeler.headers });

async function labelOne() {
  const task = await nextTask();
  expect(task.statusCode, task.body).toBe(200);
  const submit = await app.inject({
    method: "POST",
    url: `/api/v1/assignments/${task.json().assignmentId}/annotations`,
    headers: labeler.headers,
    payload: { ranking: [["r1"], ["r2"], ["r3"]] },
  });
  expect(submit.statusCode, submit.body).toBe(201);
}

function expectUnavailable(res: { statusCode: number; json: () => unknown; headers: Record<string, unknown> }) {
  expect(res.statusCode).toBe(503);
  expect(res.json()).toEqual({
    error: {
      code: "SERVICE_UNAVAILABLE",
      message: "The database is unavailable; try again shortly",
      requestId: res.headers["x-request-id"],
    },
  });
}

describe("PostgreSQL restarted under the API", () => {
  it("requests during the outage get 503 with the stable body; health says down, quickly", async () => {
    await labelOne();
    // Fast shutdown: the pool's open connections are terminated (57P01), new ones refused (ECONNREFUSED).
    await postgres.stop();
    for (let i = 0; i < 3; i++) expectUnavailable(await nextTask());
    const submit = await app.inject({
      method: "POST",
      url: "/api/v1/assignments/00000000-0000-4000-8000-000000000000/annotations",
      headers: labeler.headers,
      payload: { ranking: [["r1"], ["r2"], ["r3"]] },
    });
    expectUnavailable(submit);

    const start = performance.now();
    const health = await app.inject({ method: "GET", url: "/api/healthz" });
    expect(performance.now() - start).toBeLessThan(1500);
    expect(health.statusCode).toBe(503);
    expect(health.json()).toMatchObject({ status: "down", postgres: { ok: false }, redis: { ok: true } });
  });

  it("once PostgreSQL is back the API serves again without a restart", async () => {
    await postgres.start();
    await labelOne();
    await labelOne();
    expect((await app.inject({ method: "GET", url: "/api/healthz" })).json().status).toBe("ok");
  });

  it("connections terminated by the server (57P01 admin_shutdown) are replaced; at worst one 503, never a 500", async () => {
    await labelOne();
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    const killed = await admin.query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = 'rankwise' AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
    );
    await admin.end();
    expect(killed.rowCount).toBeGreaterThan(0);
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await nextTask()).statusCode);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    expect(statuses.slice(1)).toEqual([200, 200, 200, 200]);
    await labelOne();
  });

  it("a query cut off by the server (in flight during a terminate or a fast shutdown) is classed as unavailable, not a bug", async () => {
    const errors: unknown[] = [];
    for (const cut of ["terminate", "shutdown"] as const) {
      const sleeping = app.prisma.$queryRawUnsafe("SELECT pg_sleep(10)").then(
        () => null,
        (err: unknown) => err,
      );
      await new Promise((r) => setTimeout(r, 300));
      if (cut === "terminate") {
        const admin = new pg.Client({ connectionString: postgres.url });
        await admin.connect();
        await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(10)%'");
        await admin.end();
      } else {
        await postgres.stop();
      }
      errors.push(await sleeping);
    }
    await postgres.start();
    for (const err of errors) {
      expect(err).toBeInstanceOf(Error);
      expect(isDatabaseUnavailable(err), String((err as Error).message)).toBe(true);
    }
    await labelOne();
  });
});
