import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changedTables, openSnapshotter } from "./authz/db-snapshot.ts";
import { defaultParam, EXPECTATIONS, OK } from "./authz/expectations.ts";
import { buildAuthzWorld, type TAuthzWorld, type TPrincipal } from "./authz/fixture.ts";
import { bodyCases, hostileValue, queryCases, type TFuzzCase } from "./authz/hostile.ts";
import { listApiRoutes, type TRoute } from "./authz/route-table.ts";
import { buildTestApp, type TTestContext } from "./helpers/app.ts";

/** Requests in all (CI); FUZZ_REQUESTS raises it locally, FUZZ_SEED replays a run. */
const TARGET_REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 1200);
const SEED = Number(process.env.FUZZ_SEED ?? 20_261_123);
/** The principal each route is fuzzed as: the first of these it lets through. */
const PREFERENCE: TPrincipal[] = ["researcher", "labeler", "admin", "engineer", "aiToken", "otherLabeler", "anonymous"];
/** Login failures are meant to count toward the lockout. */
const IGNORED_COLUMNS: Record<string, string[]> = { "POST /api/v1/auth/login": ["failed_logins", "locked_until"] };
const JSONL = "application/x-ndjson";

let ctx: TTestContext;
let world: TAuthzWorld;
let snapshotter: Awaited<ReturnType<typeof openSnapshotter>>;

beforeAll(async () => {
  ctx = await buildTestApp();
  world = await buildAuthzWorld(ctx);
  // No export worker while fuzzing: exports an accepted request queues must not change rows under a later one.
  await world.close();
  snapshotter = await openSnapshotter(ctx.db.url);
});
afterAll(async () => {
  await snapshotter?.close();
  await world?.close();
  await ctx?.close();
});

const shapeKeys = (schema: unknown): string[] => Object.keys((schema as { shape?: Record<string, unknown> } | undefined)?.shape ?? {});

function fuzzable(route: TRoute) {
  return ["POST", "PUT", "PATCH"].includes(route.method) || route.schema?.querystring !== undefined;
}

function casesFor(route: TRoute, base: unknown, contentType: string | undefined): fc.Arbitrary<TFuzzCase> {
  const arbs: fc.Arbitrary<TFuzzCase>[] = [];
  if (route.schema?.querystring !== undefined) arbs.push(queryCases(shapeKeys(route.schema.querystring)));
  if (["POST", "PUT", "PATCH"].includes(route.method)) {
    const keys = [...new Set([...shapeKeys(route.schema?.body), ...Object.keys((base as object | undefined) ?? {})])];
    arbs.push(bodyCases(contentType === JSONL ? {} : base, keys));
    if (contentType === JSONL) {
      arbs.push(
        fc
          .array(
            fc.oneof(
              hostileValue.map((v) => JSON.stringify(v) ?? "null"),
              fc.constantFrom("{", '{"external_id":"x","prompt":"p","responses":[{"content":"a"},{"content":"\\u0000"}]}', "\u0000"),
            ),
            { minLength: 1, maxLength: 5 },
          )
          .map((lines): TFuzzCase => ({ kind: "raw", body: `${lines.join("\n")}\n`, contentType: JSONL, label: "hostile JSONL lines" })),
      );
    }
  }
  return fc.oneof(...arbs);
}

const isErrorBody = (body: unknown) => {
  const error = (body as { error?: { code?: unknown; message?: unknown; issues?: unknown } } | null)?.error;
  return (
    typeof error?.code === "string" &&
    /^[A-Z_]+$/.test(error.code) &&
    typeof error.message === "string" &&
    (error.issues === undefined || Array.isArray(error.issues))
  );
};

describe("fuzzing every route with a body or query", () => {
  it("never answers 5xx, always the stable error body for 4xx, and rejected requests change no row", async () => {
    const routes = listApiRoutes(ctx.app).filter(fuzzable);
    expect(routes.length).toBeGreaterThan(30);
    const perRoute = Math.ceil(TARGET_REQUESTS / routes.length);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let sent = 0;
    let assignmentId: string | undefined;

    for (const [index, route] of routes.entries()) {
      const entry = EXPECTATIONS[route.key];
      if (!entry) throw new Error(`${route.key} has no entry in test/authz/expectations.ts`);
      const who = PREFERENCE.find((p) => entry.access[p] === OK) ?? "anonymous";
      const spec = (await entry.request?.(world, who)) ?? {};
      let url = route.url;
      for (const [, name] of route.url.matchAll(/:(\w+)/g)) {
        // One assignment for all assignment routes: the labeler holds a single lease, as in real use.
        if (route.url.startsWith("/api/v1/assignments/") && assignmentId === undefined) assignmentId = await world.newAssignment();
        const value = route.url.startsWith("/api/v1/assignments/")
          ? (assignmentId as string)
          : (spec.params?.[name as string] ?? (await defaultParam(world, route.url, name as string)));
        url = url.replace(`:${name}`, value);
      }
      const cases = fc.sample(casesFor(route, spec.body, spec.contentType), { numRuns: perRoute, seed: SEED + index });
      for (const c of cases) {
        const before = await snapshotter.snapshot(IGNORED_COLUMNS[route.key]);
        const headers: Record<string, string> = { ...world.headersOf(who) };
        let target = url;
        let payload: string | Buffer | undefined;
        if (c.kind === "query") {
          target = `${url}?${c.query}`;
          if (spec.body !== undefined) {
            payload = typeof spec.body === "string" ? spec.body : JSON.stringify(spec.body);
            headers["content-type"] = spec.contentType ?? "application/json";
          }
        } else {
          payload = c.kind === "json" ? (JSON.stringify(c.body) ?? "null") : c.body;
          headers["content-type"] = c.contentType ?? "application/json";
        }
        if (spec.query && c.kind !== "query") target = `${url}?${new URLSearchParams(spec.query)}`;
        const res = await ctx.app.inject({
          method: route.method as "POST",
          url: target,
          headers,
          ...(payload === undefined ? {} : { payload }),
        });
        await ctx.app.deferred.drain();
        sent++;
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        const what = `${route.key} as ${who}, ${c.label}: ${res.statusCode} ${res.body.slice(0, 200)}`;
        if (res.statusCode >= 500) {
          failures.push(what);
          continue;
        }
        if (res.statusCode >= 400) {
          let parsed: unknown = null;
          try {
            parsed = res.json();
          } catch {}
          if (!isErrorBody(parsed)) failures.push(`unstable error body: ${what}`);
          const changed = changedTables(before, await snapshotter.snapshot(IGNORED_COLUMNS[route.key]));
          if (changed.length > 0) failures.push(`rejected request changed ${changed.join(", ")}: ${what}`);
        }
      }
    }
    console.info(
      `fuzz: ${sent} requests over ${routes.length} routes, seed ${SEED}, statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
    expect(failures).toEqual([]);
    expect(sent).toBeGreaterThanOrEqual(1000);
    // Most hostile input is rejected; a fuzzer that only ever got 2xx would be testing nothing.
    expect([...statuses].filter(([s]) => s >= 400).reduce((n, [, c]) => n + c, 0)).toBeGreaterThan(sent / 2);
  }, 120_000);

  it("answers junk and unknown ids in path params with a stable 4xx on every route, changing nothing", async () => {
    const JUNK = [
      "not-a-uuid",
      "00000000-0000-0000-0000-000000000000",
      "%00",
      "%ED%A0%80",
      "..%2F..%2Fetc%2Fpasswd",
      "1%20OR%201%3D1",
      "x".repeat(600),
    ];
    const routes = listApiRoutes(ctx.app).filter((r) => r.url.includes("/:"));
    const failures: string[] = [];
    for (const route of routes) {
      const entry = EXPECTATIONS[route.key];
      if (!entry) throw new Error(`${route.key} has no entry in test/authz/expectations.ts`);
      const who = PREFERENCE.find((p) => entry.access[p] === OK) ?? "anonymous";
      const spec = (await entry.request?.(world, who)) ?? {};
      for (const junk of JUNK) {
        const url = route.url.replace(/:\w+/g, junk);
        const before = await snapshotter.snapshot(IGNORED_COLUMNS[route.key]);
        const res = await ctx.app.inject({
          method: route.method as "POST",
          url,
          headers: { ...world.headersOf(who), ...(spec.contentType ? { "content-type": spec.contentType } : {}) },
          ...(spec.body === undefined ? {} : { payload: spec.body as string }),
        });
        await ctx.app.deferred.drain();
        const what = `${route.method} ${url.slice(0, 120)} as ${who}: ${res.statusCode} ${res.body.slice(0, 160)}`;
        if (res.statusCode < 400 || res.statusCode >= 500) failures.push(what);
        else if (!isErrorBody(res.json())) failures.push(`unstable error body: ${what}`);
        const changed = changedTables(before, await snapshotter.snapshot(IGNORED_COLUMNS[route.key]));
        if (changed.length > 0) failures.push(`changed ${changed.join(", ")}: ${what}`);
      }
    }
    expect(routes.length).toBeGreaterThan(30);
    expect(failures).toEqual([]);
  });

  it("answers hostile credentials with a stable 401, never 5xx", async () => {
    const headers = fc.sample(
      fc.oneof(
        fc.string({ maxLength: 300 }).map((t) => ({ authorization: `Bearer ${t}` })),
        fc.constantFrom(
          { authorization: "Bearer" },
          { authorization: "Basic YWRtaW46YWRtaW4=" },
          { authorization: `Bearer rw_${"a".repeat(5000)}` },
          { authorization: "Bearer rw_' OR 1=1 --" },
          { cookie: "rw_session=" },
          { cookie: "rw_session=s%3Aforged.signature" },
          { cookie: `rw_session=${"%".repeat(100)}` },
          { cookie: "rw_session=a; rw_session=b" },
        ),
      ),
      { numRuns: 60, seed: SEED },
    );
    const before = await snapshotter.snapshot();
    for (const h of headers) {
      const res = await ctx.app.inject({ method: "GET", url: "/api/v1/me", headers: h });
      expect(res.statusCode, JSON.stringify(h).slice(0, 100)).toBe(401);
      expect(isErrorBody(res.json())).toBe(true);
    }
    expect(changedTables(before, await snapshotter.snapshot())).toEqual([]);
  });
});
