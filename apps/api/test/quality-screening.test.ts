import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TTestContext } from "./helpers/app.ts";
import { createTestProject, createUser, type TTestUser } from "./helpers/fixtures.ts";
import { collectStrings, importAndMap, makeApi, makeRoleItems, putGold, tierChanges, type TApi } from "./helpers/quality.ts";

let ctx: TTestContext;
let api: TApi;
let researcher: TTestUser;

beforeAll(async () => {
  ctx = await buildTestApp();
  api = makeApi(ctx);
  researcher = await createUser(ctx.app, "RESEARCHER");
});
afterAll(() => ctx.close());

const FORM = {
  questions: [
    { id: "ranking", type: "ranking", title: "Rank the responses" },
    {
      id: "topic",
      type: "choice",
      title: "Topic",
      options: [
        { value: "math", label: "Math" },
        { value: "code", label: "Code" },
        { value: "other", label: "Other" },
      ],
    },
    { id: "why", type: "text", title: "Why?", required: false },
  ],
};

/** Distinctive gold values, so any leak shows up in a scan of the response bodies. */
const GOLD_TEXT = "GOLD-RATIONALE-7f3a9c";
const GOLD = { ranking: [["r2"], ["r1"], ["r3"]], topic: "code", why: GOLD_TEXT };
const RIGHT = { ranking: [["r2"], ["r1"], ["r3"]], topic: "code", why: "my own words" };
const WRONG = { ranking: [["r3"], ["r1"], ["r2"]], topic: "math" };

type TScreeningTask = { item: { id: string; responses: { id: string }[] }; pairs: Record<string, unknown> };

async function setup(config: Record<string, unknown> = {}) {
  const project = await createTestProject(ctx.app, researcher);
  expect((await api("PUT", `/projects/${project.id}/form`, researcher, { definition: FORM })).statusCode).toBe(200);
  const ids = await importAndMap(ctx, project.id, researcher, [...makeRoleItems(2, "screen", "screening"), ...makeRoleItems(3, "live")]);
  const screeningIds = ["screen-1", "screen-2"].map((e) => ids.get(e) as string);
  for (const id of screeningIds) await putGold(api, researcher, id, GOLD);
  const res = await api("PUT", `/projects/${project.id}/screening`, researcher, {
    passThreshold: 0.75,
    maxAttempts: 2,
    timeLimitSeconds: 600,
    showFeedback: true,
    enabled: true,
    ...config,
  });
  expect(res.statusCode, res.body).toBe(200);
  return { project, screeningIds };
}

async function invite(projectId: string) {
  const labeler = await createUser(ctx.app, "LABELER");
  const res = await api("POST", `/projects/${projectId}/members`, researcher, { email: labeler.email });
  expect(res.statusCode, res.body).toBe(201);
  expect(res.json().status).toBe("INVITED");
  return labeler;
}

const answersFor = (tasks: TScreeningTask[], answers: Record<string, unknown>) =>
  Object.fromEntries(tasks.map((t) => [t.item.id, answers]));

describe("screening test setup", () => {
  it("imports screening items by role, keeps them out of counts, and reports the test", async () => {
    const { project } = await setup();
    const res = await api("GET", `/projects/${project.id}/screening`, researcher);
    expect(res.json()).toMatchObject({ configured: true, enabled: true, passThreshold: 0.75, maxAttempts: 2, items: 2, itemsWithGold: 2 });
    const roles = await ctx.app.prisma.item.groupBy({ by: ["role"], where: { projectId: project.id }, _count: true });
    expect(Object.fromEntries(roles.map((r) => [r.role, r._count]))).toEqual({ SCREENING: 2, LIVE: 3 });
    expect((await api("GET", `/projects/${project.id}`, researcher)).json().counts.items).toBe(3);
  });

  it("a project without a test reads as disabled, and labelers join it QUALIFIED", async () => {
    const project = await createTestProject(ctx.app, researcher);
    expect((await api("GET", `/projects/${project.id}/screening`, researcher)).json()).toMatchObject({
      configured: false,
      enabled: false,
      items: 0,
    });
    const labeler = await createUser(ctx.app, "LABELER");
    expect((await api("POST", `/projects/${project.id}/members`, researcher, { email: labeler.email })).json().status).toBe("QUALIFIED");
  });

  it("rejects bad settings and non-researchers", async () => {
    const { project } = await setup();
    expect((await api("PUT", `/projects/${project.id}/screening`, researcher, { passThreshold: 1.5 })).statusCode).toBe(400);
    expect((await api("PUT", `/projects/${project.id}/screening`, researcher, { maxAttempts: 0 })).statusCode).toBe(400);
    const labeler = await invite(project.id);
    expect((await api("PUT", `/projects/${project.id}/screening`, labeler, { enabled: false })).statusCode).toBe(403);
    expect((await api("GET", `/projects/${project.id}/screening`, labeler)).statusCode).toBe(403);
  });
});

describe("gold answers", () => {
  it("are validated against the form and item, audit-logged, and only researchers read them", async () => {
    const { project, screeningIds } = await setup();
    const [itemId] = screeningIds as [string];
    const bad = await api("PUT", `/items/${itemId}/gold`, researcher, { answers: { ranking: [["r1"], ["r9"]], topic: "code" } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toMatch(/unknown response ids: r9/);
    expect(
      (await api("PUT", `/items/${itemId}/gold`, researcher, { answers: { ranking: [["r1", "r2", "r3"]], topic: "nope" } })).statusCode,
    ).toBe(400);

    const read = await api("GET", `/items/${itemId}/gold`, researcher);
    expect(read.json()).toMatchObject({ itemId, answers: GOLD, createdById: researcher.id });
    const labeler = await invite(project.id);
    for (const method of ["GET", "PUT", "DELETE"] as const) {
      expect((await api(method, `/items/${itemId}/gold`, labeler, method === "PUT" ? { answers: GOLD } : undefined)).statusCode).toBe(403);
    }
    expect((await api("PATCH", `/items/${itemId}`, labeler, { role: "LIVE" })).statusCode).toBe(403);
    const engineer = await createUser(ctx.app, "ENGINEER");
    expect((await api("GET", `/items/${itemId}/gold`, engineer)).statusCode).toBe(403);

    const audit = await ctx.app.prisma.auditLog.findMany({ where: { entityId: itemId }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([["gold.create", researcher.id]]);
    expect(audit[0]?.data).toMatchObject({ before: null, after: GOLD });
  });

  it("PATCH sets role and super-rater routing; an item already served cannot become a screening item", async () => {
    const { project } = await setup();
    const live = await ctx.app.prisma.item.findFirstOrThrow({ where: { projectId: project.id, role: "LIVE" } });
    const res = await api("PATCH", `/items/${live.id}`, researcher, { role: "HONEYPOT", superRatersOnly: true });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ id: live.id, role: "HONEYPOT", superRatersOnly: true, hasGold: false });
    expect((await api("PATCH", `/items/${live.id}`, researcher, {})).statusCode).toBe(400);
    expect((await api("PATCH", `/items/00000000-0000-4000-8000-000000000000`, researcher, { role: "LIVE" })).statusCode).toBe(404);

    const labeler = await createUser(ctx.app, "LABELER");
    await ctx.app.prisma.projectMember.create({ data: { projectId: project.id, userId: labeler.id, status: "QUALIFIED" } });
    const other = await ctx.app.prisma.item.findFirstOrThrow({ where: { projectId: project.id, role: "LIVE" } });
    await ctx.app.prisma.item.updateMany({
      where: { projectId: project.id, role: "LIVE", id: { not: other.id } },
      data: { role: "HONEYPOT" },
    });
    expect((await api("GET", `/projects/${project.id}/tasks/next`, labeler)).json().item.id).toBe(other.id);
    const conflict = await api("PATCH", `/items/${other.id}`, researcher, { role: "SCREENING" });
    expect(conflict.statusCode).toBe(409);
  });
});

describe("labeler screening flow", () => {
  it("fail, retry, pass: INVITED → SCREENING → QUALIFIED, with tier changes and no gold anywhere", async () => {
    const { project, screeningIds } = await setup();
    const labeler = await invite(project.id);
    const bodies: string[] = [];
    const call = async (...args: Parameters<TApi>) => {
      const res = await api(...args);
      bodies.push(res.body);
      return res;
    };

    const blocked = await call("GET", `/projects/${project.id}/tasks/next`, labeler);
    expect(blocked.statusCode).toBe(403);
    expect(blocked.json().error.message).toMatch(/INVITED/);
    expect((await call("GET", `/projects/${project.id}/screening/me`, labeler)).json()).toMatchObject({
      enabled: true,
      status: "INVITED",
      attemptsUsed: 0,
      attemptsLeft: 2,
      timeLimitSeconds: 600,
      lastScore: null,
      inProgress: null,
    });

    const started = await call("POST", `/projects/${project.id}/screening/attempts`, labeler);
    expect(started.statusCode, started.body).toBe(201);
    const attempt = started.json();
    expect(Object.keys(attempt).sort()).toEqual(["attempt", "attemptId", "expiresAt", "form", "projectId", "startedAt", "tasks"]);
    expect(attempt.form.definition.questions.map((q: { id: string }) => q.id)).toEqual(["ranking", "topic", "why"]);
    expect(attempt.tasks.map((t: TScreeningTask) => t.item.id).sort()).toEqual([...screeningIds].sort());
    for (const t of attempt.tasks) {
      expect(Object.keys(t).sort()).toEqual(["item", "pairs"]);
      expect(Object.keys(t.item).sort()).toEqual(["id", "prompt", "responses"]);
    }
    expect(new Date(attempt.expiresAt).getTime() - new Date(attempt.startedAt).getTime()).toBe(600_000);
    // Resuming returns the same attempt, in the same order.
    expect((await call("POST", `/projects/${project.id}/screening/attempts`, labeler)).json()).toEqual(attempt);
    expect((await call("GET", `/projects/${project.id}/tasks/next`, labeler)).json().error.message).toMatch(/SCREENING/);

    const failed = await call("POST", `/screening-attempts/${attempt.attemptId}/submit`, labeler, {
      answers: answersFor(attempt.tasks, WRONG),
    });
    expect(failed.statusCode, failed.body).toBe(200);
    expect(failed.json()).toMatchObject({
      status: "FAILED",
      score: 0,
      passed: false,
      memberStatus: "SCREENING",
      attemptsUsed: 1,
      attemptsLeft: 1,
    });
    expect(failed.json().feedback).toHaveLength(2);
    for (const f of failed.json().feedback)
      expect(f.questions).toEqual([
        { questionId: "ranking", correct: false },
        { questionId: "topic", correct: false },
      ]);
    const again = await call("POST", `/screening-attempts/${attempt.attemptId}/submit`, labeler, {
      answers: answersFor(attempt.tasks, RIGHT),
    });
    expect(again.statusCode).toBe(409);

    const second = (await call("POST", `/projects/${project.id}/screening/attempts`, labeler)).json();
    expect(second.attempt).toBe(2);
    expect(second.attemptId).not.toBe(attempt.attemptId);
    const [first, rest] = second.tasks as [TScreeningTask, TScreeningTask];
    // One item right, one half right: (1 + 0.5) / 2 = 0.75, exactly the threshold.
    const passed = await call("POST", `/screening-attempts/${second.attemptId}/submit`, labeler, {
      answers: { [first.item.id]: RIGHT, [rest.item.id]: { ...RIGHT, topic: "other" } },
    });
    expect(passed.json()).toMatchObject({
      status: "PASSED",
      score: 0.75,
      passed: true,
      memberStatus: "QUALIFIED",
      attemptsUsed: 2,
      attemptsLeft: 0,
    });
    expect(passed.json().feedback).toEqual([
      {
        itemId: first.item.id,
        questions: [
          { questionId: "ranking", correct: true },
          { questionId: "topic", correct: true },
        ],
      },
      {
        itemId: rest.item.id,
        questions: [
          { questionId: "ranking", correct: true },
          { questionId: "topic", correct: false },
        ],
      },
    ]);
    expect((await call("GET", `/projects/${project.id}/screening/me`, labeler)).json()).toMatchObject({
      status: "QUALIFIED",
      lastScore: 0.75,
      lastAttemptStatus: "PASSED",
    });
    expect((await call("GET", `/projects/${project.id}/tasks/next`, labeler)).statusCode).toBe(200);
    expect((await call("POST", `/projects/${project.id}/screening/attempts`, labeler)).statusCode).toBe(409);

    expect((await tierChanges(ctx, project.id, labeler.id)).map((c) => [c.from, c.to, c.changedById])).toEqual([
      ["INVITED", "SCREENING", null],
      ["SCREENING", "QUALIFIED", null],
    ]);
    const stored = await ctx.app.prisma.screeningAttempt.findMany({ where: { userId: labeler.id }, orderBy: { attempt: "asc" } });
    expect(stored.map((a) => [a.status, a.score])).toEqual([
      ["FAILED", 0],
      ["PASSED", 0.75],
    ]);

    // No labeler-facing body carries a gold value.
    for (const body of bodies) {
      expect(body).not.toContain(GOLD_TEXT);
      expect(body).not.toContain(JSON.stringify(GOLD.ranking));
      expect(body).not.toMatch(/"gold"|"role":"(LIVE|SCREENING|HONEYPOT)"|superRatersOnly|HONEYPOT/);
    }
    expect(collectStrings(bodies.map((b) => JSON.parse(b)))).not.toContain(GOLD_TEXT);
  });

  it("failing every attempt sets FAILED: no tasks, no more attempts", async () => {
    const { project } = await setup();
    const labeler = await invite(project.id);
    for (let n = 1; n <= 2; n++) {
      const a = (await api("POST", `/projects/${project.id}/screening/attempts`, labeler)).json();
      const res = (await api("POST", `/screening-attempts/${a.attemptId}/submit`, labeler, { answers: answersFor(a.tasks, WRONG) })).json();
      expect(res.memberStatus).toBe(n === 2 ? "FAILED" : "SCREENING");
    }
    const next = await api("GET", `/projects/${project.id}/tasks/next`, labeler);
    expect(next.statusCode).toBe(403);
    expect(next.json().error.message).toMatch(/FAILED/);
    expect((await api("POST", `/projects/${project.id}/screening/attempts`, labeler)).statusCode).toBe(403);
    expect((await api("GET", `/projects/${project.id}/screening/me`, labeler)).json()).toMatchObject({
      status: "FAILED",
      attemptsUsed: 2,
      attemptsLeft: 0,
    });
    const changes = await tierChanges(ctx, project.id, labeler.id);
    expect(changes.map((c) => c.to)).toEqual(["SCREENING", "FAILED"]);
    expect(changes[1]?.reason).toMatch(/no screening attempts left/);

    // A researcher can grant a fresh set of attempts by inviting again.
    const reset = await api("POST", `/projects/${project.id}/members/${labeler.id}/status`, researcher, {
      status: "INVITED",
      reason: "guidelines were unclear",
    });
    expect(reset.statusCode, reset.body).toBe(200);
    expect((await api("GET", `/projects/${project.id}/screening/me`, labeler)).json()).toMatchObject({
      status: "INVITED",
      attemptsUsed: 0,
      attemptsLeft: 2,
    });
    const a = (await api("POST", `/projects/${project.id}/screening/attempts`, labeler)).json();
    expect(a.attempt).toBe(3);
    const res = (await api("POST", `/screening-attempts/${a.attemptId}/submit`, labeler, { answers: answersFor(a.tasks, RIGHT) })).json();
    expect(res).toMatchObject({ status: "PASSED", score: 1, memberStatus: "QUALIFIED" });
  });

  it("a late submit expires the attempt unscored; expiry uses up the attempt", async () => {
    const { project } = await setup({ timeLimitSeconds: 60, maxAttempts: 2 });
    const labeler = await invite(project.id);
    const a = (await api("POST", `/projects/${project.id}/screening/attempts`, labeler)).json();
    await ctx.app.prisma.screeningAttempt.update({ where: { id: a.attemptId }, data: { startedAt: new Date(Date.now() - 5 * 60_000) } });
    const late = await api("POST", `/screening-attempts/${a.attemptId}/submit`, labeler, { answers: answersFor(a.tasks, RIGHT) });
    expect(late.statusCode, late.body).toBe(200);
    expect(late.json()).toMatchObject({
      status: "EXPIRED",
      score: null,
      passed: false,
      memberStatus: "SCREENING",
      attemptsUsed: 1,
      attemptsLeft: 1,
      feedback: null,
    });
    expect((await api("POST", `/screening-attempts/${a.attemptId}/submit`, labeler, { answers: {} })).statusCode).toBe(409);

    // The second attempt is abandoned past its limit: reading my status expires it and, with none left, fails me.
    const b = (await api("POST", `/projects/${project.id}/screening/attempts`, labeler)).json();
    expect(b.attempt).toBe(2);
    await ctx.app.prisma.screeningAttempt.update({ where: { id: b.attemptId }, data: { startedAt: new Date(Date.now() - 5 * 60_000) } });
    expect((await api("GET", `/projects/${project.id}/screening/me`, labeler)).json()).toMatchObject({
      status: "FAILED",
      attemptsLeft: 0,
      lastAttemptStatus: "EXPIRED",
      inProgress: null,
    });
  });

  it("checks answers like a task submit, and hides feedback when the test says so", async () => {
    const { project } = await setup({ showFeedback: false });
    const labeler = await invite(project.id);
    const a = (await api("POST", `/projects/${project.id}/screening/attempts`, labeler)).json();
    const [t] = a.tasks as [TScreeningTask];
    const unknown = await api("POST", `/screening-attempts/${a.attemptId}/submit`, labeler, {
      answers: { "00000000-0000-4000-8000-000000000000": RIGHT },
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.message).toMatch(/not an item of this attempt/);
    const invalid = await api("POST", `/screening-attempts/${a.attemptId}/submit`, labeler, {
      answers: { [t.item.id]: { ranking: [["r1"]], topic: "code" } },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().error.issues[0].path).toEqual(["body", "answers", t.item.id, "ranking"]);
    expect((await api("POST", `/screening-attempts/${a.attemptId}/submit`, labeler, { answers: "nope" })).statusCode).toBe(400);

    // Someone else's attempt is not found; items left out score 0.
    const other = await invite(project.id);
    expect((await api("POST", `/screening-attempts/${a.attemptId}/submit`, other, { answers: {} })).statusCode).toBe(404);
    const res = await api("POST", `/screening-attempts/${a.attemptId}/submit`, labeler, { answers: { [t.item.id]: RIGHT } });
    expect(res.json()).toMatchObject({ status: "FAILED", score: 0.5, feedback: null });
  });

  it("is only for labelers who are members, and needs scorable items", async () => {
    const { project } = await setup();
    const outsider = await createUser(ctx.app, "LABELER");
    expect((await api("GET", `/projects/${project.id}/screening/me`, outsider)).statusCode).toBe(404);
    expect((await api("POST", `/projects/${project.id}/screening/attempts`, outsider)).statusCode).toBe(404);
    expect((await api("POST", `/projects/${project.id}/screening/attempts`, researcher)).statusCode).toBe(403);

    const empty = await createTestProject(ctx.app, researcher);
    await api("PUT", `/projects/${empty.id}/screening`, researcher, { enabled: true });
    const labeler = await invite(empty.id);
    const res = await api("POST", `/projects/${empty.id}/screening/attempts`, labeler);
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/no items with gold/);
  });
});
