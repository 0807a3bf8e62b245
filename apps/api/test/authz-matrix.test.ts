import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultParam, EXPECTATIONS, OK, type TExpectation, type TOutcome } from "./authz/expectations.ts";
import { buildAuthzWorld, PRINCIPALS, type TAuthzWorld, type TPrincipal } from "./authz/fixture.ts";
import { listApiRoutes, type TRoute } from "./authz/route-table.ts";
import { buildTestApp, type TTestContext } from "./helpers/app.ts";

let ctx: TTestContext;
let world: TAuthzWorld;
let routes: TRoute[];

beforeAll(async () => {
  ctx = await buildTestApp();
  world = await buildAuthzWorld(ctx);
  routes = listApiRoutes(ctx.app);
});
afterAll(async () => {
  await world?.close();
  await ctx?.close();
});

/** Sends one route's request as one principal; returns the status. */
async function call(route: TRoute, entry: TExpectation, who: TPrincipal) {
  const spec = (await entry.request?.(world, who)) ?? {};
  let url = route.url;
  for (const [, name] of route.url.matchAll(/:(\w+)/g)) {
    const value = spec.params?.[name as string] ?? (await defaultParam(world, route.url, name as string));
    url = url.replace(`:${name}`, encodeURIComponent(value));
  }
  if (spec.query) url += `?${new URLSearchParams(spec.query)}`;
  const headers: Record<string, string> = { ...world.headersOf(who) };
  if (spec.contentType) headers["content-type"] = spec.contentType;
  const res = await ctx.app.inject({
    method: route.method as "GET",
    url,
    headers,
    ...(spec.body === undefined ? {} : { payload: spec.body as string }),
  });
  return res;
}

const matches = (status: number, expected: TOutcome) => (expected === OK ? ![401, 403, 404].includes(status) : status === expected);

describe("authorization matrix", () => {
  it("has an expectation for every route and a route for every expectation", () => {
    const keys = new Set(routes.map((r) => r.key));
    expect(routes.length).toBeGreaterThan(50);
    expect(
      [...keys].filter((k) => !(k in EXPECTATIONS)),
      "routes without an entry in test/authz/expectations.ts",
    ).toEqual([]);
    expect(
      Object.keys(EXPECTATIONS).filter((k) => !keys.has(k)),
      "entries in test/authz/expectations.ts without a route",
    ).toEqual([]);
  });

  it("gives every principal exactly its expected access on every route", async () => {
    const failures: string[] = [];
    let requests = 0;
    for (const route of routes) {
      const entry = EXPECTATIONS[route.key];
      if (!entry) continue;
      // Denied principals first, so a request that changes state cannot mask a later denial.
      const order = [...PRINCIPALS].sort((a, b) => Number(entry.access[a] === OK) - Number(entry.access[b] === OK));
      for (const who of order) {
        const expected = entry.access[who];
        const res = await call(route, entry, who);
        requests++;
        if (!matches(res.statusCode, expected)) {
          failures.push(`${route.key} as ${who}: expected ${expected}, got ${res.statusCode} ${res.body.slice(0, 160)}`);
        }
        if (res.statusCode >= 400) {
          expect(res.json(), `${route.key} as ${who}`).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
        }
        expect(res.statusCode, `${route.key} as ${who}: ${res.body.slice(0, 300)}`).toBeLessThan(500);
      }
    }
    expect(failures).toEqual([]);
    expect(requests).toBe(routes.length * PRINCIPALS.length);
  });

  it("lists to each labeler only the projects they belong to", async () => {
    const ids = async (who: TPrincipal) =>
      (
        (await ctx.app.inject({ method: "GET", url: "/api/v1/projects", headers: world.headersOf(who) })).json().projects as {
          id: string;
        }[]
      ).map((p) => p.id);
    expect(await ids("labeler")).toEqual([world.project.id]);
    expect(await ids("otherLabeler")).toEqual([world.otherProject.id]);
    expect(await ids("researcher")).toEqual(expect.arrayContaining([world.project.id, world.otherProject.id]));
  });
});
