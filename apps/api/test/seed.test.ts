import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, seed } from "../../../prisma/seed.ts";
import { buildTestApp, type TTestContext } from "./helpers/app.ts";

let ctx: TTestContext;
beforeAll(async () => {
  ctx = await buildTestApp();
});
afterAll(() => ctx.close());

describe("demo seed", () => {
  it("creates a realistic demo project once, which a demo labeler can work on", async () => {
    const lines: string[] = [];
    expect(await seed(ctx.db.url, (l) => lines.push(l))).toBe(true);
    expect(await seed(ctx.db.url, (l) => lines.push(l))).toBe(false);
    expect(lines[1]).toMatch(/already has users/);

    const project = await ctx.app.prisma.project.findFirstOrThrow({ include: { _count: { select: { items: true, members: true } } } });
    expect(project._count).toEqual({ items: 20, members: 3 });

    const login = await ctx.app.inject({
      method: "POST",
      url: "/api/v1/auth/login",
      payload: { email: "labeler@rankwise.dev", password: DEMO_PASSWORD },
    });
    expect(login.statusCode).toBe(200);
    const cookie = `rw_session=${login.cookies.find((c) => c.name === "rw_session")?.value}`;
    const task = await ctx.app.inject({ method: "GET", url: `/api/v1/projects/${project.id}/tasks/next`, headers: { cookie } });
    expect(task.statusCode).toBe(200);
    const types = task.json().form.definition.questions.map((q: { type: string }) => q.type);
    expect(new Set(types).size).toBeGreaterThanOrEqual(4);
    expect(task.json().item.responses.length).toBeGreaterThanOrEqual(3);
  });
});
