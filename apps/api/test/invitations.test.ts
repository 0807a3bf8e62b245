import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashSecret } from "../src/lib/tokens.ts";
import { buildTestApp, type TTestContext } from "./helpers/app.ts";
import { addLabeler, createTestProject, createUser, type TTestUser } from "./helpers/fixtures.ts";

let ctx: TTestContext;
let admin: TTestUser;
let researcher: TTestUser;
let labeler: TTestUser;
let engineer: TTestUser;
let projectId: string;
let plainProjectId: string;

const uniqueEmail = (tag: string) => `${tag}-${randomBytes(4).toString("hex")}@test.rankwise.dev`;
const GOOD_PASSWORD = "a long enough passphrase";

type TMethod = "GET" | "POST" | "DELETE";
const call = (method: TMethod, url: string, headers: Record<string, string> = {}, payload?: object) =>
  ctx.app.inject({ method, url: `/api/v1${url}`, headers, ...(payload ? { payload } : {}) });

async function invite(by: TTestUser, body: object, url = "/admin/invitations") {
  const res = await call("POST", url, by.headers, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { invitation: { id: string; status: string; email: string }; secret: string; path: string };
}

beforeAll(async () => {
  ctx = await buildTestApp();
  admin = await createUser(ctx.app, "ADMIN");
  researcher = await createUser(ctx.app, "RESEARCHER");
  labeler = await createUser(ctx.app, "LABELER");
  engineer = await createUser(ctx.app, "ENGINEER");
  projectId = (await createTestProject(ctx.app, researcher, { name: "Invite pilot" })).id;
  plainProjectId = (await createTestProject(ctx.app, researcher, { name: "No screening" })).id;
  await ctx.app.prisma.screeningTest.create({ data: { projectId, enabled: true } });
  await addLabeler(ctx.app, projectId, labeler);
});
afterAll(() => ctx.close());

describe("creating, listing and revoking", () => {
  it("admin invites in any role; the secret is returned once and only its SHA-256 is stored", async () => {
    const email = uniqueEmail("Researcher");
    const created = await invite(admin, { email, name: "Rae Searcher", role: "RESEARCHER" });
    expect(created.invitation).toMatchObject({ email: email.toLowerCase(), role: "RESEARCHER", status: "pending", project: null });
    expect(created.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.path).toBe(`/invite/${created.secret}`);
    const row = await ctx.app.prisma.invitation.findUniqueOrThrow({ where: { id: created.invitation.id } });
    expect(row.tokenHash).toBe(hashSecret(created.secret));
    expect(JSON.stringify(row)).not.toContain(created.secret);
    const list = await call("GET", "/admin/invitations?status=pending", admin.headers);
    expect(list.statusCode).toBe(200);
    expect(list.json().invitations.map((i: { id: string }) => i.id)).toContain(created.invitation.id);
    expect(list.body).not.toContain(created.secret);
    expect(list.body).not.toContain(row.tokenHash);
  });

  it("refuses a project for non-labelers, unknown projects and emails that already have an account", async () => {
    const withProject = await call("POST", "/admin/invitations", admin.headers, { email: uniqueEmail("r"), role: "RESEARCHER", projectId });
    expect(withProject.statusCode).toBe(400);
    expect(withProject.json().error.issues[0].path).toEqual(["body", "projectId"]);
    const unknown = await call("POST", "/admin/invitations", admin.headers, {
      email: uniqueEmail("l"),
      role: "LABELER",
      projectId: crypto.randomUUID(),
    });
    expect(unknown.statusCode).toBe(404);
    const existing = await call("POST", `/projects/${projectId}/invitations`, researcher.headers, { email: labeler.email.toUpperCase() });
    expect(existing.statusCode).toBe(409);
    expect(existing.json().error.code).toBe("CONFLICT");
    const badEmail = await call("POST", "/admin/invitations", admin.headers, { email: "not-an-email", role: "LABELER" });
    expect(badEmail.statusCode).toBe(400);
    expect(badEmail.json().error.code).toBe("VALIDATION_FAILED");
    expect(await ctx.app.prisma.invitation.count({ where: { email: "not-an-email" } })).toBe(0);
  });

  it("revokes: the link stops working, revoking twice changes nothing, status filters agree", async () => {
    const created = await invite(admin, { email: uniqueEmail("rev"), role: "ENGINEER" });
    const revoked = await call("DELETE", `/admin/invitations/${created.invitation.id}`, admin.headers);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({ status: "revoked" });
    const again = await call("DELETE", `/admin/invitations/${created.invitation.id}`, admin.headers);
    expect(again.json().revokedAt).toBe(revoked.json().revokedAt);
    expect(await ctx.app.prisma.auditLog.count({ where: { action: "invitation.revoke", entityId: created.invitation.id } })).toBe(1);
    const revokedList = await call("GET", "/admin/invitations?status=revoked", admin.headers);
    expect(revokedList.json().invitations.every((i: { status: string }) => i.status === "revoked")).toBe(true);
    expect(revokedList.json().invitations.map((i: { id: string }) => i.id)).toContain(created.invitation.id);
    expect((await call("GET", `/invitations/${created.secret}`)).statusCode).toBe(404);
    const missing = await call("DELETE", `/admin/invitations/${crypto.randomUUID()}`, admin.headers);
    expect(missing.statusCode).toBe(404);
  });

  it("a newer invitation for the same email and project replaces the pending one", async () => {
    const email = uniqueEmail("twice");
    const first = await invite(researcher, { email }, `/projects/${projectId}/invitations`);
    const second = await invite(researcher, { email }, `/projects/${projectId}/invitations`);
    expect((await call("GET", `/invitations/${first.secret}`)).statusCode).toBe(404);
    expect((await call("GET", `/invitations/${second.secret}`)).statusCode).toBe(200);
  });

  it("researchers invite labelers to a project only; list and revoke are scoped to that project", async () => {
    const email = uniqueEmail("lab");
    const created = await invite(researcher, { email, name: "Lee Beller", role: "ADMIN" }, `/projects/${projectId}/invitations`);
    // The role in the body is not part of the project route's contract: it is always LABELER.
    expect(created.invitation).toMatchObject({ role: "LABELER", project: { id: projectId, name: "Invite pilot" } });
    const list = await call("GET", `/projects/${projectId}/invitations`, researcher.headers);
    expect(list.json().invitations.map((i: { id: string }) => i.id)).toContain(created.invitation.id);
    const other = await call("GET", `/projects/${plainProjectId}/invitations`, researcher.headers);
    expect(other.json().invitations.map((i: { id: string }) => i.id)).not.toContain(created.invitation.id);
    const wrongProject = await call("DELETE", `/projects/${plainProjectId}/invitations/${created.invitation.id}`, researcher.headers);
    expect(wrongProject.statusCode).toBe(404);
    const ok = await call("DELETE", `/projects/${projectId}/invitations/${created.invitation.id}`, researcher.headers);
    expect(ok.json().status).toBe("revoked");
  });
});

describe("permissions", () => {
  it("admin routes are admin-only; project routes need researcher or admin; anonymous gets 401", async () => {
    const body = { email: uniqueEmail("p"), role: "LABELER" };
    for (const user of [researcher, labeler, engineer]) {
      expect((await call("POST", "/admin/invitations", user.headers, body)).statusCode, user.role).toBe(403);
      expect((await call("GET", "/admin/invitations", user.headers)).statusCode, user.role).toBe(403);
      expect((await call("DELETE", `/admin/invitations/${crypto.randomUUID()}`, user.headers)).statusCode, user.role).toBe(403);
    }
    for (const user of [labeler, engineer]) {
      const res = await call("POST", `/projects/${projectId}/invitations`, user.headers, { email: uniqueEmail("x") });
      expect(res.statusCode, user.role).toBe(403);
      expect(res.json().error.code).toBe("FORBIDDEN");
      expect((await call("GET", `/projects/${projectId}/invitations`, user.headers)).statusCode, user.role).toBe(403);
    }
    expect((await call("POST", "/admin/invitations", {}, body)).statusCode).toBe(401);
    expect((await call("POST", `/projects/${projectId}/invitations`, {}, { email: uniqueEmail("x") })).statusCode).toBe(401);
    const unknownProject = await call("POST", `/projects/${crypto.randomUUID()}/invitations`, researcher.headers, {
      email: uniqueEmail("x"),
    });
    expect(unknownProject.statusCode).toBe(404);
    // Admins may use the project route too.
    const byAdmin = await call("POST", `/projects/${projectId}/invitations`, admin.headers, { email: uniqueEmail("a") });
    expect(byAdmin.statusCode).toBe(201);
    expect(await ctx.app.prisma.invitation.count({ where: { invitedById: { in: [labeler.id, engineer.id] } } })).toBe(0);
  });
});

describe("the public link", () => {
  it("shows email, role and project name, and nothing else", async () => {
    const email = uniqueEmail("peek");
    const created = await invite(researcher, { email, name: "Pia" }, `/projects/${projectId}/invitations`);
    const res = await call("GET", `/invitations/${created.secret}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(Object.keys(res.json()).sort()).toEqual(["email", "expiresAt", "name", "project", "role"]);
    expect(res.json()).toMatchObject({ email, name: "Pia", role: "LABELER", project: { name: "Invite pilot" } });
  });

  it("answers unknown, expired, revoked and used links with one identical 404 body", async () => {
    const expired = await invite(admin, { email: uniqueEmail("exp"), role: "LABELER" });
    await ctx.app.prisma.invitation.update({ where: { id: expired.invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const revoked = await invite(admin, { email: uniqueEmail("rv"), role: "LABELER" });
    await call("DELETE", `/admin/invitations/${revoked.invitation.id}`, admin.headers);
    const used = await invite(admin, { email: uniqueEmail("used"), role: "LABELER" });
    expect((await call("POST", `/invitations/${used.secret}/accept`, {}, { name: "U", password: GOOD_PASSWORD })).statusCode).toBe(201);

    const secrets = { unknown: randomBytes(32).toString("base64url"), expired: expired.secret, revoked: revoked.secret, used: used.secret };
    const bodies = new Set<string>();
    for (const [kind, secret] of Object.entries(secrets)) {
      const read = await call("GET", `/invitations/${secret}`);
      expect(read.statusCode, kind).toBe(404);
      const accept = await call("POST", `/invitations/${secret}/accept`, {}, { name: "Someone", password: GOOD_PASSWORD });
      expect(accept.statusCode, kind).toBe(404);
      bodies.add(read.body);
      bodies.add(accept.body);
    }
    expect(bodies.size).toBe(1);
    expect(JSON.parse([...bodies][0] ?? "{}").error.code).toBe("NOT_FOUND");
    const expiredList = await call("GET", "/admin/invitations?status=expired", admin.headers);
    expect(expiredList.json().invitations.map((i: { id: string }) => i.id)).toEqual([expired.invitation.id]);
    // Nothing was created by the refused attempts.
    expect(await ctx.app.prisma.user.count({ where: { name: "Someone" } })).toBe(0);
  });
});

describe("accepting", () => {
  it("creates the labeler, joins the project INVITED (screening on), signs in and records the audit trail", async () => {
    const email = uniqueEmail("new-labeler");
    const created = await invite(researcher, { email }, `/projects/${projectId}/invitations`);
    const res = await call("POST", `/invitations/${created.secret}/accept`, {}, { name: "  Nia Newcomer ", password: GOOD_PASSWORD });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ user: { email, name: "Nia Newcomer", role: "LABELER", kind: "HUMAN" }, projectId });
    const cookie = res.cookies.find((c) => c.name === "rw_session");
    expect(cookie?.httpOnly).toBe(true);
    const me = await call("GET", "/me", { cookie: `rw_session=${cookie?.value}` });
    expect(me.statusCode).toBe(200);
    expect(me.json().user.email).toBe(email);
    const userId = res.json().user.id as string;
    const member = await ctx.app.prisma.projectMember.findUniqueOrThrow({ where: { projectId_userId: { projectId, userId } } });
    expect(member.status).toBe("INVITED");
    const row = await ctx.app.prisma.invitation.findUniqueOrThrow({ where: { id: created.invitation.id } });
    expect(row.acceptedUserId).toBe(userId);
    expect(row.acceptedAt).not.toBeNull();
    const audit = await ctx.app.prisma.auditLog.findMany({
      where: { OR: [{ entityId: created.invitation.id }, { entityId: userId }] },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => [a.action, a.actorId, a.projectId])).toEqual([
      ["invitation.create", researcher.id, projectId],
      ["user.create", userId, null],
      ["invitation.accept", userId, projectId],
    ]);
    expect(JSON.stringify(audit)).not.toContain(GOOD_PASSWORD);
    expect(JSON.stringify(audit)).not.toContain(created.secret);
    const list = await call("GET", `/projects/${projectId}/invitations?status=accepted`, researcher.headers);
    expect(list.json().invitations.map((i: { id: string }) => i.id)).toContain(created.invitation.id);
  });

  it("joins QUALIFIED where the project has no screening test; an admin-invited researcher gets no membership", async () => {
    const lab = await invite(admin, { email: uniqueEmail("q"), role: "LABELER", projectId: plainProjectId });
    const labRes = await call("POST", `/invitations/${lab.secret}/accept`, {}, { name: "Quinn", password: GOOD_PASSWORD });
    const member = await ctx.app.prisma.projectMember.findUniqueOrThrow({
      where: { projectId_userId: { projectId: plainProjectId, userId: labRes.json().user.id } },
    });
    expect(member.status).toBe("QUALIFIED");
    const res = await invite(admin, { email: uniqueEmail("res"), role: "RESEARCHER" });
    const resAccept = await call("POST", `/invitations/${res.secret}/accept`, {}, { name: "Rita", password: GOOD_PASSWORD });
    expect(resAccept.json()).toMatchObject({ user: { role: "RESEARCHER" }, projectId: null });
    expect(await ctx.app.prisma.projectMember.count({ where: { userId: resAccept.json().user.id } })).toBe(0);
  });

  it("enforces the password policy with a 400 and changes nothing", async () => {
    const created = await invite(admin, { email: uniqueEmail("pw"), role: "LABELER" });
    for (const body of [{ name: "Short", password: "short" }, { name: "", password: GOOD_PASSWORD }, { password: GOOD_PASSWORD }]) {
      const res = await call("POST", `/invitations/${created.secret}/accept`, {}, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().error.code).toBe("VALIDATION_FAILED");
      expect(res.cookies.find((c) => c.name === "rw_session")).toBeUndefined();
    }
    const short = await call("POST", `/invitations/${created.secret}/accept`, {}, { name: "Short", password: "elevenchars" });
    expect(short.json().error.issues[0].path).toEqual(["body", "password"]);
    expect((await call("GET", `/invitations/${created.secret}`)).statusCode).toBe(200);
    expect(await ctx.app.prisma.user.count({ where: { email: created.invitation.email } })).toBe(0);
  });

  it("answers 409 (sign in instead) when the email got an account after the invitation, and keeps the link open", async () => {
    const email = uniqueEmail("late");
    const created = await invite(admin, { email, role: "LABELER" });
    await createUser(ctx.app, "LABELER", { email });
    const res = await call("POST", `/invitations/${created.secret}/accept`, {}, { name: "Late", password: GOOD_PASSWORD });
    expect(res.statusCode).toBe(409);
    expect(res.json().error).toEqual({ code: "CONFLICT", message: `${email} already has an account. Sign in instead.` });
    expect((await ctx.app.prisma.invitation.findUniqueOrThrow({ where: { id: created.invitation.id } })).acceptedAt).toBeNull();
  });

  it("works once when the same link is accepted twice at the same moment", async () => {
    const created = await invite(admin, { email: uniqueEmail("race"), role: "LABELER" });
    const results = await Promise.all(
      [1, 2].map(() => call("POST", `/invitations/${created.secret}/accept`, {}, { name: "Racer", password: GOOD_PASSWORD })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([201, expect.any(Number)]);
    expect([404, 409]).toContain(results.map((r) => r.statusCode).sort()[1]);
    expect(await ctx.app.prisma.user.count({ where: { email: created.invitation.email } })).toBe(1);
  });
});
