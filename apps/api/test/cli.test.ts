import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TTestContext } from "./helpers/app.ts";

const run = promisify(execFile);
const cli = path.resolve(import.meta.dirname, "../src/cli.ts");
const tsx = path.resolve(import.meta.dirname, "../../../node_modules/.bin/tsx");

let ctx: TTestContext;
beforeAll(async () => {
  ctx = await buildTestApp();
});
afterAll(() => ctx.close());

const exec = (args: string[]) => run(tsx, [cli, ...args], { env: { ...process.env, DATABASE_URL: ctx.db.url } });

describe("CLI", () => {
  it("creates a user who can sign in, and an AI labeler with a working token", async () => {
    const { stdout } = await exec(["user:create", "--email", "Boot@Example.com", "--role", "ADMIN", "--password", "hunter2hunter2"]);
    expect(JSON.parse(stdout)).toMatchObject({ email: "boot@example.com", role: "ADMIN", kind: "HUMAN" });
    const login = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: "boot@example.com", password: "hunter2hunter2" },
    });
    expect(login.statusCode).toBe(200);

    await exec(["user:create", "--email", "judge@example.com", "--role", "LABELER", "--kind", "AI"]);
    const token = (await exec(["token:create", "--email", "judge@example.com", "--name", "rlaif"])).stdout.trim();
    expect(token).toMatch(/^rw_/);
    const me = await ctx.app.inject({ method: "GET", url: "/api/v1/me", headers: { authorization: `Bearer ${token}` } });
    expect(me.json()).toMatchObject({ user: { email: "judge@example.com", kind: "AI", role: "LABELER" }, via: "token" });
  });

  it("explains bad arguments and duplicates without a stack trace", async () => {
    const bad = await exec(["user:create", "--email", "x", "--role", "BOSS"]).catch((e) => e);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--email");
    expect(bad.stderr).toContain("--role");
    expect(bad.stderr).toContain("Usage:");
    await exec(["user:create", "--email", "dup@example.com", "--role", "LABELER"]);
    const dup = await exec(["user:create", "--email", "dup@example.com", "--role", "LABELER"]).catch((e) => e);
    expect(dup.stderr).toContain("already exists");
    expect(dup.stderr).not.toMatch(/\n\s+at /);
    const unknown = await exec(["frobnicate"]).catch((e) => e);
    expect(unknown.code).toBe(2);
  });
});
