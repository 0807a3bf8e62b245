import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, type TTestContext } from "./helpers/app.ts";
import { createTestProject, createUser, importItems, makeItems, type TTestUser } from "./helpers/fixtures.ts";

let ctx: TTestContext;
let researcher: TTestUser;

beforeAll(async () => {
  ctx = await buildTestApp();
  researcher = await createUser(ctx.app, "RESEARCHER");
});
afterAll(() => ctx.close());

const countItems = (projectId: string) => ctx.app.prisma.item.count({ where: { projectId } });

describe("JSONL import", () => {
  it("imports string and chat prompts, assigns missing response ids, keeps models and metadata", async () => {
    const project = await createTestProject(ctx.app, researcher);
    const res = await importItems(ctx.app, project.id, researcher, [
      { external_id: "a", prompt: "Hello?", responses: [{ content: "Hi" }, { id: "r1", content: "Hey", model: "m" }, { content: "Yo" }] },
      {
        external_id: "b",
        prompt: [
          { role: "system", content: "Be brief." },
          { role: "user", content: "2+2?" },
        ],
        responses: [
          { id: "x", content: "4" },
          { id: "y", content: "5" },
        ],
        metadata: { source: "math" },
      },
    ]);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ created: 2, updated: 0, unchanged: 0, skipped: 0, errors: [] });
    const a = await ctx.app.prisma.item.findUniqueOrThrow({ where: { projectId_externalId: { projectId: project.id, externalId: "a" } } });
    expect(a.prompt).toEqual([{ role: "user", content: "Hello?" }]);
    // r1 was taken by the second response, so the unnamed ones get r2 and r3.
    expect(a.responses).toEqual([
      { id: "r2", model: null, content: "Hi" },
      { id: "r1", model: "m", content: "Hey" },
      { id: "r3", model: null, content: "Yo" },
    ]);
    const b = await ctx.app.prisma.item.findUniqueOrThrow({ where: { projectId_externalId: { projectId: project.id, externalId: "b" } } });
    expect(b.metadata).toEqual({ source: "math" });
    expect((b.prompt as unknown[]).length).toBe(2);
  });

  it("rejects the whole file by default, naming every bad line, and changes nothing", async () => {
    const project = await createTestProject(ctx.app, researcher);
    const res = await importItems(ctx.app, project.id, researcher, [
      ...makeItems(2),
      "{not json",
      { external_id: "c", prompt: "x", responses: [{ content: "only one" }] },
      {
        external_id: "d",
        prompt: "x",
        responses: [
          { id: "same", content: "1" },
          { id: "same", content: "2" },
        ],
      },
      { external_id: "item-1", prompt: "dup", responses: [{ content: "1" }, { content: "2" }] },
      { external_id: "e", prompt: "", responses: [{ content: "1" }, { content: "2" }] },
    ]);
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.message).toMatch(/5 invalid line\(s\); nothing was imported/);
    const byLine = Object.fromEntries(error.issues.map((i: { path: [string, number]; message: string }) => [i.path[1], i.message]));
    expect(Object.keys(byLine).map(Number)).toEqual([3, 4, 5, 6, 7]);
    expect(byLine[3]).toMatch(/invalid JSON/);
    expect(byLine[4]).toMatch(/responses: an item needs at least 2 responses/);
    expect(byLine[5]).toMatch(/responses\.1\.id: duplicate response id "same"/);
    expect(byLine[6]).toMatch(/external_id "item-1" already appears on line 1/);
    expect(byLine[7]).toMatch(/^prompt/);
    expect(await countItems(project.id)).toBe(0);
  });

  it("with skipInvalid=true keeps the good lines and reports the bad ones", async () => {
    const project = await createTestProject(ctx.app, researcher);
    const res = await importItems(ctx.app, project.id, researcher, [...makeItems(3), "[]", ""], "?skipInvalid=true");
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ created: 3, skipped: 1, errors: [{ line: 4 }] });
    expect(await countItems(project.id)).toBe(3);
  });

  it("re-importing the same external_id never duplicates; changes apply only before anyone answered", async () => {
    const project = await createTestProject(ctx.app, researcher);
    await importItems(ctx.app, project.id, researcher, makeItems(3));
    const again = await importItems(ctx.app, project.id, researcher, makeItems(3));
    expect(again.json()).toMatchObject({ created: 0, updated: 0, unchanged: 3 });

    const changed = makeItems(4);
    (changed[0] as { prompt: string }).prompt = "Edited prompt";
    const third = await importItems(ctx.app, project.id, researcher, changed);
    expect(third.json()).toMatchObject({ created: 1, updated: 1, unchanged: 2 });
    expect(await countItems(project.id)).toBe(4);

    await ctx.app.prisma.item.updateMany({ where: { projectId: project.id, externalId: "item-2" }, data: { doneCount: 1 } });
    const locked = makeItems(2);
    (locked[1] as { prompt: string }).prompt = "Too late";
    const res = await importItems(ctx.app, project.id, researcher, locked);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues[0]).toEqual({
      path: ["line", 2],
      message: 'item "item-2" already has answers or leases; its content cannot change',
    });
  });

  it("reports lines with invalid UTF-8 and over-long lines by number", async () => {
    const project = await createTestProject(ctx.app, researcher);
    const good = JSON.stringify(makeItems(1)[0]);
    const payload = Buffer.concat([
      Buffer.from(`${good}\n`),
      Buffer.from([0x7b, 0xff, 0xfe, 0x7d, 0x0a]),
      Buffer.from(`{"external_id":"big","prompt":"${"x".repeat(2.5 * 1024 * 1024)}"}\n`),
    ]);
    const res = await ctx.app.inject({
      method: "POST",
      url: `/api/v1/projects/${project.id}/items/import`,
      headers: { ...researcher.headers, "content-type": "application/x-ndjson" },
      payload,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.issues).toEqual([
      { path: ["line", 2], message: "line is not valid UTF-8" },
      { path: ["line", 3], message: "line is longer than 2097152 bytes" },
    ]);
  });

  it("streams a large file in batches", async () => {
    const project = await createTestProject(ctx.app, researcher);
    const res = await importItems(ctx.app, project.id, researcher, makeItems(2500, 4));
    expect(res.json()).toMatchObject({ created: 2500, skipped: 0 });
    expect(await countItems(project.id)).toBe(2500);
    const seqs = await ctx.app.prisma.item.findMany({
      where: { projectId: project.id },
      orderBy: { seq: "asc" },
      select: { externalId: true },
      take: 3,
    });
    expect(seqs.map((s) => s.externalId)).toEqual(["item-1", "item-2", "item-3"]);
  });

  it("needs the JSONL content type, a researcher, and a file with items", async () => {
    const project = await createTestProject(ctx.app, researcher);
    const json = await ctx.app.inject({
      method: "POST",
      url: `/api/v1/projects/${project.id}/items/import`,
      headers: researcher.headers,
      payload: { a: 1 },
    });
    expect(json.statusCode).toBe(415);
    const labeler = await createUser(ctx.app, "LABELER");
    expect((await importItems(ctx.app, project.id, labeler, makeItems(1))).statusCode).toBe(403);
    const empty = await importItems(ctx.app, project.id, researcher, []);
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toBe("The file has no items");
  });

  it("lists a project's items for researchers, filtered by role and paged in import order", async () => {
    const project = await createTestProject(ctx.app, researcher);
    await importItems(ctx.app, project.id, researcher, makeItems(5));
    await ctx.app.prisma.item.updateMany({
      where: { projectId: project.id, externalId: { in: ["item-2", "item-4"] } },
      data: { role: "SCREENING" },
    });
    const url = `/api/v1/projects/${project.id}/items`;
    const screening = await ctx.app.inject({ method: "GET", url: `${url}?role=SCREENING`, headers: researcher.headers });
    expect(screening.statusCode).toBe(200);
    expect(screening.json().items.map((i: { externalId: string }) => i.externalId)).toEqual(["item-2", "item-4"]);
    expect(screening.json().items[0]).toMatchObject({
      role: "SCREENING",
      hasGold: false,
      responses: [{ id: "r1" }, { id: "r2" }, { id: "r3" }],
    });

    const first = (await ctx.app.inject({ method: "GET", url: `${url}?limit=3`, headers: researcher.headers })).json();
    expect(first.items).toHaveLength(3);
    const second = (
      await ctx.app.inject({ method: "GET", url: `${url}?limit=3&after=${first.nextCursor}`, headers: researcher.headers })
    ).json();
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].map((i: { externalId: string }) => i.externalId)).toEqual([
      "item-1",
      "item-2",
      "item-3",
      "item-4",
      "item-5",
    ]);

    const labeler = await createUser(ctx.app, "LABELER");
    expect((await ctx.app.inject({ method: "GET", url, headers: labeler.headers })).statusCode).toBe(403);
    const bad = await ctx.app.inject({ method: "GET", url: `${url}?role=GOLD`, headers: researcher.headers });
    expect(bad.statusCode).toBe(400);
  });
});
