import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TTestContext } from "./helpers/app.ts";
import { createTestProject, createUser, importItems, makeItems, PASSWORD, toJsonl } from "./helpers/fixtures.ts";

const ERROR_BODY = { error: { code: expect.stringMatching(/^[A-Z_]+$/), message: expect.any(String) } };
const login = (ctx: TTestContext, email: string, password: string, ip = "203.0.113.7") =>
  ctx.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email, password }, remoteAddress: ip });

describe("body size limits", () => {
  let ctx: TTestContext;
  beforeAll(async () => {
    ctx = await buildTestApp({ IMPORT_BODY_LIMIT_BYTES: String(64 * 1024) });
  });
  afterAll(() => ctx?.close());

  it("answers 413 PAYLOAD_TOO_LARGE for a JSON body over 1 MiB and creates nothing", async () => {
    const researcher = await createUser(ctx.app, "RESEARCHER");
    const res = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/projects",
      headers: researcher.headers,
      payload: { name: "Big", guidelines: "x".repeat(1024 * 1024 + 10) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
    expect(await ctx.app.prisma.project.count()).toBe(0);
    // Just under the limit passes the size check (and then fails validation on its own terms, not 413).
    const ok = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/projects",
      headers: researcher.headers,
      payload: { name: "Fits", guidelines: "x".repeat(99_000) },
    });
    expect(ok.statusCode).toBe(201);
  });

  it("gives the JSONL import its own, larger limit: over it is 413 whether the length is declared or streamed", async () => {
    const researcher = await createUser(ctx.app, "RESEARCHER");
    const project = await createTestProject(ctx.app, researcher);
    const fits = await importItems(ctx.app, project.id, researcher, makeItems(100, 3, "fit"));
    expect(fits.statusCode, fits.body).toBe(200);

    const big = toJsonl(makeItems(400, 3, "big"));
    expect(Buffer.byteLength(big)).toBeGreaterThan(64 * 1024);
    const declared = await ctx.app.inject({
      method: "POST",
      url: `/api/v1/projects/${project.id}/items/import`,
      headers: { ...researcher.headers, "content-type": "application/x-ndjson" },
      payload: big,
    });
    expect(declared.statusCode).toBe(413);
    expect(declared.json()).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE", message: expect.stringContaining("65536") } });

    // A stream has no declared length: the bytes are counted as they arrive.
    const streamed = await ctx.app.inject({
      method: "POST",
      url: `/api/v1/projects/${project.id}/items/import`,
      headers: { ...researcher.headers, "content-type": "application/x-ndjson" },
      payload: Readable.from([big.slice(0, 30_000), big.slice(30_000)].map((s) => Buffer.from(s))),
    });
    expect(streamed.statusCode).toBe(413);
    expect(streamed.json()).toMatchObject({ error: { code: "PAYLOAD_TOO_LARGE" } });
    expect(await ctx.app.prisma.item.count({ where: { externalId: { startsWith: "big-" } } })).toBe(0);
  });

  it("rejects an item with thousands of responses with a clear 400 naming the line, importing nothing", async () => {
    const researcher = await createUser(ctx.app, "RESEARCHER");
    const project = await createTestProject(ctx.app, researcher);
    const [line] = makeItems(1, 3000, "wide");
    const res = await importItems(ctx.app, project.id, researcher, [
      line && { ...line, responses: line.responses.map(() => ({ content: "r" })) },
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      error: { code: "VALIDATION_FAILED", issues: [{ path: ["line", 1], message: expect.stringMatching(/responses/) }] },
    });
    expect(await ctx.app.prisma.item.count({ where: { projectId: project.id } })).toBe(0);
  });
});

describe("login rate limit", () => {
  let ctx: TTestContext;
  beforeAll(async () => {
    ctx = await buildTestApp({ LOGIN_RATE_LIMIT_PER_EMAIL: "3", LOGIN_RATE_LIMIT_PER_IP: "6", LOGIN_RATE_LIMIT_WINDOW_SECONDS: "30" });
  });
  afterAll(() => ctx?.close());

  it("answers 429 with Retry-After and the stable body once an email is over its limit, even with the right password", async () => {
    const user = await createUser(ctx.app, "RESEARCHER");
    for (let i = 0; i < 3; i++) expect((await login(ctx, user.email, "wrong password", `198.51.100.${i}`)).statusCode).toBe(401);
    const limited = await login(ctx, user.email.toUpperCase(), PASSWORD, "198.51.100.9");
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: { code: "RATE_LIMITED", message: expect.stringMatching(/try again in \d+ s/) } });
    const retryAfter = Number(limited.headers["retry-after"]);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(30);
    // Another account from another address is not affected.
    const other = await createUser(ctx.app, "ENGINEER");
    expect((await login(ctx, other.email, PASSWORD, "198.51.100.10")).statusCode).toBe(200);
  });

  it("limits one address across many emails, and the same 429 shape for accounts that do not exist", async () => {
    const ip = "192.0.2.44";
    for (let i = 0; i < 6; i++) expect((await login(ctx, `nobody-${i}@test.rankwise.dev`, "guess", ip)).statusCode).toBe(401);
    const limited = await login(ctx, "nobody-x@test.rankwise.dev", "guess", ip);
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toMatchObject({ error: { code: "RATE_LIMITED" } });
    expect(limited.headers["retry-after"]).toMatch(/^\d+$/);
    // Validation failures are 400 and never reach the limiter's count.
    expect(
      (await ctx.app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email: 1 }, remoteAddress: "192.0.2.45" })).statusCode,
    ).toBe(400);
  });

  it("counts per client behind the local web proxy (X-Forwarded-For), but ignores that header from anyone else", async () => {
    const viaProxy = (client: string, i: number) =>
      ctx.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { email: `proxied-${client}-${i}@test.rankwise.dev`, password: "guess" },
        remoteAddress: "127.0.0.1",
        headers: { "x-forwarded-for": client },
      });
    for (let i = 0; i < 6; i++) expect((await viaProxy("198.18.0.1", i)).statusCode).toBe(401);
    expect((await viaProxy("198.18.0.1", 6)).statusCode).toBe(429);
    // Another client behind the same proxy has its own count.
    expect((await viaProxy("198.18.0.2", 0)).statusCode).toBe(401);

    const spoof = (i: number) =>
      ctx.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { email: `spoof-${i}@test.rankwise.dev`, password: "guess" },
        remoteAddress: "192.0.2.200",
        headers: { "x-forwarded-for": `10.9.9.${i}` },
      });
    for (let i = 0; i < 6; i++) expect((await spoof(i)).statusCode).toBe(401);
    expect((await spoof(6)).statusCode).toBe(429);
  });

  it("lets logins through when Redis is down instead of locking everyone out (skipOnError)", async () => {
    const outage = await buildTestApp({ LOGIN_RATE_LIMIT_PER_EMAIL: "1", LOGIN_RATE_LIMIT_PER_IP: "1" });
    try {
      const user = await createUser(outage.app, "RESEARCHER");
      outage.app.redis.disconnect();
      for (let i = 0; i < 3; i++) {
        const res = await login(outage, user.email, PASSWORD, "192.0.2.99");
        expect(res.statusCode, res.body).toBe(200);
      }
    } finally {
      await outage.close();
    }
  });
});

describe("account lockout", () => {
  let ctx: TTestContext;
  beforeAll(async () => {
    ctx = await buildTestApp({ LOGIN_LOCKOUT_THRESHOLD: "3", LOGIN_LOCKOUT_MINUTES: "5", LOGIN_RATE_LIMIT_PER_EMAIL: "1000" });
  });
  afterAll(() => ctx?.close());

  it("locks after N wrong passwords in a row, answering exactly like a wrong password or an unknown account", async () => {
    const user = await createUser(ctx.app, "LABELER");
    for (let i = 0; i < 3; i++) expect((await login(ctx, user.email, `wrong-${i}`)).statusCode).toBe(401);
    const row = await ctx.app.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.lockedUntil?.getTime()).toBeGreaterThan(Date.now() + 4 * 60_000);
    expect(row.lockedUntil?.getTime()).toBeLessThanOrEqual(Date.now() + 5 * 60_000);

    const locked = await login(ctx, user.email, PASSWORD);
    const wrong = await login(ctx, user.email, "still wrong");
    const unknown = await login(ctx, "no-such-user@test.rankwise.dev", PASSWORD);
    expect(locked.statusCode).toBe(401);
    expect(locked.json()).toEqual(unknown.json());
    expect(wrong.json()).toEqual(unknown.json());
    expect(locked.cookies).toHaveLength(0);
    // Failures while locked do not extend the lock.
    expect((await ctx.app.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).lockedUntil).toEqual(row.lockedUntil);

    // Once the lock has run out, the right password works and clears the record.
    await ctx.app.prisma.user.update({ where: { id: user.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    expect((await login(ctx, user.email, PASSWORD)).statusCode).toBe(200);
    expect(await ctx.app.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ failedLogins: 0, lockedUntil: null });
  });

  it("counts only consecutive failures: a success resets the count", async () => {
    const user = await createUser(ctx.app, "LABELER");
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 2; i++) expect((await login(ctx, user.email, "wrong")).statusCode).toBe(401);
      expect((await login(ctx, user.email, PASSWORD)).statusCode).toBe(200);
    }
    expect(await ctx.app.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).toMatchObject({ failedLogins: 0, lockedUntil: null });
  });

  it("lets an admin lift the lock by enabling the user, and records it in the audit log", async () => {
    const admin = await createUser(ctx.app, "ADMIN");
    const user = await createUser(ctx.app, "LABELER");
    for (let i = 0; i < 3; i++) await login(ctx, user.email, "wrong");
    expect((await login(ctx, user.email, PASSWORD)).statusCode).toBe(401);

    const unlock = await ctx.app.inject({
      method: "PATCH",
      url: `/api/v1/admin/users/${user.id}`,
      headers: admin.headers,
      payload: { disabled: false },
    });
    expect(unlock.statusCode, unlock.body).toBe(200);
    expect(await ctx.app.prisma.auditLog.count({ where: { action: "user.unlock", entityId: user.id } })).toBe(1);
    expect((await login(ctx, user.email, PASSWORD)).statusCode).toBe(200);
  });

  it("never signs a disabled or locked account in with the fixed password used to equalise timing", async () => {
    const user = await createUser(ctx.app, "LABELER");
    await ctx.app.prisma.user.update({ where: { id: user.id }, data: { lockedUntil: new Date(Date.now() + 60_000) } });
    expect((await login(ctx, user.email, "rankwise-timing-equaliser")).statusCode).toBe(401);
    await ctx.app.prisma.user.update({ where: { id: user.id }, data: { lockedUntil: null, disabledAt: new Date() } });
    expect((await login(ctx, user.email, "rankwise-timing-equaliser")).statusCode).toBe(401);
  });
});

describe("security headers", () => {
  let ctx: TTestContext;
  beforeAll(async () => {
    ctx = await buildTestApp();
  });
  afterAll(() => ctx?.close());

  it("(default limits) accepts a JSONL import larger than the 1 MiB JSON limit", async () => {
    const researcher = await createUser(ctx.app, "RESEARCHER");
    const project = await createTestProject(ctx.app, researcher);
    const lines = makeItems(5000, 3, "many");
    expect(Buffer.byteLength(toJsonl(lines))).toBeGreaterThan(ctx.config.BODY_LIMIT_BYTES);
    const res = await importItems(ctx.app, project.id, researcher, lines);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ created: 5000 });
  });

  it("sends helmet's headers on API responses, errors included", async () => {
    for (const url of ["/api/healthz", "/api/v1/me", "/api/v1/nope"]) {
      const res = await ctx.app.inject({ method: "GET", url });
      expect(res.headers["x-content-type-options"], url).toBe("nosniff");
      expect(res.headers["x-frame-options"], url).toBe("SAMEORIGIN");
      expect(res.headers["strict-transport-security"], url).toMatch(/max-age=\d+/);
      expect(res.headers["content-security-policy"], url).toMatch(/default-src 'self'/);
      expect(res.headers["content-security-policy"], url).toMatch(/frame-ancestors 'self'/);
      expect(res.headers["content-security-policy"], url).not.toMatch(/upgrade-insecure-requests/);
      expect(res.headers["cross-origin-opener-policy"], url).toBe("same-origin");
      expect(res.headers["referrer-policy"], url).toBe("no-referrer");
      expect(res.headers["x-powered-by"], url).toBeUndefined();
      if (res.statusCode >= 400) expect(res.json(), url).toMatchObject(ERROR_BODY);
    }
  });

  it("still serves the Swagger UI under that CSP: its page runs no inline script", async () => {
    const page = await ctx.app.inject({ method: "GET", url: "/api/docs/" });
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-security-policy"]).toMatch(/script-src 'self'/);
    const scripts = [...page.body.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, inline] of scripts) {
      expect(attrs).toMatch(/src="/);
      expect(inline?.trim()).toBe("");
    }
    for (const [, attrs] of scripts) {
      const src = /src="([^"]+)"/.exec(attrs ?? "")?.[1] ?? "";
      const url = src.startsWith("/") ? src : `/api/docs/${src.replace(/^\.\//, "")}`;
      expect((await ctx.app.inject({ method: "GET", url })).statusCode, url).toBe(200);
    }
    expect((await ctx.app.inject({ method: "GET", url: "/api/docs/json" })).json()).toMatchObject({ openapi: expect.any(String) });
  });
});

describe("session cookie in production", () => {
  it("is Secure, HttpOnly and SameSite=Lax when NODE_ENV=production", async () => {
    const ctx = await buildTestApp({ NODE_ENV: "production", SESSION_SECRET: "a-production-secret-of-at-least-32-chars" });
    try {
      const user = await createUser(ctx.app, "RESEARCHER");
      const res = await login(ctx, user.email, PASSWORD);
      expect(res.statusCode).toBe(200);
      const cookie = res.cookies.find((c) => c.name === "rw_session");
      expect(cookie).toMatchObject({ secure: true, httpOnly: true, sameSite: "Lax", path: "/" });
      expect(String(res.headers["set-cookie"])).toMatch(/; Secure/);
    } finally {
      await ctx.close();
    }
  });

  it("is HttpOnly and SameSite=Lax but not Secure in development, so http://localhost works", async () => {
    const ctx = await buildTestApp();
    try {
      const user = await createUser(ctx.app, "RESEARCHER");
      const cookie = (await login(ctx, user.email, PASSWORD)).cookies.find((c) => c.name === "rw_session");
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
      expect(cookie?.secure).toBeFalsy();
    } finally {
      await ctx.close();
    }
  });
});
