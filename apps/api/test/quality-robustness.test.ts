import { afterAll, beforeAll, expect, it } from "vitest";
import { buildTestApp, type TTestContext } from "./helpers/app.ts";
import { addLabeler, createTestProject, createUser, importItems, makeItems } from "./helpers/fixtures.ts";

let ctx: TTestContext;
beforeAll(async () => {
  ctx = await buildTestApp();
});
afterAll(() => ctx.close());

const JUNK: unknown[] = [
  null,
  1,
  "x",
  [],
  {},
  { answers: null },
  { answers: { ranking: "x" } },
  { answers: { constructor: 1, __proto__: { a: 1 } } },
  { answers: { ranking: [[{}]] } },
  { status: "QUALIFIED" },
  { honeypotRate: "1" },
  { role: "GOLD" },
];

it("quality routes answer junk input with 4xx, never 5xx, and are in the OpenAPI document", async () => {
  const researcher = await createUser(ctx.app, "RESEARCHER");
  const labeler = await createUser(ctx.app, "LABELER");
  const project = await createTestProject(ctx.app, researcher);
  await importItems(
    ctx.app,
    project.id,
    researcher,
    makeItems(2).map((l, i) => (i ? l : { ...l, role: "screening" })),
  );
  await addLabeler(ctx.app, project.id, labeler);
  const item = await ctx.app.prisma.item.findFirstOrThrow({ where: { projectId: project.id, role: "SCREENING" } });
  const send = (method: string, url: string, headers: Record<string, string>, body?: unknown) =>
    ctx.app.inject({
      method: method as "POST",
      url: `/api/v1${url}`,
      headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });

  const writes: [string, string][] = [
    ["PUT", `/items/${item.id}/gold`],
    ["PATCH", `/items/${item.id}`],
    ["PUT", `/projects/${project.id}/quality`],
    ["PUT", `/projects/${project.id}/screening`],
    ["POST", `/projects/${project.id}/members/${labeler.id}/status`],
    ["POST", `/screening-attempts/${item.id}/submit`],
  ];
  for (const [method, url] of writes) {
    for (const body of [...JUNK, { answers: { [item.id]: null } }, { answers: { [item.id]: { ranking: [["r1", "r1"]] } } }]) {
      for (const user of [researcher, labeler]) {
        const res = await send(method, url, user.headers, body);
        expect(res.statusCode, `${method} ${url} ${JSON.stringify(body)} ${res.body}`).toBeLessThan(500);
      }
    }
  }
  for (const query of ["iterations=abc", "formVersion=0", "seed=-5", "to=2020-13-01", "refresh=maybe"]) {
    expect((await send("GET", `/projects/${project.id}/agreement?${query}`, researcher.headers)).statusCode).toBe(400);
  }
  expect((await send("GET", "/items/not-a-uuid/gold", researcher.headers)).statusCode).toBe(400);

  // A real attempt, then junk submits to it.
  await send("PUT", `/items/${item.id}/gold`, researcher.headers, { answers: { ranking: [["r1"], ["r2"], ["r3"]] } });
  await send("PUT", `/projects/${project.id}/screening`, researcher.headers, {});
  const invited = await createUser(ctx.app, "LABELER");
  await send("POST", `/projects/${project.id}/members`, researcher.headers, { email: invited.email });
  const attempt = await send("POST", `/projects/${project.id}/screening/attempts`, invited.headers);
  expect(attempt.statusCode, attempt.body).toBe(201);
  for (const body of [...JUNK, { answers: { [item.id]: { ranking: [["r1", "r1"]] } } }]) {
    const res = await send("POST", `/screening-attempts/${attempt.json().attemptId}/submit`, invited.headers, body);
    expect(res.statusCode, `${JSON.stringify(body)} ${res.body}`).toBeLessThan(500);
  }

  const doc = (await ctx.app.inject({ method: "GET", url: "/api/openapi.json" })).json();
  for (const path of [
    "/api/v1/items/{id}",
    "/api/v1/items/{id}/gold",
    "/api/v1/screening-attempts/{id}/submit",
    "/api/v1/projects/{id}/screening",
    "/api/v1/projects/{id}/screening/me",
    "/api/v1/projects/{id}/screening/attempts",
    "/api/v1/projects/{id}/quality",
    "/api/v1/projects/{id}/quality/recompute",
    "/api/v1/projects/{id}/quality/members",
    "/api/v1/projects/{id}/members/{userId}/status",
    "/api/v1/projects/{id}/agreement",
  ]) {
    expect(Object.keys(doc.paths)).toContain(path);
  }
});
