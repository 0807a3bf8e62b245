import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordAudit } from "../src/services/audit/record-audit.ts";
import { buildTestApp, type TTestContext } from "./helpers/app.ts";
import { addLabeler, createTestProject, createUser, type TTestUser } from "./helpers/fixtures.ts";

let ctx: TTestContext;
let admin: TTestUser;
let researcher: TTestUser;
let otherResearcher: TTestUser;
let labeler: TTestUser;
let engineer: TTestUser;
let projectId: string;
let otherProjectId: string;

type TEntry = {
  id: string;
  createdAt: string;
  action: string;
  entity: string;
  actor: { id: string } | null;
  data: Record<string, unknown>;
};
type TPage = { entries: TEntry[]; nextCursor: string | null; actions: string[]; entities: string[] };

const get = (url: string, user: TTestUser | null) => ctx.app.inject({ method: "GET", url: `/api/v1${url}`, headers: user?.headers ?? {} });

/** Every page of a listing, following nextCursor. */
async function readAll(url: string, user: TTestUser, limit: number): Promise<{ entries: TEntry[]; pages: number }> {
  const entries: TEntry[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const sep = url.includes("?") ? "&" : "?";
    const res = await get(`${url}${sep}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, user);
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json() as TPage;
    expect(page.entries.length).toBeLessThanOrEqual(limit);
    entries.push(...page.entries);
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return { entries, pages };
}

beforeAll(async () => {
  ctx = await buildTestApp();
  admin = await createUser(ctx.app, "ADMIN");
  researcher = await createUser(ctx.app, "RESEARCHER");
  otherResearcher = await createUser(ctx.app, "RESEARCHER");
  labeler = await createUser(ctx.app, "LABELER");
  engineer = await createUser(ctx.app, "ENGINEER");
  projectId = (await createTestProject(ctx.app, researcher, { name: "Audited" })).id;
  otherProjectId = (await createTestProject(ctx.app, otherResearcher, { name: "Elsewhere" })).id;
  await addLabeler(ctx.app, projectId, labeler);
  // 23 rows in the project, several sharing one timestamp (ties are broken by id), 4 elsewhere, 2 outside projects.
  const at = new Date("2026-01-01T10:00:00.000Z");
  for (let i = 0; i < 23; i++) {
    await recordAudit(ctx.app.prisma, {
      actorId: i % 2 ? researcher.id : admin.id,
      projectId,
      action: i % 3 === 0 ? "gold.update" : i % 3 === 1 ? "gold.create" : "member.status.set",
      entity: i % 3 === 2 ? "project_member" : "item",
      entityId: `e-${i}`,
      data: { n: i, after: { ranking: [["a"], ["b"]] } },
    });
  }
  await ctx.app.prisma.auditLog.updateMany({ where: { entityId: { in: ["e-3", "e-4", "e-5", "e-6"] } }, data: { createdAt: at } });
  for (let i = 0; i < 4; i++) {
    await recordAudit(ctx.app.prisma, {
      actorId: otherResearcher.id,
      projectId: otherProjectId,
      action: "screening.save",
      entity: "screening_test",
    });
  }
  await recordAudit(ctx.app.prisma, { actorId: admin.id, projectId: null, action: "user.create", entity: "user", entityId: labeler.id });
  await recordAudit(ctx.app.prisma, { actorId: admin.id, projectId: null, action: "token.revoke", entity: "api_token" });
});
afterAll(() => ctx.close());

describe("project audit trail", () => {
  it("pages newest first with keyset cursors: every row once, none from other projects", async () => {
    const { entries, pages } = await readAll(`/projects/${projectId}/audit`, researcher, 5);
    expect(pages).toBe(5);
    expect(entries).toHaveLength(23);
    expect(new Set(entries.map((e) => e.id)).size).toBe(23);
    const keys = entries.map((e) => `${e.createdAt}|${e.id}`);
    expect(keys).toEqual([...keys].sort((a, b) => (a < b ? 1 : a > b ? -1 : 0)));
    expect(entries.every((e) => typeof e.data.n === "number")).toBe(true);
    const first = (await get(`/projects/${projectId}/audit?limit=1`, researcher)).json() as TPage;
    expect(first.entries[0]?.data.n).toBe(22);
    expect(first.entries[0]?.actor).toMatchObject({ id: admin.id, email: admin.email });
    expect(first.actions).toEqual(["gold.create", "gold.update", "member.status.set"]);
    expect(first.entities).toEqual(["item", "project_member"]);
  });

  it("stays stable when rows are added between pages", async () => {
    const page1 = (await get(`/projects/${projectId}/audit?limit=10`, researcher)).json() as TPage;
    await recordAudit(ctx.app.prisma, { actorId: researcher.id, projectId, action: "item.update", entity: "item" });
    const page2 = (await get(`/projects/${projectId}/audit?limit=10&cursor=${page1.nextCursor}`, researcher)).json() as TPage;
    expect(page2.entries.some((e) => page1.entries.some((f) => f.id === e.id))).toBe(false);
    expect(page2.entries.some((e) => e.action === "item.update")).toBe(false);
    await ctx.app.prisma.auditLog.deleteMany({ where: { action: "item.update" } });
  });

  it("filters by action (exact or prefix), entity and actor", async () => {
    const gold = await readAll(`/projects/${projectId}/audit?action=gold`, researcher, 50);
    expect(gold.entries).toHaveLength(16);
    expect(gold.entries.every((e) => e.action.startsWith("gold."))).toBe(true);
    const update = await readAll(`/projects/${projectId}/audit?action=gold.update`, researcher, 50);
    const ns = update.entries.map((e) => e.data.n);
    // e-3 and e-6 share an older timestamp, so they come last (in id order).
    expect(ns.slice(0, 6)).toEqual([21, 18, 15, 12, 9, 0]);
    expect(ns.slice(6).sort()).toEqual([3, 6]);
    const members = await readAll(`/projects/${projectId}/audit?entity=project_member`, researcher, 50);
    expect(members.entries).toHaveLength(7);
    const byResearcher = await readAll(`/projects/${projectId}/audit?actorId=${researcher.id}&action=gold.create`, researcher, 2);
    expect(byResearcher.entries.length).toBeGreaterThan(0);
    expect(byResearcher.entries.every((e) => e.actor?.id === researcher.id && e.action === "gold.create")).toBe(true);
    const none = (await get(`/projects/${projectId}/audit?action=gol`, researcher)).json() as TPage;
    expect(none.entries).toEqual([]);
    expect(none.nextCursor).toBeNull();
  });

  it("rejects bad queries with 400 and a stable body", async () => {
    for (const q of [
      "cursor=not-a-cursor",
      "limit=0",
      "limit=500",
      "actorId=nope",
      "action=gold%27%3B",
      `cursor=${Buffer.from('["x","y"]').toString("base64url")}`,
    ]) {
      const res = await get(`/projects/${projectId}/audit?${q}`, researcher);
      expect(res.statusCode, q).toBe(400);
      expect(["BAD_REQUEST", "VALIDATION_FAILED"]).toContain(res.json().error.code);
    }
  });

  it("is for researchers and admins only: labelers (even members) and engineers get 403, strangers 401, unknown projects 404", async () => {
    expect((await get(`/projects/${projectId}/audit`, admin)).statusCode).toBe(200);
    // Researchers are not scoped to projects in Rankwise: any researcher manages every project.
    expect((await get(`/projects/${projectId}/audit`, otherResearcher)).statusCode).toBe(200);
    for (const user of [labeler, engineer]) {
      const res = await get(`/projects/${projectId}/audit`, user);
      expect(res.statusCode, user.role).toBe(403);
      expect(res.body).not.toContain("ranking");
    }
    expect((await get(`/projects/${projectId}/audit`, null)).statusCode).toBe(401);
    expect((await get(`/projects/${crypto.randomUUID()}/audit`, researcher)).statusCode).toBe(404);
  });
});

describe("admin audit trail", () => {
  it("reads every project and the rows outside projects, with project names", async () => {
    const { entries } = await readAll("/admin/audit", admin, 7);
    expect(entries).toHaveLength(29);
    expect(entries.filter((e) => e.action === "screening.save")).toHaveLength(4);
    const res = (await get("/admin/audit?entity=user", admin)).json() as TPage & { entries: { project: unknown }[] };
    expect(res.entries).toHaveLength(1);
    expect(res.entries[0]?.project).toBeNull();
    const scoped = (await get(`/admin/audit?projectId=${otherProjectId}`, admin)).json() as {
      entries: { project: { name: string } }[];
      actions: string[];
    };
    expect(scoped.entries).toHaveLength(4);
    expect(scoped.entries[0]?.project.name).toBe("Elsewhere");
    expect(scoped.actions).toEqual(["screening.save"]);
  });

  it("is admin-only", async () => {
    for (const user of [researcher, labeler, engineer]) expect((await get("/admin/audit", user)).statusCode, user.role).toBe(403);
    expect((await get("/admin/audit", null)).statusCode).toBe(401);
  });
});
