import { ZFormDefinition } from "@rankwise/shared";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeDisagreement } from "../src/services/items/item-disagreement.ts";
import { buildTestApp, type TTestContext } from "./helpers/app.ts";
import { addLabeler, createTestProject, createUser, type TTestUser } from "./helpers/fixtures.ts";
import { importAndMap, makeApi, makeRoleItems, type TApi } from "./helpers/quality.ts";

let ctx: TTestContext;
let api: TApi;
let researcher: TTestUser;
let labelers: TTestUser[];
let project: { id: string };
let ids: Map<string, string>;

const FORM = ZFormDefinition.parse({
  questions: [
    { id: "rank", type: "ranking", title: "Rank", criterion: "helpful" },
    { id: "note", type: "text", title: "Note", required: false },
  ],
});
const R = ["r1", "r2", "r3"];
const ORDER = R.map((id) => [id]);
const REVERSED = [...R].reverse().map((id) => [id]);

async function annotate(who: TTestUser, externalId: string, rank: string[][], durationMs = 1000) {
  const itemId = ids.get(externalId) as string;
  const formVersion = await ctx.app.prisma.formVersion.findFirstOrThrow({ where: { projectId: project.id } });
  const assignment = await ctx.app.prisma.assignment.create({
    data: {
      projectId: project.id,
      itemId,
      labelerId: who.id,
      status: "SUBMITTED",
      leaseExpiresAt: new Date(),
      submittedAt: new Date(),
      formVersionId: formVersion.id,
    },
  });
  await ctx.app.prisma.annotation.create({
    data: {
      assignmentId: assignment.id,
      projectId: project.id,
      itemId,
      labelerId: who.id,
      formVersionId: formVersion.id,
      answer: { rank, note: `by ${who.email}` },
      displayOrder: R,
      durationMs,
    },
  });
  await ctx.app.prisma.item.update({ where: { id: itemId }, data: { doneCount: { increment: 1 }, activeCount: { increment: 1 } } });
}

const browse = async (query = "", user = researcher) => {
  const res = await api("GET", `/projects/${project.id}/items/browse${query}`, user);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    items: { externalId: string; answers: number; skips: number; disagreement: number | null }[];
    nextCursor: number | null;
  };
};
const externalIds = (list: { items: { externalId: string }[] }) => list.items.map((i) => i.externalId);

beforeAll(async () => {
  ctx = await buildTestApp();
  api = makeApi(ctx);
  researcher = await createUser(ctx.app, "RESEARCHER");
  project = await createTestProject(ctx.app, researcher, { overlap: 2 });
  expect((await api("PUT", `/projects/${project.id}/form`, researcher, { definition: FORM })).statusCode).toBe(200);
  ids = await importAndMap(ctx, project.id, researcher, makeRoleItems(5, "it"));
  labelers = [];
  for (let i = 0; i < 3; i++) {
    const l = await createUser(ctx.app, "LABELER");
    await addLabeler(ctx.app, project.id, l);
    labelers.push(l);
  }
  const [a, b] = labelers as [TTestUser, TTestUser];
  await annotate(a, "it-1", ORDER); // it-1: two identical rankings → agreement
  await annotate(b, "it-1", ORDER);
  await annotate(a, "it-2", ORDER, 4200); // it-2: reversed → full disagreement
  await annotate(b, "it-2", REVERSED, 1300);
  await annotate(a, "it-3", ORDER); // it-3: one answer, in progress
  // it-4: skipped once; it-5: untouched
  await ctx.app.prisma.item.update({ where: { id: ids.get("it-4") as string }, data: { skipCount: 1 } });
});
afterAll(() => ctx.close());

describe("disagreement", () => {
  it("is 0 for identical rankings, 1 for two reversed ones, null with fewer than two answers", () => {
    expect(computeDisagreement(FORM, R, [{ rank: ORDER }, { rank: ORDER }])).toBeCloseTo(0, 10);
    expect(computeDisagreement(FORM, R, [{ rank: ORDER }, { rank: REVERSED }])).toBeCloseTo(1, 10);
    expect(computeDisagreement(FORM, R, [{ rank: ORDER }])).toBeNull();
    expect(computeDisagreement(FORM, R, [])).toBeNull();
    expect(computeDisagreement(null, R, [{ rank: ORDER }, { rank: ORDER }])).toBeNull();
  });

  it("matches 1 − W on a three-rater case worked by hand", () => {
    // Rank sums of r1, r2, r3 for orders (1,2,3), (1,2,3), (3,2,1): 5, 6, 7; S = 2; W = 12·2 / (9·24) = 1/9.
    const d = computeDisagreement(FORM, R, [{ rank: ORDER }, { rank: ORDER }, { rank: REVERSED }]);
    expect(d).toBeCloseTo(1 - 1 / 9, 10);
  });

  it("ignores malformed answers instead of failing", () => {
    expect(computeDisagreement(FORM, R, [{ rank: "junk" }, { rank: [[1, 2]] }, { rank: ORDER }])).toBeNull();
    // Every labeler tied everything: W is undefined, so no score rather than a crash.
    expect(computeDisagreement(FORM, R, [{ rank: [R] }, { rank: [R] }])).toBeNull();
  });
});

describe("GET /projects/:id/items/browse", () => {
  it("lists every item with counts and disagreement", async () => {
    const list = await browse();
    expect(externalIds(list)).toEqual(["it-1", "it-2", "it-3", "it-4", "it-5"]);
    const byId = Object.fromEntries(list.items.map((i) => [i.externalId, i]));
    expect(byId["it-1"]).toMatchObject({ answers: 2, skips: 0 });
    expect(byId["it-1"]?.disagreement).toBeCloseTo(0, 10);
    expect(byId["it-2"]?.disagreement).toBeCloseTo(1, 10);
    expect(byId["it-3"]).toMatchObject({ answers: 1, disagreement: null });
    expect(byId["it-4"]).toMatchObject({ answers: 0, skips: 1, disagreement: null });
  });

  it("filters by status", async () => {
    expect(externalIds(await browse("?status=disputed"))).toEqual(["it-2"]);
    expect(externalIds(await browse("?status=disputed&threshold=0"))).toEqual(["it-1", "it-2"]);
    expect(externalIds(await browse("?status=complete"))).toEqual(["it-1", "it-2"]);
    expect(externalIds(await browse("?status=in_progress"))).toEqual(["it-3"]);
    expect(externalIds(await browse("?status=unlabeled"))).toEqual(["it-4", "it-5"]);
    expect(externalIds(await browse("?status=skipped"))).toEqual(["it-4"]);
  });

  it("pages with limit and after", async () => {
    const first = await browse("?limit=2");
    expect(externalIds(first)).toEqual(["it-1", "it-2"]);
    expect(first.nextCursor).not.toBeNull();
    const second = await browse(`?limit=2&after=${first.nextCursor}`);
    expect(externalIds(second)).toEqual(["it-3", "it-4"]);
    const disputed = await browse("?status=disputed&threshold=0&limit=1");
    expect(externalIds(disputed)).toEqual(["it-1"]);
    expect(externalIds(await browse(`?status=disputed&threshold=0&limit=1&after=${disputed.nextCursor}`))).toEqual(["it-2"]);
  });

  it("answers 400 with the stable error body on junk, never 5xx", async () => {
    for (const q of ["?status=nope", "?threshold=2", "?threshold=abc", "?limit=0", "?limit=9999", "?after=-1", "?after=x", "?limit=1.5"]) {
      const res = await api("GET", `/projects/${project.id}/items/browse${q}`, researcher);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().error.code, q).toBeTypeOf("string");
    }
    const bad = await api("GET", "/projects/not-a-uuid/items/browse", researcher);
    expect(bad.statusCode).toBe(400);
    const missing = await api("GET", "/projects/00000000-0000-4000-8000-000000000000/items/browse", researcher);
    expect(missing.statusCode).toBe(404);
  });

  it("is for researchers and admins only", async () => {
    const labeler = labelers[0] as TTestUser;
    expect((await api("GET", `/projects/${project.id}/items/browse`, labeler)).statusCode).toBe(403);
    const engineer = await createUser(ctx.app, "ENGINEER");
    expect((await api("GET", `/projects/${project.id}/items/browse`, engineer)).statusCode).toBe(403);
    const admin = await createUser(ctx.app, "ADMIN");
    expect((await api("GET", `/projects/${project.id}/items/browse`, admin)).statusCode).toBe(200);
    const anon = await ctx.app.inject({ method: "GET", url: `/api/v1/projects/${project.id}/items/browse` });
    expect(anon.statusCode).toBe(401);
  });
});

describe("GET /projects/:id/items/:itemId/annotations", () => {
  it("returns the item and every annotation side by side", async () => {
    const res = await api("GET", `/projects/${project.id}/items/${ids.get("it-2")}/annotations`, researcher);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body.item).toMatchObject({ externalId: "it-2", role: "LIVE", hasGold: false, skips: 0 });
    expect(body.item.responses.map((r: { id: string }) => r.id)).toEqual(R);
    expect(body.item.disagreement).toBeCloseTo(1, 10);
    const [a, b] = labelers as [TTestUser, TTestUser];
    expect(body.annotations).toHaveLength(2);
    expect(body.annotations[0]).toMatchObject({
      labeler: { id: a.id, email: a.email, kind: "HUMAN", tier: "QUALIFIED" },
      answers: { rank: ORDER },
      formVersion: 1,
      durationMs: 4200,
      displayOrder: R,
    });
    expect(body.annotations[1]).toMatchObject({ labeler: { id: b.id }, answers: { rank: REVERSED }, durationMs: 1300 });
  });

  it("404s for an item of another project, 400s on junk ids, 403s for labelers", async () => {
    const other = await createTestProject(ctx.app, researcher);
    const url = (p: string, i: string) => `/projects/${p}/items/${i}/annotations`;
    expect((await api("GET", url(other.id, ids.get("it-2") as string), researcher)).statusCode).toBe(404);
    expect((await api("GET", url(project.id, "junk"), researcher)).statusCode).toBe(400);
    expect((await api("GET", url(project.id, ids.get("it-2") as string), labelers[0] as TTestUser)).statusCode).toBe(403);
  });
});
