import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TTestContext } from "./helpers/app.ts";
import { addLabeler, createTestProject, createUser, type TTestUser } from "./helpers/fixtures.ts";
import { importAndMap, makeApi, makeRoleItems, putGold, tierChanges, type TApi } from "./helpers/quality.ts";

let ctx: TTestContext;
let api: TApi;
let researcher: TTestUser;

beforeAll(async () => {
  ctx = await buildTestApp();
  api = makeApi(ctx);
  researcher = await createUser(ctx.app, "RESEARCHER");
});
afterAll(() => ctx.close());

const GOLD = [["r3"], ["r2"], ["r1"]];
const RIGHT = GOLD;
const WRONG = [["r1"], ["r2"], ["r3"]];

const OFF = { promotion: { enabled: false }, suspension: { enabled: false } };

async function setup(quality: Record<string, unknown>, opts: { live?: number; honeypots?: number; overlap?: number } = {}) {
  const project = await createTestProject(ctx.app, researcher, { overlap: opts.overlap ?? 4 });
  const ids = await importAndMap(ctx, project.id, researcher, [
    ...makeRoleItems(opts.live ?? 12, "live"),
    ...makeRoleItems(opts.honeypots ?? 8, "gold", "honeypot"),
  ]);
  for (const [external, id] of ids) if (external.startsWith("gold-")) await putGold(api, researcher, id, { ranking: GOLD });
  await setQuality(project.id, quality);
  return project;
}

async function setQuality(projectId: string, quality: Record<string, unknown>) {
  const res = await api("PUT", `/projects/${projectId}/quality`, researcher, quality);
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function labelerIn(projectId: string) {
  const labeler = await createUser(ctx.app, "LABELER");
  await addLabeler(ctx.app, projectId, labeler);
  return labeler;
}

/** Answers `count` tasks with `ranking`; returns whether each was a honeypot. Waits for the after-submit scoring. */
async function answer(projectId: string, labeler: TTestUser, count: number, ranking: string[][]) {
  const kinds: boolean[] = [];
  for (let i = 0; i < count; i++) {
    const res = await api("GET", `/projects/${projectId}/tasks/next`, labeler);
    expect(res.statusCode, res.body).toBe(200);
    const item = await ctx.app.prisma.item.findUniqueOrThrow({ where: { id: res.json().item.id } });
    kinds.push(item.role === "HONEYPOT");
    const submit = await api("POST", `/assignments/${res.json().assignmentId}/annotations`, labeler, { ranking });
    expect(submit.statusCode, submit.body).toBe(201);
    await ctx.app.deferred.drain();
  }
  return kinds;
}

const member = (projectId: string, userId: string) =>
  ctx.app.prisma.projectMember.findUniqueOrThrow({ where: { projectId_userId: { projectId, userId } } });

describe("quality settings", () => {
  it("read as defaults, fill missing fields, reject bad values, and keep other settings keys", async () => {
    const project = await createTestProject(ctx.app, researcher);
    const defaults = (await api("GET", `/projects/${project.id}/quality`, researcher)).json();
    expect(defaults).toEqual({
      honeypotRate: 0.1,
      goldWindow: 50,
      promotion: { enabled: true, minGoldAgreement: 0.9, minGoldItems: 20, minPeerAgreement: 0.75 },
      suspension: { enabled: true, window: 10, minGoldAgreement: 0.5 },
    });
    await ctx.app.prisma.project.update({ where: { id: project.id }, data: { settings: { exports: { keep: true } } } });
    const saved = await setQuality(project.id, { honeypotRate: 0.25, suspension: { window: 5 } });
    expect(saved).toMatchObject({ honeypotRate: 0.25, suspension: { enabled: true, window: 5, minGoldAgreement: 0.5 } });
    const row = await ctx.app.prisma.project.findUniqueOrThrow({ where: { id: project.id } });
    expect(row.settings).toMatchObject({ exports: { keep: true }, quality: { honeypotRate: 0.25 } });
    for (const bad of [{ honeypotRate: 2 }, { suspension: { window: 0 } }, { promotion: { minGoldAgreement: "high" } }]) {
      expect((await api("PUT", `/projects/${project.id}/quality`, researcher, bad)).statusCode).toBe(400);
    }
    const labeler = await labelerIn(project.id);
    expect((await api("GET", `/projects/${project.id}/quality`, labeler)).statusCode).toBe(403);
    expect((await api("PUT", `/projects/${project.id}/quality`, labeler, {})).statusCode).toBe(403);
    expect((await api("POST", `/projects/${project.id}/quality/recompute`, labeler)).statusCode).toBe(403);
    const audit = await ctx.app.prisma.auditLog.findFirstOrThrow({ where: { projectId: project.id, action: "quality.settings.save" } });
    expect(audit.actorId).toBe(researcher.id);
  });
});

describe("tier rules", () => {
  it("promote QUALIFIED → SUPER_RATER after enough good gold answers", async () => {
    const project = await setup({
      honeypotRate: 1,
      promotion: { minGoldItems: 3, minGoldAgreement: 0.9, minPeerAgreement: null },
      suspension: { enabled: false },
    });
    const labeler = await labelerIn(project.id);
    expect(await answer(project.id, labeler, 2, RIGHT)).toEqual([true, true]);
    expect(await member(project.id, labeler.id)).toMatchObject({ status: "QUALIFIED", goldCount: 2, goldAgreement: 1 });
    await answer(project.id, labeler, 1, RIGHT);
    expect(await member(project.id, labeler.id)).toMatchObject({ status: "SUPER_RATER", goldCount: 3, goldAgreement: 1 });
    const [change] = await tierChanges(ctx, project.id, labeler.id);
    expect(change).toMatchObject({ from: "QUALIFIED", to: "SUPER_RATER", changedById: null });
    expect(change?.reason).toMatch(/gold agreement 1\.000 over 3 gold items/);
  });

  it("require peer agreement for promotion when the rule asks for it", async () => {
    const project = await setup({ honeypotRate: 0, ...OFF }, { live: 4, honeypots: 3 });
    const [peerA, peerB, agrees, disagrees] = await Promise.all([1, 2, 3, 4].map(() => labelerIn(project.id)));
    for (const l of [peerA, peerB, agrees] as TTestUser[]) await answer(project.id, l, 4, [["r1"], ["r2"], ["r3"]]);
    await answer(project.id, disagrees as TTestUser, 4, [["r3"], ["r1"], ["r2"]]);
    await setQuality(project.id, {
      honeypotRate: 1,
      promotion: { minGoldItems: 3, minGoldAgreement: 0.9, minPeerAgreement: 0.8 },
      suspension: { enabled: false },
    });
    // Live work is done for everyone, so no honeypots are served any more: recompute applies the rules instead.
    for (const l of [agrees, disagrees] as TTestUser[]) {
      for (const item of await ctx.app.prisma.item.findMany({ where: { projectId: project.id, role: "HONEYPOT" } })) {
        const assignment = await ctx.app.prisma.assignment.create({
          data: {
            projectId: project.id,
            itemId: item.id,
            labelerId: l.id,
            status: "SUBMITTED",
            leaseExpiresAt: new Date(),
            submittedAt: new Date(),
          },
        });
        await ctx.app.prisma.annotation.create({
          data: { assignmentId: assignment.id, projectId: project.id, itemId: item.id, labelerId: l.id, answer: { ranking: RIGHT } },
        });
      }
    }
    const res = await api("POST", `/projects/${project.id}/quality/recompute`, researcher);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().members).toBe(4);
    expect(res.json().changes.map((c: { userId: string; to: string }) => [c.userId, c.to])).toEqual([
      [(agrees as TTestUser).id, "SUPER_RATER"],
    ]);
    const a = await member(project.id, (agrees as TTestUser).id);
    const d = await member(project.id, (disagrees as TTestUser).id);
    expect(a).toMatchObject({ status: "SUPER_RATER", goldAgreement: 1, goldCount: 3 });
    // Consensus of the others' mean positions: for `agrees` r1 4/3, r2 7/3, r3 7/3 (two concordant pairs, one tie):
    // τ_b = 2/√6. For `disagrees` (r3 > r1 > r2) against r1 > r2 > r3: one concordant, two discordant, τ_b = −1/3.
    expect(a.peerAgreement).toBeCloseTo((1 + 2 / Math.sqrt(6)) / 2, 10);
    expect(d).toMatchObject({ status: "QUALIFIED", goldAgreement: 1 });
    expect(d.peerAgreement).toBeCloseTo((1 - 1 / 3) / 2, 10);

    const listed = (await api("GET", `/projects/${project.id}/quality/members`, researcher)).json();
    expect(listed.members).toHaveLength(4);
    expect(listed.recentChanges).toHaveLength(1);
  });

  it("suspend when the rolling gold agreement over the last m items falls below z", async () => {
    const project = await setup({ honeypotRate: 1, promotion: { enabled: false }, suspension: { window: 3, minGoldAgreement: 0.5 } });
    const labeler = await labelerIn(project.id);
    await answer(project.id, labeler, 2, WRONG);
    expect((await member(project.id, labeler.id)).status).toBe("QUALIFIED");
    await answer(project.id, labeler, 1, WRONG);
    expect(await member(project.id, labeler.id)).toMatchObject({ status: "SUSPENDED", goldCount: 3, goldAgreement: 0 });
    const next = await api("GET", `/projects/${project.id}/tasks/next`, labeler);
    expect(next.statusCode).toBe(403);
    expect(next.json().error.message).toMatch(/SUSPENDED/);
    const [change] = await tierChanges(ctx, project.id, labeler.id);
    expect(change?.reason).toMatch(/rolling gold agreement 0\.000 over the last 3 gold items is below 0\.5/);
  });

  it("a researcher overrides by hand with a reason; the rules then start a fresh window", async () => {
    const project = await setup({ honeypotRate: 1, promotion: { enabled: false }, suspension: { window: 2, minGoldAgreement: 0.5 } });
    const labeler = await labelerIn(project.id);
    await answer(project.id, labeler, 2, WRONG);
    expect((await member(project.id, labeler.id)).status).toBe("SUSPENDED");

    const url = `/projects/${project.id}/members/${labeler.id}/status`;
    expect((await api("POST", url, researcher, { status: "SCREENING", reason: "x" })).statusCode).toBe(400);
    expect((await api("POST", url, researcher, { status: "QUALIFIED", reason: "  " })).statusCode).toBe(400);
    expect((await api("POST", url, labeler, { status: "QUALIFIED", reason: "me" })).statusCode).toBe(403);
    expect(
      (await api("POST", `/projects/${project.id}/members/${researcher.id}/status`, researcher, { status: "QUALIFIED", reason: "x" }))
        .statusCode,
    ).toBe(404);
    const res = await api("POST", url, researcher, { status: "QUALIFIED", reason: "appeal accepted: the gold was ambiguous" });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ userId: labeler.id, status: "QUALIFIED", goldCount: 2 });

    const changes = await tierChanges(ctx, project.id, labeler.id);
    expect(changes.map((c) => [c.from, c.to, c.changedById, c.reason])).toEqual([
      ["QUALIFIED", "SUSPENDED", null, expect.stringMatching(/below 0\.5/)],
      ["SUSPENDED", "QUALIFIED", researcher.id, "appeal accepted: the gold was ambiguous"],
    ]);
    const audit = await ctx.app.prisma.auditLog.findMany({ where: { projectId: project.id, action: "member.status.set" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorId: researcher.id, entity: "project_member", entityId: labeler.id });
    expect(audit[0]?.data).toMatchObject({ from: "SUSPENDED", to: "QUALIFIED", reason: "appeal accepted: the gold was ambiguous" });

    // Same status again: nothing recorded.
    expect((await api("POST", url, researcher, { status: "QUALIFIED", reason: "again" })).statusCode).toBe(200);
    expect(await tierChanges(ctx, project.id, labeler.id)).toHaveLength(2);

    // The two old wrong answers no longer count: one new wrong answer does not suspend, the second does.
    await answer(project.id, labeler, 1, WRONG);
    expect((await member(project.id, labeler.id)).status).toBe("QUALIFIED");
    await answer(project.id, labeler, 1, WRONG);
    expect((await member(project.id, labeler.id)).status).toBe("SUSPENDED");
  });

  it("leave INVITED, SCREENING and FAILED members alone", async () => {
    const project = await setup({ honeypotRate: 1, promotion: { minGoldItems: 1, minGoldAgreement: 0, minPeerAgreement: null } });
    const labeler = await createUser(ctx.app, "LABELER");
    await ctx.app.prisma.projectMember.create({ data: { projectId: project.id, userId: labeler.id, status: "FAILED" } });
    const res = (await api("POST", `/projects/${project.id}/quality/recompute`, researcher)).json();
    expect(res.changes).toEqual([]);
    expect((await member(project.id, labeler.id)).status).toBe("FAILED");
  });
});
