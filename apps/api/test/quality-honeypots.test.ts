import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TTestContext } from "./helpers/app.ts";
import { addLabeler, createTestProject, createUser, type TTestUser } from "./helpers/fixtures.ts";
import { importAndMap, makeApi, makeRoleItems, putGold, shapeOf, type TApi } from "./helpers/quality.ts";

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
    { id: "versus", type: "pairwise", title: "Which of the two is better?" },
    { id: "note", type: "text", title: "Anything to add?", required: false },
  ],
};
const GOLD_TEXT = "GOLD-NOTE-b71e04";
const GOLD = { ranking: [["r3"], ["r2"], ["r1"]], versus: { pair: ["r3", "r1"], value: -2 }, note: GOLD_TEXT };

type TTask = { assignmentId: string; item: { id: string }; pairs: Record<string, [string, string]> };

async function setup(opts: { live: number; honeypots: number; rate: number; overlap?: number }) {
  const project = await createTestProject(ctx.app, researcher, { overlap: opts.overlap ?? 1 });
  expect((await api("PUT", `/projects/${project.id}/form`, researcher, { definition: FORM })).statusCode).toBe(200);
  const ids = await importAndMap(ctx, project.id, researcher, [
    ...makeRoleItems(opts.live, "live"),
    ...makeRoleItems(opts.honeypots, "gold", "honeypot"),
  ]);
  const honeypots = new Set<string>();
  for (let i = 1; i <= opts.honeypots; i++) {
    const id = ids.get(`gold-${i}`) as string;
    honeypots.add(id);
    await putGold(api, researcher, id, GOLD);
  }
  const res = await api("PUT", `/projects/${project.id}/quality`, researcher, {
    honeypotRate: opts.rate,
    promotion: { enabled: false },
    suspension: { enabled: false },
  });
  expect(res.statusCode, res.body).toBe(200);
  return { project, honeypots };
}

const next = (projectId: string, user: TTestUser) => api("GET", `/projects/${projectId}/tasks/next`, user);
/** Answers a task: the ranking given, and on the pairwise question a strong preference for `prefer`. */
const answerFor = (task: TTask, ranking: string[][], prefer: string) => {
  const pair = task.pairs.versus as [string, string];
  return { answers: { ranking, versus: { pair, value: pair[0] === prefer ? -2 : 2 }, note: "looks fine" }, durationMs: 1000 };
};

/** Takes and answers one task; returns the task and submit bodies, or null when the queue is empty. */
async function takeOne(projectId: string, labeler: TTestUser, ranking: string[][], prefer: string): Promise<string[] | null> {
  const res = await next(projectId, labeler);
  if (res.statusCode === 204) return null;
  expect(res.statusCode, res.body).toBe(200);
  const submit = await api("POST", `/assignments/${res.json().assignmentId}/annotations`, labeler, answerFor(res.json(), ranking, prefer));
  expect(submit.statusCode, submit.body).toBe(201);
  return [res.body, submit.body];
}

/** Takes and answers tasks until the queue is empty for this labeler; returns the raw bodies in order. */
async function drainQueue(projectId: string, labeler: TTestUser, ranking: string[][] = [["r1"], ["r2"], ["r3"]], prefer = "r1") {
  const bodies: string[] = [];
  for (;;) {
    const pair = await takeOne(projectId, labeler, ranking, prefer);
    if (!pair) return bodies;
    bodies.push(...pair);
  }
}

describe("honeypots in the live queue", () => {
  it("are interleaved with live items, look exactly like them, and never carry gold", async () => {
    const { project, honeypots } = await setup({ live: 30, honeypots: 12, rate: 0.4 });
    const labeler = await createUser(ctx.app, "LABELER");
    await addLabeler(ctx.app, project.id, labeler);
    const bodies = await drainQueue(project.id, labeler);
    const tasks = bodies.filter((b) => b.includes('"leaseExpiresAt"')).map((b) => JSON.parse(b) as TTask);
    const isGold = tasks.map((t) => honeypots.has(t.item.id));

    expect(isGold.filter((g) => !g)).toHaveLength(30);
    const served = isGold.filter(Boolean).length;
    expect(served).toBeGreaterThan(0);
    // Interleaved: a live item comes before the first honeypot or after the last, and they are not one block.
    const first = isGold.indexOf(true);
    const last = isGold.lastIndexOf(true);
    expect(isGold.slice(first, last + 1).some((g) => !g) || served === 1).toBe(true);
    // Never after the live work ran out: the last task is a live one.
    expect(isGold[isGold.length - 1]).toBe(false);

    // Same keys, same shapes, same form; the pairwise pair of a honeypot is the gold's pair, in either order.
    const live = tasks.find((_, i) => !isGold[i]) as TTask;
    for (const [i, t] of tasks.entries()) {
      expect(shapeOf(t)).toEqual(shapeOf(live));
      expect(Object.keys(t.item)).toEqual(["id", "prompt", "responses"]);
      if (isGold[i]) expect([...(t.pairs.versus ?? [])].sort()).toEqual(["r1", "r3"]);
    }
    for (const body of bodies) {
      expect(body).not.toContain(GOLD_TEXT);
      expect(body).not.toContain(JSON.stringify(GOLD.ranking));
      expect(body).not.toMatch(/gold|HONEYPOT|superRatersOnly|"role":"(LIVE|SCREENING)"/i);
    }
  });

  it("go to every labeler regardless of overlap, once each, and only while live work remains", async () => {
    const { project, honeypots } = await setup({ live: 6, honeypots: 3, rate: 1, overlap: 1 });
    const labelers = await Promise.all([1, 2, 3].map(() => createUser(ctx.app, "LABELER")));
    for (const l of labelers) await addLabeler(ctx.app, project.id, l);
    const served = new Map<string, string[]>();
    // Round robin: with rate 1 every claim wants a honeypot, so each labeler gets all three first.
    for (let open = true; open; ) {
      open = false;
      for (const l of labelers) {
        const bodies = await takeOne(project.id, l, [["r1"], ["r2"], ["r3"]], "r1");
        if (!bodies) continue;
        open = true;
        const t = JSON.parse(bodies[0] as string);
        if (honeypots.has(t.item.id)) served.set(t.item.id, [...(served.get(t.item.id) ?? []), l.id]);
      }
    }
    expect(served.size).toBe(3);
    for (const who of served.values()) expect(who.sort()).toEqual(labelers.map((l) => l.id).sort());
    const items = await ctx.app.prisma.item.findMany({ where: { projectId: project.id } });
    for (const item of items) expect([item.role, item.doneCount]).toEqual(item.role === "LIVE" ? ["LIVE", 1] : ["HONEYPOT", 3]);
  });

  it("are scored against gold after the submit and update the member's gold agreement", async () => {
    const { project, honeypots } = await setup({ live: 6, honeypots: 4, rate: 1, overlap: 2 });
    const good = await createUser(ctx.app, "LABELER");
    const bad = await createUser(ctx.app, "LABELER");
    await addLabeler(ctx.app, project.id, good);
    await addLabeler(ctx.app, project.id, bad);
    await drainQueue(project.id, good, [["r3"], ["r2"], ["r1"]], "r3");
    await drainQueue(project.id, bad, [["r1"], ["r2"], ["r3"]], "r1");
    await ctx.app.deferred.drain();
    const members = await ctx.app.prisma.projectMember.findMany({ where: { projectId: project.id } });
    const byUser = new Map(members.map((m) => [m.userId, m]));
    const goodCount = await ctx.app.prisma.annotation.count({ where: { labelerId: good.id, itemId: { in: [...honeypots] } } });
    expect(goodCount).toBeGreaterThan(0);
    // Gold ranks r3 > r2 > r1 and prefers r3 over r1 at strength 2; the text question is not scored.
    expect(byUser.get(good.id)).toMatchObject({ goldCount: goodCount, goldAgreement: 1 });
    expect(byUser.get(bad.id)).toMatchObject({ goldCount: 4, goldAgreement: 0 });
  });
});

describe("super-rater-only items", () => {
  it("are served only to SUPER_RATER members", async () => {
    const { project } = await setup({ live: 3, honeypots: 0, rate: 0 });
    const flagged = await ctx.app.prisma.item.findFirstOrThrow({ where: { projectId: project.id, externalId: "live-1" } });
    expect((await api("PATCH", `/items/${flagged.id}`, researcher, { superRatersOnly: true })).statusCode).toBe(200);
    const regular = await createUser(ctx.app, "LABELER");
    const superRater = await createUser(ctx.app, "LABELER");
    await addLabeler(ctx.app, project.id, regular);
    await ctx.app.prisma.projectMember.create({ data: { projectId: project.id, userId: superRater.id, status: "SUPER_RATER" } });

    const seenByRegular = (await drainQueue(project.id, regular))
      .filter((b) => b.includes("leaseExpiresAt"))
      .map((b) => JSON.parse(b).item.id);
    expect(seenByRegular).toHaveLength(2);
    expect(seenByRegular).not.toContain(flagged.id);
    const seenBySuper = (await drainQueue(project.id, superRater))
      .filter((b) => b.includes("leaseExpiresAt"))
      .map((b) => JSON.parse(b).item.id);
    expect(seenBySuper).toEqual([flagged.id]);
  });
});
