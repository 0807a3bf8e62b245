import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TTestContext } from "./helpers/app.ts";
import { createUser, loginCookie, type TTestUser } from "./helpers/fixtures.ts";

let ctx: TTestContext;
let admin: TTestUser;
let researcher: TTestUser;
let labeler: TTestUser;
let engineer: TTestUser;

const uniqueEmail = (tag: string) => `${tag}-${randomBytes(4).toString("hex")}@test.rankwise.dev`;

beforeAll(async () => {
  ctx = await buildTestApp();
  admin = await createUser(ctx.app, "ADMIN");
  researcher = await createUser(ctx.app, "RESEARCHER");
  labeler = await createUser(ctx.app, "LABELER");
  engineer = await createUser(ctx.app, "ENGINEER");
});
afterAll(() => ctx.close());

const inject = (method: "GET" | "POST" | "PATCH" | "DELETE", url: string, headers: Record<string, string>, payload?: object) =>
  ctx.app.inject({ method, url: `/api/v1/admin${url}`, headers, ...(payload ? { payload } : {}) });

describe("admin access", () => {
  it("is admin-only: other roles get 403, anonymous 401", async () => {
    const calls = [
      ["GET", "/users"],
      ["POST", "/users"],
      ["PATCH", `/users/${labeler.id}`],
      ["POST", `/users/${labeler.id}/tokens`],
      ["GET", "/tokens"],
      ["DELETE", `/tokens/${labeler.id}`],
    ] as const;
    for (const [method, url] of calls) {
      for (const user of [researcher, labeler, engineer]) {
        const res = await inject(method, url, user.headers, method === "GET" || method === "DELETE" ? undefined : {});
        expect(res.statusCode, `${user.role} ${method} ${url}`).toBe(403);
        expect(res.json().error.code).toBe("FORBIDDEN");
      }
      const anon = await inject(method, url, {});
      expect(anon.statusCode, `anonymous ${method} ${url}`).toBe(401);
    }
  });
});

describe("users", () => {
  it("lists, searches and filters users without password hashes", async () => {
    const all = await inject("GET", "/users", admin.headers);
    expect(all.statusCode).toBe(200);
    expect(all.json().total).toBeGreaterThanOrEqual(4);
    expect(all.body).not.toMatch(/argon2|passwordHash/);
    const byEmail = await inject("GET", `/users?q=${encodeURIComponent(labeler.email.slice(0, 14).toUpperCase())}`, admin.headers);
    expect(byEmail.json().users.map((u: { id: string }) => u.id)).toEqual([labeler.id]);
    const engineers = await inject("GET", "/users?role=ENGINEER", admin.headers);
    expect(engineers.json().users.every((u: { role: string }) => u.role === "ENGINEER")).toBe(true);
    const paged = await inject("GET", "/users?pageSize=2&page=2", admin.headers);
    expect(paged.json()).toMatchObject({ page: 2, pageSize: 2 });
    expect(paged.json().users.length).toBeLessThanOrEqual(2);
    const odd = await inject("GET", `/users?q=${encodeURIComponent("%_\\'\"\u0000x")}`, admin.headers);
    expect(odd.statusCode, odd.body).toBe(400);
    const fine = await inject("GET", `/users?q=${encodeURIComponent("%_\\'\"")}`, admin.headers);
    expect(fine.statusCode, fine.body).toBe(200);
    expect(fine.json().users).toEqual([]);
    const bad = await inject("GET", "/users?role=GOD&pageSize=0", admin.headers);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe("VALIDATION_FAILED");
  });

  it("creates a human with a given password who can then sign in", async () => {
    const email = uniqueEmail("Human");
    const res = await inject("POST", "/users", admin.headers, {
      email,
      name: "New Human",
      role: "RESEARCHER",
      password: "a long enough pw",
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      user: { email: email.toLowerCase(), role: "RESEARCHER", kind: "HUMAN", hasPassword: true },
      generatedPassword: null,
    });
    await loginCookie(ctx.app, email.toLowerCase(), "a long enough pw");
  });

  it("generates a password shown once when none is given", async () => {
    const email = uniqueEmail("gen");
    const res = await inject("POST", "/users", admin.headers, { email, name: "Gen", role: "LABELER" });
    expect(res.statusCode).toBe(201);
    const { generatedPassword } = res.json();
    expect(generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    await loginCookie(ctx.app, email, generatedPassword);
    const list = await inject("GET", `/users?q=${email}`, admin.headers);
    expect(list.body).not.toContain(generatedPassword);
  });

  it("rejects short passwords, AI passwords and duplicate emails with stable bodies", async () => {
    const short = await inject("POST", "/users", admin.headers, { email: uniqueEmail("s"), name: "S", role: "LABELER", password: "short" });
    expect(short.statusCode).toBe(400);
    expect(short.json().error.issues[0].path).toEqual(["body", "password"]);
    const aiPw = await inject("POST", "/users", admin.headers, {
      email: uniqueEmail("ai"),
      name: "AI",
      role: "LABELER",
      kind: "AI",
      password: "a long enough pw",
    });
    expect(aiPw.statusCode).toBe(400);
    const nul = await inject("POST", "/users", admin.headers, { email: uniqueEmail("n"), name: "a\u0000b", role: "LABELER" });
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error.issues[0].path).toEqual(["body", "name"]);
    const dup = await inject("POST", "/users", admin.headers, { email: labeler.email.toUpperCase(), name: "Dup", role: "LABELER" });
    expect(dup.statusCode).toBe(409);
    expect(dup.json()).toEqual({ error: { code: "CONFLICT", message: "A user with that email already exists" } });
  });

  it("creates an AI user without a password who authenticates with an admin-issued token", async () => {
    const email = uniqueEmail("model");
    const res = await inject("POST", "/users", admin.headers, { email, name: "gpt-judge", role: "LABELER", kind: "AI" });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ user: { kind: "AI", hasPassword: false }, generatedPassword: null });
    const id = res.json().user.id;
    const login = await ctx.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email, password: "anything at all" } });
    expect(login.statusCode).toBe(401);

    const issued = await inject("POST", `/users/${id}/tokens`, admin.headers, { name: "judge runner" });
    expect(issued.statusCode).toBe(201);
    const { token } = issued.json();
    expect(token).toMatch(/^rw_/);
    const me = await ctx.app.inject({ method: "GET", url: "/api/v1/me", headers: { authorization: `Bearer ${token}` } });
    expect(me.json()).toMatchObject({ user: { email, kind: "AI" }, via: "token" });
    const missing = await inject("POST", `/users/${crypto.randomUUID()}/tokens`, admin.headers, { name: "x" });
    expect(missing.statusCode).toBe(404);
  });

  it("changes role and name; 404 for unknown users, 400 for empty bodies", async () => {
    const u = await createUser(ctx.app, "LABELER");
    const res = await inject("PATCH", `/users/${u.id}`, admin.headers, { role: "RESEARCHER", name: "Promoted" });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ role: "RESEARCHER", name: "Promoted" });
    const me = await ctx.app.inject({ method: "GET", url: "/api/v1/me", headers: u.headers });
    expect(me.json().user.role).toBe("RESEARCHER");
    expect((await inject("PATCH", `/users/${crypto.randomUUID()}`, admin.headers, { role: "LABELER" })).statusCode).toBe(404);
    expect((await inject("PATCH", `/users/${u.id}`, admin.headers, {})).statusCode).toBe(400);
    expect((await inject("PATCH", "/users/not-a-uuid", admin.headers, { role: "LABELER" })).statusCode).toBe(400);
  });

  it("disabling ends sessions and revokes tokens; enabling lets the user sign in again", async () => {
    const u = await createUser(ctx.app, "ENGINEER");
    const cookie = await loginCookie(ctx.app, u.email);
    const res = await inject("PATCH", `/users/${u.id}`, admin.headers, { disabled: true });
    expect(res.statusCode).toBe(200);
    expect(res.json().disabledAt).not.toBeNull();
    expect(res.json().activeTokens).toBe(0);
    expect((await ctx.app.inject({ method: "GET", url: "/api/v1/me", headers: { cookie } })).statusCode).toBe(401);
    expect((await ctx.app.inject({ method: "GET", url: "/api/v1/me", headers: u.headers })).statusCode).toBe(401);
    expect(await ctx.app.prisma.session.count({ where: { userId: u.id } })).toBe(0);
    expect(await ctx.app.prisma.apiToken.count({ where: { userId: u.id, revokedAt: null } })).toBe(0);
    await expect(loginCookie(ctx.app, u.email)).rejects.toThrow(/401/);

    const enabled = await inject("PATCH", `/users/${u.id}`, admin.headers, { disabled: false });
    expect(enabled.json().disabledAt).toBeNull();
    await loginCookie(ctx.app, u.email);
    // Revoked tokens stay revoked.
    expect((await ctx.app.inject({ method: "GET", url: "/api/v1/me", headers: u.headers })).statusCode).toBe(401);
  });

  it("an admin cannot disable or demote themselves (409)", async () => {
    const disable = await inject("PATCH", `/users/${admin.id}`, admin.headers, { disabled: true });
    expect(disable.statusCode).toBe(409);
    expect(disable.json()).toEqual({ error: { code: "CONFLICT", message: "You cannot disable your own account" } });
    const demote = await inject("PATCH", `/users/${admin.id}`, admin.headers, { role: "RESEARCHER" });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().error.code).toBe("CONFLICT");
    const rename = await inject("PATCH", `/users/${admin.id}`, admin.headers, { name: "Still admin", role: "ADMIN" });
    expect(rename.statusCode).toBe(200);
  });
});

describe("tokens", () => {
  it("lists every user's tokens with owners and never secrets; revokes any token", async () => {
    const created = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/tokens",
      headers: engineer.headers,
      payload: { name: "cluster" },
    });
    const { id, token } = created.json();
    const list = await inject("GET", "/tokens", admin.headers);
    expect(list.statusCode).toBe(200);
    expect(list.body).not.toContain(token);
    expect(list.body).not.toMatch(/tokenHash|token_hash/);
    const row = list.json().tokens.find((t: { id: string }) => t.id === id);
    expect(row).toMatchObject({ name: "cluster", owner: { id: engineer.id, email: engineer.email }, revokedAt: null });
    expect(row.token).toBeUndefined();
    const mine = await inject("GET", `/tokens?userId=${engineer.id}`, admin.headers);
    expect(mine.json().tokens.every((t: { owner: { id: string } }) => t.owner.id === engineer.id)).toBe(true);

    const revoked = await inject("DELETE", `/tokens/${id}`, admin.headers);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().revokedAt).not.toBeNull();
    expect((await ctx.app.inject({ method: "GET", url: "/api/v1/me", headers: { authorization: `Bearer ${token}` } })).statusCode).toBe(
      401,
    );
    expect((await inject("DELETE", `/tokens/${id}`, admin.headers)).statusCode).toBe(200);
    expect((await inject("DELETE", `/tokens/${crypto.randomUUID()}`, admin.headers)).statusCode).toBe(404);
    const active = await inject("GET", "/tokens?status=active", admin.headers);
    expect(active.json().tokens.map((t: { id: string }) => t.id)).not.toContain(id);
  });
});

describe("audit", () => {
  it("records every admin change with the acting admin", async () => {
    const rows = await ctx.app.prisma.auditLog.findMany({ where: { actorId: admin.id }, orderBy: { createdAt: "asc" } });
    const actions = new Set(rows.map((r) => r.action));
    for (const action of ["user.create", "user.update", "user.disable", "user.enable", "token.create", "token.revoke"]) {
      expect(actions, action).toContain(action);
    }
    const revokes = rows.filter((r) => r.action === "token.revoke");
    expect(revokes).toHaveLength(1); // the second, idempotent revoke recorded nothing
    expect(JSON.stringify(rows)).not.toMatch(/rw_[A-Za-z0-9_-]{43}/);
    // Refused changes leave no trace.
    expect(rows.filter((r) => r.entityId === admin.id && r.action !== "user.update")).toHaveLength(0);
  });
});
