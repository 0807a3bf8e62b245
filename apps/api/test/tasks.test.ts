import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TTestContext } from "./helpers/app.ts";
import { addLabeler, createTestProject, createUser, importItems, makeItems, type TTestUser } from "./helpers/fixtures.ts";

let ctx: TTestContext;
let researcher: TTestUser;

beforeAll(async () => {
  ctx = await buildTestApp();
  researcher = await createUser(ctx.app, "RESEARCHER");
});
afterAll(() => ctx.close());

async function setup(opts: { items: number; overlap: number; labelers: number; responses?: number; leaseSeconds?: number }) {
  const project = await createTestProject(ctx.app, researcher, { overlap: opts.overlap, leaseSeconds: opts.leaseSeconds ?? 600 });
  await importItems(ctx.app, project.id, researcher, makeItems(opts.items, opts.responses ?? 3));
  const labelers = await Promise.all(Array.from({ length: opts.labelers }, () => createUser(ctx.app, "LABELER")));
  for (const l of labelers) await addLabeler(ctx.app, project.id, l);
  return { project, labelers };
}

const next = (projectId: string, user: TTestUser) =>
  ctx.app.inject({ method: "GET", url: `/api/v1/projects/${projectId}/tasks/next`, headers: user.headers });

const submit = (assignmentId: string, user: TTestUser, ranking: string[][], key?: string) =>
  ctx.app.inject({
    method: "POST",
    url: `/api/v1/assignments/${assignmentId}/annotations`,
    headers: { ...user.headers, ...(key ? { "idempotency-key": key } : {}) },
    payload: { ranking, durationMs: 1234 },
  });

/** Live leases + submissions per item, straight from the assignments table. */
async function activePerItem(projectId: string) {
  const rows = await ctx.app.prisma.$queryRaw<{ item_id: string; n: bigint; labelers: bigint }[]>`
    SELECT item_id, count(*) AS n, count(DISTINCT labeler_id) AS labelers FROM assignments
    WHERE project_id = ${projectId}::uuid AND (status = 'SUBMITTED' OR (status = 'LEASED' AND lease_expires_at > now()))
    GROUP BY item_id`;
  return rows.map((r) => ({ itemId: r.item_id, n: Number(r.n), labelers: Number(r.labelers) }));
}

describe("tasks/next", () => {
  it("serves a task without other labelers' data and returns the same lease until it is answered", async () => {
    const { project, labelers } = await setup({ items: 2, overlap: 2, labelers: 2 });
    const [a, b] = labelers as [TTestUser, TTestUser];
    const first = await next(project.id, a);
    expect(first.statusCode).toBe(200);
    const task = first.json();
    expect(Object.keys(task).sort()).toEqual(["assignmentId", "form", "item", "leaseExpiresAt", "pairs", "projectId"]);
    expect(task.form).toMatchObject({ version: 1, definition: { questions: [{ id: "ranking", type: "ranking" }] } });
    expect(task.pairs).toEqual({});
    expect(Object.keys(task.item).sort()).toEqual(["id", "prompt", "responses"]);
    expect(task.item.responses.map((r: { id: string }) => r.id).sort()).toEqual(["r1", "r2", "r3"]);
    for (const r of task.item.responses) expect(Object.keys(r).sort()).toEqual(["content", "id"]);

    const again = await next(project.id, a);
    expect(again.json()).toEqual(task); // same lease, same display order
    expect((await submit(task.assignmentId, a, [["r1"], ["r2"], ["r3"]])).statusCode).toBe(201);

    // B may get the same item (overlap 2) but never sees A's answer.
    const forB = await next(project.id, b);
    expect(forB.body).not.toContain('[["r1"],["r2"],["r3"]]');
    expect(forB.body).not.toMatch(/annotation|"answers?"|labeler/i);
    expect(forB.body).not.toContain(a.id);
  });

  it("gives 204 when the labeler has answered everything and never serves an item twice", async () => {
    const { project, labelers } = await setup({ items: 3, overlap: 1, labelers: 1 });
    const [a] = labelers as [TTestUser];
    const seen = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const t = (await next(project.id, a)).json();
      expect(seen.has(t.item.id)).toBe(false);
      seen.add(t.item.id);
      expect((await submit(t.assignmentId, a, [["r1", "r2", "r3"]])).statusCode).toBe(201);
    }
    const done = await next(project.id, a);
    expect(done.statusCode).toBe(204);
    expect(done.body).toBe("");
  });

  it("50 concurrent calls by one labeler yield one lease", async () => {
    const { project, labelers } = await setup({ items: 20, overlap: 3, labelers: 1 });
    const [a] = labelers as [TTestUser];
    const results = await Promise.all(Array.from({ length: 50 }, () => next(project.id, a)));
    expect(results.every((r) => r.statusCode === 200)).toBe(true);
    expect(new Set(results.map((r) => r.json().assignmentId)).size).toBe(1);
    expect(await ctx.app.prisma.assignment.count({ where: { projectId: project.id } })).toBe(1);
  });

  it("many labelers hammering the queue never exceed overlap or double-assign", async () => {
    const overlap = 2;
    const { project, labelers } = await setup({ items: 10, overlap, labelers: 25 });
    // Each labeler answers until the queue is empty for them, all at once.
    const answered = await Promise.all(
      labelers.map(async (l) => {
        const mine: string[] = [];
        for (;;) {
          const [r1, r2] = await Promise.all([next(project.id, l), next(project.id, l)]);
          if (r1.statusCode === 204) return mine;
          expect(r2.statusCode === 200 ? r2.json().assignmentId : null).toBe(r1.json().assignmentId);
          const t = r1.json();
          const res = await submit(t.assignmentId, l, [["r1"], ["r2", "r3"]]);
          expect(res.statusCode).toBe(201);
          mine.push(t.item.id);
        }
      }),
    );
    for (const mine of answered) expect(new Set(mine).size).toBe(mine.length);
    expect(answered.flat().length).toBe(10 * overlap);
    const active = await activePerItem(project.id);
    expect(active).toHaveLength(10);
    for (const row of active) {
      expect(row.n).toBe(overlap);
      expect(row.labelers).toBe(overlap);
    }
    const items = await ctx.app.prisma.item.findMany({ where: { projectId: project.id } });
    for (const item of items) expect([item.activeCount, item.doneCount]).toEqual([overlap, overlap]);
  });

  it("50 concurrent first calls from 50 labelers respect overlap at every moment", async () => {
    const { project, labelers } = await setup({ items: 5, overlap: 3, labelers: 50 });
    const results = await Promise.all(labelers.map((l) => next(project.id, l)));
    const ok = results.filter((r) => r.statusCode === 200);
    expect(ok).toHaveLength(15);
    expect(results.filter((r) => r.statusCode === 204)).toHaveLength(35);
    for (const row of await activePerItem(project.id)) expect(row.n).toBe(3);
  });

  it("expired leases return to the pool and cannot be answered", async () => {
    const { project, labelers } = await setup({ items: 1, overlap: 1, labelers: 2, leaseSeconds: 30 });
    const [a, b] = labelers as [TTestUser, TTestUser];
    const t = (await next(project.id, a)).json();
    expect((await next(project.id, b)).statusCode).toBe(204);
    await ctx.app.prisma.assignment.update({ where: { id: t.assignmentId }, data: { leaseExpiresAt: new Date(Date.now() - 1000) } });
    const late = await submit(t.assignmentId, a, [["r1"], ["r2"], ["r3"]]);
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe("LEASE_EXPIRED");
    const forB = await next(project.id, b);
    expect(forB.statusCode).toBe(200);
    expect(forB.json().item.id).toBe(t.item.id);
    expect((await ctx.app.prisma.item.findFirstOrThrow({ where: { projectId: project.id } })).activeCount).toBe(1);
  });

  it("only member labelers in good standing get tasks", async () => {
    const { project } = await setup({ items: 1, overlap: 1, labelers: 0 });
    const outsider = await createUser(ctx.app, "LABELER");
    expect((await next(project.id, outsider)).statusCode).toBe(404);
    expect((await next(project.id, researcher)).statusCode).toBe(403);
    await ctx.app.prisma.projectMember.create({ data: { projectId: project.id, userId: outsider.id, status: "SUSPENDED" } });
    const suspended = await next(project.id, outsider);
    expect(suspended.statusCode).toBe(403);
    expect(suspended.json().error.message).toMatch(/SUSPENDED/);
  });
});

describe("ranking answers", () => {
  it("stores the ranking with ties, duration and form version", async () => {
    const { project, labelers } = await setup({ items: 1, overlap: 1, labelers: 1, responses: 4 });
    const [a] = labelers as [TTestUser];
    const t = (await next(project.id, a)).json();
    const res = await submit(t.assignmentId, a, [["r2"], ["r1", "r3"], ["r4"]]);
    expect(res.statusCode).toBe(201);
    const row = await ctx.app.prisma.annotation.findUniqueOrThrow({ where: { id: res.json().id }, include: { formVersion: true } });
    expect(row.answer).toEqual({ ranking: [["r2"], ["r1", "r3"], ["r4"]] });
    expect(row.durationMs).toBe(1234);
    expect(row.formVersion?.version).toBe(1);
  });

  it("names unknown, missing and duplicate ids and writes nothing", async () => {
    const { project, labelers } = await setup({ items: 1, overlap: 1, labelers: 1, responses: 4 });
    const [a] = labelers as [TTestUser];
    const t = (await next(project.id, a)).json();
    const cases: [unknown, RegExp][] = [
      [[["r1"], ["r2"], ["r3"], ["r9"]], /unknown response ids: r9.*missing response ids: r4/],
      [[["r1", "r1"], ["r2"], ["r3"], ["r4"]], /duplicate response ids: r1/],
      [[["r1"], ["r2"]], /missing response ids: r3, r4/],
      [[[]], /body\.ranking\.0/],
      [[], /body\.ranking/],
      ["r1>r2", /body\.ranking/],
    ];
    for (const [ranking, message] of cases) {
      const res = await ctx.app.inject({
        method: "POST",
        url: `/api/v1/assignments/${t.assignmentId}/annotations`,
        headers: a.headers,
        payload: { ranking },
      });
      expect(res.statusCode, JSON.stringify(ranking)).toBe(400);
      expect(res.json().error.code).toBe("VALIDATION_FAILED");
      const paths = res.json().error.issues.map((i: { path: (string | number)[] }) => i.path.join("."));
      expect(`${res.json().error.message} ${paths.join(" ")}`).toMatch(message);
    }
    expect(await ctx.app.prisma.annotation.count({ where: { projectId: project.id } })).toBe(0);
    expect((await ctx.app.prisma.assignment.findUniqueOrThrow({ where: { id: t.assignmentId } })).status).toBe("LEASED");
  });

  it("a repeated submit with the same Idempotency-Key returns the first result and writes one row", async () => {
    const { project, labelers } = await setup({ items: 1, overlap: 1, labelers: 1 });
    const [a] = labelers as [TTestUser];
    const t = (await next(project.id, a)).json();
    const key = randomUUID();
    const results = await Promise.all(Array.from({ length: 10 }, () => submit(t.assignmentId, a, [["r3"], ["r2"], ["r1"]], key)));
    expect(results.map((r) => r.statusCode)).toEqual(Array(10).fill(201));
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    expect(results.filter((r) => r.headers["idempotent-replayed"] === "true")).toHaveLength(9);
    expect(await ctx.app.prisma.annotation.count({ where: { projectId: project.id } })).toBe(1);
    expect((await ctx.app.prisma.item.findFirstOrThrow({ where: { projectId: project.id } })).doneCount).toBe(1);

    // Without the key, a second submit is a conflict, not a second row.
    const again = await submit(t.assignmentId, a, [["r1"], ["r2"], ["r3"]]);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe("ALREADY_SUBMITTED");
  });

  it("another labeler's assignment is not found, and the key cannot be reused elsewhere", async () => {
    const { project, labelers } = await setup({ items: 2, overlap: 2, labelers: 2 });
    const [a, b] = labelers as [TTestUser, TTestUser];
    const t = (await next(project.id, a)).json();
    const foreign = await submit(t.assignmentId, b, [["r1"], ["r2"], ["r3"]]);
    expect(foreign.statusCode).toBe(404);
    const key = randomUUID();
    expect((await submit(t.assignmentId, a, [["r1"], ["r2"], ["r3"]], key)).statusCode).toBe(201);
    const t2 = (await next(project.id, a)).json();
    const reused = await submit(t2.assignmentId, a, [["r1"], ["r2"], ["r3"]], key);
    expect(reused.statusCode).toBe(409);
    expect(reused.json().error.message).toMatch(/Idempotency-Key/);
  });
});
