import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TTestContext } from "./helpers/app.ts";

let ctx: TTestContext;
beforeAll(async () => {
  ctx = await buildTestApp();
});
afterAll(() => ctx.close());

describe("health and OpenAPI", () => {
  it("healthz reports both services", async () => {
    const res = await ctx.app.inject({ method: "GET", url: "/api/healthz" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: "ok", postgres: { ok: true }, redis: { ok: true } });
  });

  it("the OpenAPI document is generated from the routes, with a response schema for every operation", async () => {
    const res = await ctx.app.inject({ method: "GET", url: "/api/openapi.json" });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    const operations = Object.entries(doc.paths as Record<string, Record<string, { responses?: Record<string, unknown> }>>).flatMap(
      ([p, ops]) => Object.entries(ops).map(([method, op]) => ({ id: `${method.toUpperCase()} ${p}`, op })),
    );
    const ids = operations.map((o) => o.id);
    for (const expected of [
      "POST /api/v1/auth/login",
      "GET /api/v1/me",
      "POST /api/v1/tokens",
      "DELETE /api/v1/tokens/{id}",
      "POST /api/v1/projects",
      "GET /api/v1/projects/{id}",
      "POST /api/v1/projects/{id}/items/import",
      "GET /api/v1/projects/{id}/tasks/next",
      "POST /api/v1/assignments/{id}/annotations",
      "POST /api/v1/projects/{id}/exports",
      "GET /api/v1/exports/{id}",
      "GET /api/v1/exports/{id}/download",
    ]) {
      expect(ids).toContain(expected);
    }
    for (const { id, op } of operations) expect(Object.keys(op.responses ?? {}).length, id).toBeGreaterThan(0);
    const submit = doc.paths["/api/v1/assignments/{id}/annotations"].post;
    expect(JSON.stringify(submit.requestBody)).toContain("ranking");
  });

  it("serves Swagger UI", async () => {
    const res = await ctx.app.inject({ method: "GET", url: "/api/docs/" });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("swagger");
  });
});

describe("start-up errors", () => {
  const run = promisify(execFile);
  const server = path.resolve(import.meta.dirname, "../src/server.ts");
  const tsx = path.resolve(import.meta.dirname, "../../../node_modules/.bin/tsx");

  it("names the unreachable database URL and how to start it, without a stack trace", async () => {
    const err = await run(tsx, [server], { env: { ...process.env, DATABASE_URL: "postgresql://postgres@127.0.0.1:1/rankwise" } }).catch(
      (e) => e,
    );
    expect(err.code).toBe(1);
    expect(err.stderr).toContain("Cannot reach PostgreSQL at postgresql://postgres@127.0.0.1:1/rankwise");
    expect(err.stderr).toContain("pg_ctlcluster");
    expect(err.stderr).not.toMatch(/\n\s+at /);
  });

  it("names the unreachable Redis URL", async () => {
    const err = await run(tsx, [server], { env: { ...process.env, DATABASE_URL: ctx.db.url, REDIS_URL: "redis://127.0.0.1:1" } }).catch(
      (e) => e,
    );
    expect(err.code).toBe(1);
    expect(err.stderr).toContain("Cannot reach Redis at redis://127.0.0.1:1");
    expect(err.stderr).not.toMatch(/\n\s+at /);
  });

  it("rejects bad configuration with a readable message", async () => {
    const err = await run(tsx, [server], { env: { ...process.env, API_PORT: "http" } }).catch((e) => e);
    expect(err.code).toBe(1);
    expect(err.stderr).toContain("Invalid configuration:");
    expect(err.stderr).toContain("- API_PORT:");
  });
});
