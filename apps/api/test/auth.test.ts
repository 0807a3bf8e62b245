import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TTestContext } from "./helpers/app.ts";
import { createTestProject, createUser, loginCookie, PASSWORD, type TTestUser } from "./helpers/fixtures.ts";

let ctx: TTestContext;
let researcher: TTestUser;
let labeler: TTestUser;
let engineer: TTestUser;

beforeAll(async () => {
  ctx = await buildTestApp();
  researcher = await createUser(ctx.app, "RESEARCHER");
  labeler = await createUser(ctx.app, "LABELER");
  engineer = await createUser(ctx.app, "ENGINEER");
});
afterAll(() => ctx.close());

describe("login and sessions", () => {
  it("sets an httpOnly SameSite=Lax cookie and /me reads it", async () => {
    const res = await ctx.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: labeler.email, password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    expect(res.json().user).toMatchObject({ email: labeler.email, role: "LABELER", kind: "HUMAN" });
    const setCookie = String(res.headers["set-cookie"]);
    expect(setCookie).toMatch(/rw_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).not.toMatch(/Secure/i); // only in production

    const cookie = await loginCookie(ctx.app, labeler.email);
    const me = await ctx.app.inject({ method: "GET", url: "/api/v1/me", headers: { cookie } });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ user: { email: labeler.email }, via: "session" });
  });

  it("rejects a wrong password and an unknown email with the same 401 body", async () => {
    const wrong = await ctx.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: labeler.email, password: "nope" } });
    const unknown = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: "ghost@test.rankwise.dev", password: "nope" },
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
    expect(wrong.json()).toEqual({ error: { code: "UNAUTHENTICATED", message: "Wrong email or password" } });
  });

  it("logout ends the session server-side", async () => {
    const cookie = await loginCookie(ctx.app, labeler.email);
    expect((await ctx.app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: { cookie } })).statusCode).toBe(204);
    expect((await ctx.app.inject({ method: "GET", url: "/api/v1/me", headers: { cookie } })).statusCode).toBe(401);
  });

  it("rejects a forged cookie", async () => {
    const res = await ctx.app.inject({ method: "GET", url: "/api/v1/me", headers: { cookie: "rw_session=forged.value" } });
    expect(res.statusCode).toBe(401);
  });

  it("validates the login body with a field path", async () => {
    const res = await ctx.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: "not-an-email" } });
    expect(res.statusCode).toBe(400);
    const paths = res.json().error.issues.map((i: { path: string[] }) => i.path.join("."));
    expect(paths).toEqual(expect.arrayContaining(["body.email", "body.password"]));
  });
});

describe("API tokens", () => {
  it("shows the secret once, stores only a hash, records last use and can be revoked", async () => {
    const cookie = await loginCookie(ctx.app, engineer.email);
    const created = await ctx.app.inject({ method: "POST", url: "/api/v1/tokens", headers: { cookie }, payload: { name: "laptop" } });
    expect(created.statusCode).toBe(201);
    const { token, id } = created.json();
    expect(token).toMatch(/^rw_[A-Za-z0-9_-]{43}$/);

    const stored = await ctx.app.prisma.apiToken.findUniqueOrThrow({ where: { id } });
    expect(stored.tokenHash).not.toContain(token);
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(stored.lastUsedAt).toBeNull();

    const me = await ctx.app.inject({ method: "GET", url: "/api/v1/me", headers: { authorization: `Bearer ${token}` } });
    expect(me.json()).toMatchObject({ user: { email: engineer.email }, via: "token" });
    expect((await ctx.app.prisma.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt).not.toBeNull();

    const list = await ctx.app.inject({ method: "GET", url: "/api/v1/tokens", headers: { cookie } });
    expect(list.body).not.toContain(token);
    expect(list.json().tokens.map((t: { id: string }) => t.id)).toContain(id);

    const revoked = await ctx.app.inject({ method: "DELETE", url: `/api/v1/tokens/${id}`, headers: { cookie } });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();
    const after = await ctx.app.inject({ method: "GET", url: "/api/v1/me", headers: { authorization: `Bearer ${token}` } });
    expect(after.statusCode).toBe(401);
  });

  it("cannot revoke another user's token", async () => {
    const mine = await ctx.app.inject({ method: "POST", url: "/api/v1/tokens", headers: engineer.headers, payload: { name: "x" } });
    const res = await ctx.app.inject({ method: "DELETE", url: `/api/v1/tokens/${mine.json().id}`, headers: labeler.headers });
    expect(res.statusCode).toBe(404);
    expect((await ctx.app.prisma.apiToken.findUniqueOrThrow({ where: { id: mine.json().id } })).revokedAt).toBeNull();
  });

  it("rejects malformed bearer headers", async () => {
    for (const authorization of ["Bearer", "Bearer rw_nope", "Basic abc", "Bearer a b"]) {
      const res = await ctx.app.inject({ method: "GET", url: "/api/v1/me", headers: { authorization } });
      expect(res.statusCode, authorization).toBe(401);
      expect(res.json().error.code).toBe("UNAUTHENTICATED");
    }
  });
});

describe("roles", () => {
  it("only researchers and admins create projects", async () => {
    const body = { name: "Roles" };
    for (const [user, status] of [
      [labeler, 403],
      [engineer, 403],
      [researcher, 201],
    ] as const) {
      const res = await ctx.app.inject({ method: "POST", url: "/api/v1/projects", headers: user.headers, payload: body });
      expect(res.statusCode, user.role).toBe(status);
    }
    const admin = await createUser(ctx.app, "ADMIN");
    expect((await ctx.app.inject({ method: "POST", url: "/api/v1/projects", headers: admin.headers, payload: body })).statusCode).toBe(201);
  });

  it("labelers only see projects they belong to", async () => {
    const project = await createTestProject(ctx.app, researcher, { name: "Hidden" });
    const list = await ctx.app.inject({ method: "GET", url: "/api/v1/projects", headers: labeler.headers });
    expect(list.json().projects.map((p: { id: string }) => p.id)).not.toContain(project.id);
    const one = await ctx.app.inject({ method: "GET", url: `/api/v1/projects/${project.id}`, headers: labeler.headers });
    expect(one.statusCode).toBe(404);
    const add = await ctx.app.inject({
      method: "POST",
      url: `/api/v1/projects/${project.id}/members`,
      headers: researcher.headers,
      payload: { email: labeler.email },
    });
    expect(add.statusCode).toBe(201);
    const again = await ctx.app.inject({ method: "GET", url: `/api/v1/projects/${project.id}`, headers: labeler.headers });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ id: project.id, counts: { items: 0, annotations: 0, completedItems: 0, completion: 0 } });
  });

  it("unknown routes and bad ids get the stable error body", async () => {
    const res = await ctx.app.inject({ method: "GET", url: "/api/v1/nope", headers: labeler.headers });
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe("NOT_FOUND");
    const bad = await ctx.app.inject({ method: "GET", url: "/api/v1/projects/not-a-uuid", headers: researcher.headers });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].path).toEqual(["params", "id"]);
  });

  it("answers 400, not 500, to text the database cannot store", async () => {
    const res = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/tokens",
      headers: engineer.headers,
      payload: { name: "bad\u0000name" },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe("BAD_REQUEST");
    expect(await ctx.app.prisma.apiToken.count({ where: { name: { startsWith: "bad" } } })).toBe(0);
  });
});
