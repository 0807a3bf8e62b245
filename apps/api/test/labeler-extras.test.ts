import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TTestContext } from "./helpers/app.ts";
import { addLabeler, createTestProject, createUser, importItems, makeItems, type TTestUser } from "./helpers/fixtures.ts";
import { importAndMap, makeApi, makeRoleItems, putGold, type TApi } from "./helpers/quality.ts";

let ctx: TTestContext;
let api: TApi;
let researcher: TTestUser;

beforeAll(async () => {
  ctx = await buildTestApp();
  api = makeApi(ctx);
  researcher = await createUser(ctx.app, "RESEARCHER");
});
afterAll(() => ctx.close());

const RANK = [["r1"], ["r2"], ["r3"]];

async function setup(opts: { items: number; overlap: number; labelers: number; leaseSeconds?: number }) {
  const project = await createTestProject(ctx.app, researcher, { overlap: opts.overlap });
  // Below the API's minimum on purpose: leases that expire within a test.
  if (opts.leaseSeconds) await ctx.app.prisma.project.update({ where: { id: project.id }, data: { leaseSeconds: opts.leaseSeconds } });
  const res = await importItems(ctx.app, project.id, researcher, makeItems(opts.items, 3));
  expect(res.statusCode, res.body).toBe(200);
  const labelers = await Promise.all(Array.from({ length: opts.labelers }, () => createUser(ctx.app, "LABELER")));
  for (const l of labelers) await addLabeler(ctx.app, project.id, l);
  return { project, labelers };
}

const next = (projectId: string, user: TTestUser) =>
  ctx.app.inject({ method: "GET", url: `/api/v1/projects/${projectId}/tasks/next`, headers: user.headers });

const submit = (assignmentId: string, user: TTestUser, opts: { ranking?: string[][]; key?: string; next?: boolean } = {}) =>
  ctx.app.inject({
    method: "POST",
    url: `/api/v1/assignments/${assignmentId}/annotations${opts.next ? "?next=1" : ""}`,
    headers: { ...user.headers, ...(opts.key ? { "idempotency-key": opts.key } : {}) },
    payload: { ranking: opts.ranking ?? RANK, durationMs: 1000 },
  });

const undo = (assignmentId: string, user: TTestUser) =>
  ctx.app.inject({ method: "POST", url: `/api/v1/assignments/${assignmentId}/undo`, headers: user.headers });

const flag = (assignmentId: string, user: TTestUser, payload: unknown) =>
  ctx.app.inject({ method: "POST", url: `/api/v1/assignments/${assignmentId}/flag`, headers: user.headers, payload: payload as object });

/**
 * The bookkeeping invariants: each item's active_count is its LEASED + SUBMITTED assignments, its
 * done_count its answers, no live item over overlap, answers from distinct labelers, at most one
 * live lease per labeler.
 */
async function checkInvariants(projectId: string, overlap: number) {
  const items = await ctx.app.prisma.$queryRaw<
    { id: string; role: string; active_count: number; done_count: number; held: number; answers: number; answerers: number }[]
  >`
    SELECT i.id, i.role::text AS role, i.active_count, i.done_count,
      (SELECT count(*)::int FROM assignments a WHERE a.item_id = i.id AND a.status IN ('LEASED', 'SUBMITTED')) AS held,
      (SELECT count(*)::int FROM annotations n WHERE n.item_id = i.id) AS answers,
      (SELECT count(DISTINCT n.labeler_id)::int FROM annotations n WHERE n.item_id = i.id) AS answerers
    FROM items i WHERE i.project_id = ${projectId}::uuid`;
  for (const i of items) {
    expect(i.active_count, `active_count of ${i.id}`).toBe(i.held);
    expect(i.done_count, `done_count of ${i.id}`).toBe(i.answers);
    expect(i.answerers).toBe(i.answers);
    if (i.role === "LIVE") expect(i.active_count).toBeLessThanOrEqual(overlap);
  }
  const leases = await ctx.app.prisma.$queryRaw<{ labeler_id: string; n: number }[]>`
    SELECT labeler_id, count(*)::int AS n FROM assignments
    WHERE project_id = ${projectId}::uuid AND status = 'LEASED' AND lease_expires_at > now()
    GROUP BY labeler_id HAVING count(*) > 1`;
  expect(leases).toEqual([]);
  return items;
}

describe("submit with ?next=1", () => {
  it("returns the annotation, the undo deadline and the next task leased in the same round trip", async () => {
    const { project, labelers } = await setup({ items: 2, overlap: 1, labelers: 1 });
    const [a] = labelers as [TTestUser];
    const first = (await next(project.id, a)).json();
    const res = await submit(first.assignmentId, a, { next: true });
    expect(res.statusCode, res.body).toBe(201);
    const body = res.json();
    expect(body.assignmentId).toBe(first.assignmentId);
    expect(body.answer).toEqual({ ranking: RANK });
    const deadline = Date.parse(body.undoExpiresAt) - Date.parse(body.createdAt);
    expect(deadline).toBeGreaterThanOrEqual(9_000);
    expect(deadline).toBeLessThanOrEqual(10_100);
    expect(body.next.assignmentId).not.toBe(first.assignmentId);
    expect(body.next.item.id).not.toBe(first.item.id);
    expect(Object.keys(body.next).sort()).toEqual(["assignmentId", "form", "item", "leaseExpiresAt", "pairs", "projectId"]);
    expect(Date.parse(body.next.leaseExpiresAt)).toBeGreaterThan(Date.now() + 500_000);
    // tasks/next returns the very lease the submit handed out.
    expect((await next(project.id, a)).json()).toEqual(body.next);

    const last = await submit(body.next.assignmentId, a, { next: true });
    expect(last.statusCode).toBe(201);
    expect(last.json().next).toBeNull();
    // Without ?next the response stays the plain annotation.
    const { project: p2, labelers: l2 } = await setup({ items: 1, overlap: 1, labelers: 1 });
    const t = (await next(p2.id, l2[0] as TTestUser)).json();
    const plain = (await submit(t.assignmentId, l2[0] as TTestUser)).json();
    expect(plain).not.toHaveProperty("next");
    expect(plain).not.toHaveProperty("undoExpiresAt");
    await checkInvariants(project.id, 1);
  });

  it("an expired lease is refused with nothing written; a changed project or membership is read fresh for the next lease", async () => {
    const { project, labelers } = await setup({ items: 5, overlap: 2, labelers: 2 });
    const [a, b] = labelers as [TTestUser, TTestUser];
    const expire = (id: string) =>
      ctx.app.prisma.$executeRaw`UPDATE assignments SET lease_expires_at = now() - interval '1 second' WHERE id = ${id}::uuid`;
    // b's lease past its expiry: any lease path would sweep it back to the pool.
    const stale = (await next(project.id, b)).json();
    await expire(stale.assignmentId);
    const t1 = (await next(project.id, a)).json();
    await expire(t1.assignmentId);
    const before = await ctx.app.prisma.assignment.findMany({ where: { projectId: project.id }, orderBy: { id: "asc" } });
    const refused = await submit(t1.assignmentId, a, { next: true, key: "expired-1" });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe("LEASE_EXPIRED");
    expect(await ctx.app.prisma.annotation.count({ where: { projectId: project.id } })).toBe(0);
    expect(await ctx.app.prisma.assignment.findMany({ where: { projectId: project.id }, orderBy: { id: "asc" } })).toEqual(before);

    // Settings changed after the task was served: the answer stands and the undo window is the new one.
    const t2 = (await next(project.id, a)).json();
    await ctx.app.prisma.project.update({ where: { id: project.id }, data: { settings: { undoWindowSeconds: 30 } } });
    const changed = await submit(t2.assignmentId, a, { next: true });
    expect(changed.statusCode, changed.body).toBe(201);
    const body = changed.json();
    expect(Date.parse(body.undoExpiresAt) - Date.parse(body.createdAt)).toBeGreaterThan(29_000);
    expect(body.next).not.toBeNull();

    // Suspended meanwhile: the answer stands, no next task.
    await ctx.app.prisma.projectMember.update({
      where: { projectId_userId: { projectId: project.id, userId: a.id } },
      data: { status: "SUSPENDED" },
    });
    const suspended = await submit(body.next.assignmentId, a, { next: true });
    expect(suspended.statusCode, suspended.body).toBe(201);
    expect(suspended.json().next).toBeNull();
    expect(await ctx.app.prisma.assignment.count({ where: { labelerId: a.id, status: "LEASED" } })).toBe(0);
    expect(await ctx.app.prisma.annotation.count({ where: { projectId: project.id } })).toBe(2);
    await checkInvariants(project.id, 2);
  });

  it("keeps every invariant with 20 labelers looping submit+next: exactly overlap answers per item from distinct labelers", async () => {
    const overlap = 3;
    const { project, labelers } = await setup({ items: 30, overlap, labelers: 20 });
    const served = new Map<string, number>();
    await Promise.all(
      labelers.map(async (l) => {
        const res = await next(project.id, l);
        let task = res.statusCode === 200 ? res.json() : null;
        while (task) {
          served.set(l.id, (served.get(l.id) ?? 0) + 1);
          const out = await submit(task.assignmentId, l, { next: true, key: `k-${task.assignmentId}` });
          expect(out.statusCode, out.body).toBe(201);
          const nextTask = out.json().next;
          if (nextTask) {
            expect(nextTask.assignmentId).not.toBe(task.assignmentId);
            expect(Date.parse(nextTask.leaseExpiresAt)).toBeGreaterThan(Date.now());
          }
          task = nextTask;
        }
      }),
    );
    const items = await checkInvariants(project.id, overlap);
    expect(items).toHaveLength(30);
    for (const i of items) {
      expect(i.answers).toBe(overlap);
      expect(i.active_count).toBe(overlap);
    }
    expect([...served.values()].reduce((a, b) => a + b, 0)).toBe(30 * overlap);
    for (const l of labelers) expect((await next(project.id, l)).statusCode).toBe(204);
  });
});

describe("undo", () => {
  it("within the window: deletes the answer, restores the lease, releases the prefetched task; a resubmit with the same key stores a new answer", async () => {
    const { project, labelers } = await setup({ items: 3, overlap: 2, labelers: 1 });
    const [a] = labelers as [TTestUser];
    const first = (await next(project.id, a)).json();
    const key = "same-key-1";
    const sub = await submit(first.assignmentId, a, { next: true, key });
    expect(sub.statusCode).toBe(201);
    const { id: annotationId, next: prefetched } = sub.json();
    expect(prefetched).not.toBeNull();
    const before = await ctx.app.prisma.item.findUniqueOrThrow({ where: { id: first.item.id } });
    expect(before).toMatchObject({ doneCount: 1, activeCount: 1 });

    const res = await undo(first.assignmentId, a);
    expect(res.statusCode, res.body).toBe(200);
    const restored = res.json();
    expect(restored.assignmentId).toBe(first.assignmentId);
    expect(restored.item).toEqual(first.item); // same item, same display order
    expect(restored.pairs).toEqual(first.pairs);
    expect(Date.parse(restored.leaseExpiresAt)).toBeGreaterThan(Date.now() + 500_000);

    expect(await ctx.app.prisma.annotation.findUnique({ where: { id: annotationId } })).toBeNull();
    const row = await ctx.app.prisma.assignment.findUniqueOrThrow({ where: { id: first.assignmentId } });
    expect(row).toMatchObject({ status: "LEASED", submittedAt: null, labelerId: a.id });
    const after = await ctx.app.prisma.item.findUniqueOrThrow({ where: { id: first.item.id } });
    expect(after).toMatchObject({ doneCount: 0, activeCount: 1 });
    expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime()); // agreement cache fingerprint moves
    const released = await ctx.app.prisma.assignment.findUniqueOrThrow({ where: { id: prefetched.assignmentId } });
    expect(released.status).toBe("EXPIRED");
    expect((await ctx.app.prisma.item.findUniqueOrThrow({ where: { id: prefetched.item.id } })).activeCount).toBe(0);
    expect((await next(project.id, a)).json()).toEqual(restored);
    await checkInvariants(project.id, 2);

    // A second undo of the restored lease is a harmless repeat.
    expect((await undo(first.assignmentId, a)).json().assignmentId).toBe(first.assignmentId);

    const again = await submit(first.assignmentId, a, { key, ranking: [["r3"], ["r2", "r1"]] });
    expect(again.statusCode, again.body).toBe(201);
    expect(again.headers["idempotent-replayed"]).toBeUndefined();
    expect(again.json().id).not.toBe(annotationId);
    expect(again.json().answer).toEqual({ ranking: [["r3"], ["r2", "r1"]] });
    const stored = await ctx.app.prisma.annotation.findMany({ where: { itemId: first.item.id } });
    expect(stored.map((s) => s.answer)).toEqual([{ ranking: [["r3"], ["r2", "r1"]] }]);
    // The released item is served again.
    expect((await next(project.id, a)).json().item.id).toBe(prefetched.item.id);
    await checkInvariants(project.id, 2);
  });

  it("after the window, or for an older answer: 409 UNDO_WINDOW_PASSED and nothing changes; the window is a project setting", async () => {
    const { project, labelers } = await setup({ items: 3, overlap: 1, labelers: 1 });
    const [a] = labelers as [TTestUser];
    const t1 = (await next(project.id, a)).json();
    const s1 = (await submit(t1.assignmentId, a, { next: true })).json();
    const t2 = s1.next;
    expect((await submit(t2.assignmentId, a)).statusCode).toBe(201);

    const older = await undo(t1.assignmentId, a);
    expect(older.statusCode).toBe(409);
    expect(older.json().error.code).toBe("UNDO_WINDOW_PASSED");

    await ctx.app.prisma
      .$executeRaw`UPDATE assignments SET submitted_at = submitted_at - interval '11 seconds' WHERE project_id = ${project.id}::uuid`;
    const late = await undo(t2.assignmentId, a);
    expect(late.statusCode).toBe(409);
    expect(late.json().error).toMatchObject({ code: "UNDO_WINDOW_PASSED", message: expect.stringContaining("10 s") });
    expect(await ctx.app.prisma.annotation.count({ where: { projectId: project.id } })).toBe(2);
    expect((await ctx.app.prisma.assignment.findUniqueOrThrow({ where: { id: t2.assignmentId } })).status).toBe("SUBMITTED");

    // A longer window, read from settings.undoWindowSeconds, lets the same answer be undone.
    await ctx.app.prisma.project.update({ where: { id: project.id }, data: { settings: { undoWindowSeconds: 60 } } });
    const ok = await undo(t2.assignmentId, a);
    expect(ok.statusCode, ok.body).toBe(200);
    await ctx.app.prisma.project.update({ where: { id: project.id }, data: { settings: { undoWindowSeconds: 0 } } });
    const t3 = (await next(project.id, a)).json();
    expect((await submit(t3.assignmentId, a)).statusCode).toBe(201);
    expect((await undo(t3.assignmentId, a)).json().error.code).toBe("UNDO_WINDOW_PASSED");
    await checkInvariants(project.id, 1);
  });

  it("of a live lease while the labeler holds another live one: 409 and nothing written, not even a lease sweep", async () => {
    const { project, labelers } = await setup({ items: 3, overlap: 2, labelers: 2 });
    const [a, b] = labelers as [TTestUser, TTestUser];
    const held = (await next(project.id, a)).json();
    // Another labeler's lease past its expiry: any lease path would sweep it back to the pool.
    const stale = (await next(project.id, b)).json();
    await ctx.app.prisma
      .$executeRaw`UPDATE assignments SET lease_expires_at = now() - interval '1 second' WHERE id = ${stale.assignmentId}::uuid`;
    // A second live lease for the same labeler (a state the one-lease rule normally prevents).
    const free = await ctx.app.prisma.item.findFirstOrThrow({
      where: { projectId: project.id, id: { notIn: [held.item.id, stale.item.id] } },
      select: { id: true },
    });
    await ctx.app.prisma.$executeRaw`
      INSERT INTO assignments (id, project_id, item_id, labeler_id, status, shuffle_seed, leased_at, lease_expires_at, form_version_id, context)
      SELECT gen_random_uuid(), project_id, ${free.id}::uuid, labeler_id, 'LEASED', 7, now(), now() + interval '10 minutes', form_version_id, '{}'
      FROM assignments WHERE id = ${held.assignmentId}::uuid`;
    await ctx.app.prisma.$executeRaw`UPDATE items SET active_count = active_count + 1 WHERE id = ${free.id}::uuid`;
    const snapshot = async () => ({
      assignments: await ctx.app.prisma.assignment.findMany({ where: { projectId: project.id }, orderBy: { id: "asc" } }),
      items: await ctx.app.prisma.item.findMany({ where: { projectId: project.id }, orderBy: { id: "asc" } }),
    });
    const before = await snapshot();

    const res = await undo(held.assignmentId, a);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe("CONFLICT");
    expect(await snapshot()).toEqual(before);
    expect(before.assignments.find((x) => x.id === stale.assignmentId)?.status).toBe("LEASED");
  });

  it("is 404 for someone else's assignment (and for unknown ids), 403 for non-labelers, and changes nothing", async () => {
    const { project, labelers } = await setup({ items: 2, overlap: 2, labelers: 2 });
    const [a, b] = labelers as [TTestUser, TTestUser];
    const t = (await next(project.id, a)).json();
    expect((await submit(t.assignmentId, a)).statusCode).toBe(201);
    const foreign = await undo(t.assignmentId, b);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe("NOT_FOUND");
    expect((await undo("00000000-0000-4000-8000-000000000000", a)).statusCode).toBe(404);
    expect((await undo("not-a-uuid", a)).statusCode).toBe(400);
    expect((await undo(t.assignmentId, researcher)).statusCode).toBe(403);
    expect(await ctx.app.prisma.annotation.count({ where: { assignmentId: t.assignmentId } })).toBe(1);
    // A skipped task cannot be undone.
    const t2 = (await next(project.id, a)).json();
    await ctx.app.inject({
      method: "POST",
      url: `/api/v1/assignments/${t2.assignmentId}/skip`,
      headers: a.headers,
      payload: { reason: "unclear" },
    });
    expect((await undo(t2.assignmentId, a)).statusCode).toBe(409);
    await checkInvariants(project.id, 2);
  });

  it("of a honeypot reverses its gold score and the suspension it caused; a resubmit is scored afresh", async () => {
    const project = await createTestProject(ctx.app, researcher, { overlap: 2 });
    const ids = await importAndMap(ctx, project.id, researcher, [...makeRoleItems(3, "live"), ...makeRoleItems(1, "gold", "honeypot")]);
    const goldId = ids.get("gold-1") as string;
    await putGold(api, researcher, goldId, { ranking: [["r3"], ["r2"], ["r1"]] });
    const q = await api("PUT", `/projects/${project.id}/quality`, researcher, {
      honeypotRate: 1,
      promotion: { enabled: false },
      suspension: { enabled: true, window: 1, minGoldAgreement: 0.5 },
    });
    expect(q.statusCode, q.body).toBe(200);
    const a = await createUser(ctx.app, "LABELER");
    await addLabeler(ctx.app, project.id, a);
    const member = () =>
      ctx.app.prisma.projectMember.findUniqueOrThrow({ where: { projectId_userId: { projectId: project.id, userId: a.id } } });

    const t = (await next(project.id, a)).json();
    expect(t.item.id).toBe(goldId);
    const sub = await submit(t.assignmentId, a, { next: true, ranking: [["r1"], ["r2"], ["r3"]] });
    expect(sub.statusCode).toBe(201);
    await ctx.app.deferred.drain();
    expect(await member()).toMatchObject({ status: "SUSPENDED", goldCount: 1 });
    expect((await member()).goldAgreement).toBeLessThan(0.5);
    expect(await ctx.app.prisma.tierChange.count({ where: { projectId: project.id, userId: a.id } })).toBe(1);

    const res = await undo(t.assignmentId, a);
    expect(res.statusCode, res.body).toBe(200);
    expect(await member()).toMatchObject({ status: "QUALIFIED", goldCount: 0, goldAgreement: null });
    expect(await ctx.app.prisma.tierChange.count({ where: { projectId: project.id, userId: a.id } })).toBe(0);
    const audit = await ctx.app.prisma.auditLog.findFirstOrThrow({ where: { projectId: project.id, action: "annotation.undo.tier" } });
    expect(audit.data).toMatchObject({ from: "SUSPENDED", to: "QUALIFIED", assignmentId: t.assignmentId });
    // The prefetched live task went back to the pool.
    expect(sub.json().next).not.toBeNull();
    expect((await ctx.app.prisma.assignment.findUniqueOrThrow({ where: { id: sub.json().next.assignmentId } })).status).toBe("EXPIRED");

    expect((await submit(t.assignmentId, a, { ranking: [["r3"], ["r2"], ["r1"]] })).statusCode).toBe(201);
    await ctx.app.deferred.drain();
    expect(await member()).toMatchObject({ status: "QUALIFIED", goldCount: 1, goldAgreement: 1 });
    await checkInvariants(project.id, 2);
  });

  it("racing with lease sweeps and the labeler's own tasks/next keeps the counts exact", async () => {
    const { project, labelers } = await setup({ items: 12, overlap: 2, labelers: 6, leaseSeconds: 1 });
    const [a, ...others] = labelers as [TTestUser, ...TTestUser[]];
    for (let round = 0; round < 3; round++) {
      const t = (await next(project.id, a)).json();
      const sub = await submit(t.assignmentId, a, { next: true });
      expect(sub.statusCode, sub.body).toBe(201);
      // Others hold leases that expire now, so their tasks/next calls sweep while the undo runs.
      await Promise.all(others.map((o) => next(project.id, o)));
      await new Promise((r) => setTimeout(r, 1_100));
      const results = await Promise.all([
        undo(t.assignmentId, a),
        ...others.map((o) => next(project.id, o)),
        next(project.id, a),
        undo(t.assignmentId, a),
      ]);
      expect(results[0]?.statusCode, results[0]?.body).toBe(200);
      expect(results.at(-1)?.statusCode).toBe(200);
      await checkInvariants(project.id, 2);
      // Answer it again (the restored lease lasts leaseSeconds) so the next round starts clean.
      const mine = (await next(project.id, a)).json();
      expect((await submit(mine.assignmentId, a)).statusCode).toBe(201);
      await checkInvariants(project.id, 2);
    }
  });
});

describe("flags", () => {
  it("a labeler flags the item of their task, flags again to update it, and may still answer", async () => {
    const { project, labelers } = await setup({ items: 2, overlap: 2, labelers: 2 });
    const [a, b] = labelers as [TTestUser, TTestUser];
    const t = (await next(project.id, a)).json();
    const first = await flag(t.assignmentId, a, { reason: "broken", note: "  response 2 is cut off  " });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toMatchObject({ itemId: t.item.id, reason: "broken", note: "response 2 is cut off" });
    const second = await flag(t.assignmentId, a, { reason: "duplicate" });
    expect(second.statusCode).toBe(200);
    const rows = await ctx.app.prisma.itemFlag.findMany({ where: { itemId: t.item.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ reason: "duplicate", note: null, userId: a.id, projectId: project.id, resolvedAt: null });
    expect((await submit(t.assignmentId, a)).statusCode).toBe(201);
    // Still allowed after answering (own assignment); someone else's assignment is not found.
    expect((await flag(t.assignmentId, a, { reason: "unclear" })).statusCode).toBe(200);
    expect((await flag(t.assignmentId, b, { reason: "unclear" })).statusCode).toBe(404);
    expect((await flag(t.assignmentId, researcher, { reason: "unclear" })).statusCode).toBe(403);
    expect(await ctx.app.prisma.itemFlag.count({ where: { itemId: t.item.id } })).toBe(1);
  });

  it("rejects bad input with a 4xx and stores nothing", async () => {
    const { project, labelers } = await setup({ items: 1, overlap: 1, labelers: 1 });
    const [a] = labelers as [TTestUser];
    const t = (await next(project.id, a)).json();
    for (const bad of [
      {},
      { reason: "spam" },
      { reason: "other" },
      { reason: "other", note: "   " },
      { reason: "broken", note: "x".repeat(1001) },
    ]) {
      const res = await flag(t.assignmentId, a, bad);
      expect(res.statusCode, JSON.stringify(bad)).toBe(400);
      expect(res.json().error.code).toBe("VALIDATION_FAILED");
    }
    expect((await flag("00000000-0000-4000-8000-000000000000", a, { reason: "broken" })).statusCode).toBe(404);
    expect(await ctx.app.prisma.itemFlag.count({ where: { projectId: project.id } })).toBe(0);
    expect((await flag(t.assignmentId, a, { reason: "other", note: "why" })).statusCode).toBe(200);
  });

  it("researchers see flags in the item detail and browser filters, resolve them (audit-logged); a new flag reopens", async () => {
    const { project, labelers } = await setup({ items: 3, overlap: 2, labelers: 2 });
    const [a, b] = labelers as [TTestUser, TTestUser];
    const ta = (await next(project.id, a)).json();
    const tb = (await next(project.id, b)).json();
    expect(ta.item.id).toBe(tb.item.id);
    await flag(ta.assignmentId, a, { reason: "harmful", note: "unsafe advice" });
    await flag(tb.assignmentId, b, { reason: "broken" });
    // b skips after flagging.
    await ctx.app.inject({
      method: "POST",
      url: `/api/v1/assignments/${tb.assignmentId}/skip`,
      headers: b.headers,
      payload: { reason: "other", note: "flagged" },
    });

    const flagged = (await api("GET", `/projects/${project.id}/items/browse?status=flagged`, researcher)).json();
    expect(flagged.items.map((i: { id: string }) => i.id)).toEqual([ta.item.id]);
    expect(flagged.items[0]).toMatchObject({ flags: 2, skips: 1 });
    const skipped = (await api("GET", `/projects/${project.id}/items/browse?status=skipped`, researcher)).json();
    expect(skipped.items.map((i: { id: string }) => i.id)).toEqual([ta.item.id]);
    const all = (await api("GET", `/projects/${project.id}/items/browse`, researcher)).json();
    expect(all.items.map((i: { flags: number }) => i.flags)).toEqual([2, 0, 0]);

    const detail = (await api("GET", `/projects/${project.id}/items/${ta.item.id}/annotations`, researcher)).json();
    expect(detail.flags).toHaveLength(2);
    expect(detail.flags.map((f: { reason: string }) => f.reason).sort()).toEqual(["broken", "harmful"]);
    expect(detail.flags.find((f: { reason: string }) => f.reason === "harmful")).toMatchObject({
      note: "unsafe advice",
      user: { id: a.id },
      resolvedAt: null,
      resolvedBy: null,
    });

    // Labelers and engineers may not resolve; unknown items are 404; nothing changes.
    const resolveUrl = `/projects/${project.id}/items/${ta.item.id}/flags/resolve`;
    expect((await api("POST", resolveUrl, a, {})).statusCode).toBe(403);
    const engineer = await createUser(ctx.app, "ENGINEER");
    expect((await api("POST", resolveUrl, engineer, {})).statusCode).toBe(403);
    expect(
      (await api("POST", `/projects/${project.id}/items/00000000-0000-4000-8000-000000000000/flags/resolve`, researcher, {})).statusCode,
    ).toBe(404);
    expect((await api("POST", resolveUrl, researcher, { note: "x".repeat(1001) })).statusCode).toBe(400);
    expect(await ctx.app.prisma.itemFlag.count({ where: { itemId: ta.item.id, resolvedAt: null } })).toBe(2);

    const res = await api("POST", resolveUrl, researcher, { note: "fixed the import" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().resolved).toBe(2);
    for (const f of res.json().flags) expect(f).toMatchObject({ resolvedBy: { id: researcher.id }, resolvedAt: expect.any(String) });
    const audit = await ctx.app.prisma.auditLog.findMany({ where: { projectId: project.id, action: "item.flags.resolve" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: researcher.id, entityId: ta.item.id, data: { note: "fixed the import" } });
    expect((await api("POST", resolveUrl, researcher, {})).json().resolved).toBe(0);
    expect(await ctx.app.prisma.auditLog.count({ where: { projectId: project.id, action: "item.flags.resolve" } })).toBe(1);
    expect((await api("GET", `/projects/${project.id}/items/browse?status=flagged`, researcher)).json().items).toEqual([]);

    // Admins may resolve too; flagging again reopens.
    await flag(ta.assignmentId, a, { reason: "unclear" });
    expect((await api("GET", `/projects/${project.id}/items/browse?status=flagged`, researcher)).json().items[0].flags).toBe(1);
    const admin = await createUser(ctx.app, "ADMIN");
    expect((await api("POST", resolveUrl, admin, {})).json().resolved).toBe(1);
  });
});
