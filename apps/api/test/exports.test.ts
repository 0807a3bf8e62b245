import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExportHandler } from "../src/jobs/export-handler.ts";
import { EXPORT_QUEUE } from "../src/jobs/queues.ts";
import { createRedis } from "../src/lib/connections.ts";
import { buildTestApp, type TTestContext } from "./helpers/app.ts";
import { addLabeler, createTestProject, createUser, importItems, type TTestUser } from "./helpers/fixtures.ts";

let ctx: TTestContext;
let worker: Worker;
let researcher: TTestUser;
let engineer: TTestUser;

beforeAll(async () => {
  ctx = await buildTestApp();
  researcher = await createUser(ctx.app, "RESEARCHER");
  engineer = await createUser(ctx.app, "ENGINEER");
  worker = new Worker(EXPORT_QUEUE, createExportHandler({ prisma: ctx.app.prisma, exportDir: ctx.config.EXPORT_DIR }), {
    connection: createRedis(ctx.config.REDIS_URL, { maxRetriesPerRequest: null }),
    prefix: ctx.config.QUEUE_PREFIX,
  });
});
afterAll(async () => {
  await worker.close();
  await ctx.close();
});

async function waitForExport(id: string) {
  for (let i = 0; i < 200; i++) {
    const res = await ctx.app.inject({ method: "GET", url: `/api/v1/exports/${id}`, headers: engineer.headers });
    const body = res.json();
    if (["COMPLETED", "FAILED", "CANCELLED"].includes(body.status)) return body;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error("export did not finish");
}

async function label(projectId: string, labeler: TTestUser, rankingsByExternalId: Record<string, string[][]>) {
  for (;;) {
    const res = await ctx.app.inject({ method: "GET", url: `/api/v1/projects/${projectId}/tasks/next`, headers: labeler.headers });
    if (res.statusCode === 204) return;
    const task = res.json();
    const item = await ctx.app.prisma.item.findUniqueOrThrow({ where: { id: task.item.id } });
    const ranking = rankingsByExternalId[item.externalId];
    if (!ranking) throw new Error(`no ranking for ${item.externalId}`);
    const sub = await ctx.app.inject({
      method: "POST",
      url: `/api/v1/assignments/${task.assignmentId}/annotations`,
      headers: labeler.headers,
      payload: { ranking },
    });
    expect(sub.statusCode).toBe(201);
  }
}

describe("export end to end: API → queue → worker → download", () => {
  it("derives exactly the hand-computed pairs in TRL's conversational preference format", async () => {
    const project = await createTestProject(ctx.app, researcher, { overlap: 2 });
    await importItems(ctx.app, project.id, researcher, [
      {
        external_id: "capital",
        prompt: [
          { role: "system", content: "Answer briefly." },
          { role: "user", content: "Capital of France?" },
        ],
        responses: [
          { id: "a", content: "Paris" },
          { id: "b", content: "Lyon" },
          { id: "c", content: "Paris, France" },
          { id: "d", content: "I don't know" },
        ],
      },
      {
        external_id: "sum",
        prompt: "2+2?",
        responses: [
          { id: "x", content: "4" },
          { id: "y", content: "5" },
        ],
      },
    ]);
    const [l1, l2] = [await createUser(ctx.app, "LABELER"), await createUser(ctx.app, "LABELER")];
    await addLabeler(ctx.app, project.id, l1);
    await addLabeler(ctx.app, project.id, l2);
    // l1: [a,c] tied > b > d  → a>b, a>d, c>b, c>d, b>d  (5 pairs; the tie a=c gives none)
    // l2: c > a > [b,d] tied  → c>a, c>b, c>d, a>b, a>d  (5 pairs)
    // sum: l1 x>y (1 pair); l2 ties x=y (0 pairs). Total 11.
    await label(project.id, l1, { capital: [["a", "c"], ["b"], ["d"]], sum: [["x"], ["y"]] });
    await label(project.id, l2, { capital: [["c"], ["a"], ["b", "d"]], sum: [["x", "y"]] });

    // dedupe off: every labeler's pair is a row (with dedupe, a>b, a>d, c>b, c>d would appear once: 7 rows).
    const created = await ctx.app.inject({
      method: "POST",
      url: `/api/v1/projects/${project.id}/exports`,
      headers: engineer.headers,
      payload: { format: "trl-preference", dedupe: false },
    });
    expect(created.statusCode).toBe(202);
    expect(created.headers.location).toBe(`/api/v1/exports/${created.json().id}`);
    const done = await waitForExport(created.json().id);
    expect(done).toMatchObject({ status: "COMPLETED", progress: 1, rowsDone: 4, rowsTotal: 4, counts: { annotations: 4, pairs: 11 } });

    const dl = await ctx.app.inject({ method: "GET", url: `/api/v1/exports/${done.id}/download`, headers: engineer.headers });
    expect(dl.statusCode).toBe(200);
    expect(dl.headers["content-type"]).toMatch(/application\/jsonl/);
    expect(createHash("sha256").update(dl.rawPayload).digest("hex")).toBe(done.files[0].sha256);
    expect(dl.headers["x-content-sha256"]).toBe(done.files[0].sha256);
    const rows = dl.body
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(rows).toHaveLength(11);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(["prompt", "chosen", "rejected"]);
      expect(row.chosen).toHaveLength(1);
      expect(row.chosen[0].role).toBe("assistant");
      expect(row.rejected[0].role).toBe("assistant");
    }
    const capitalPrompt = [
      { role: "system", content: "Answer briefly." },
      { role: "user", content: "Capital of France?" },
    ];
    const text = { a: "Paris", b: "Lyon", c: "Paris, France", d: "I don't know" };
    const expected = [
      ...[
        ["a", "b"],
        ["a", "d"],
        ["c", "b"],
        ["c", "d"],
        ["b", "d"],
      ],
      ...[
        ["c", "a"],
        ["c", "b"],
        ["c", "d"],
        ["a", "b"],
        ["a", "d"],
      ],
    ].map(([w, l]) => `${text[w as keyof typeof text]} > ${text[l as keyof typeof text]}`);
    const capitalRows = rows.filter((r) => JSON.stringify(r.prompt) === JSON.stringify(capitalPrompt));
    expect(capitalRows.map((r) => `${r.chosen[0].content} > ${r.rejected[0].content}`).sort()).toEqual(expected.sort());
    const sumRows = rows.filter((r) => r.prompt[0].content === "2+2?");
    expect(sumRows).toEqual([
      {
        prompt: [{ role: "user", content: "2+2?" }],
        chosen: [{ role: "assistant", content: "4" }],
        rejected: [{ role: "assistant", content: "5" }],
      },
    ]);

    // Range requests resume a download.
    const part = await ctx.app.inject({
      method: "GET",
      url: `/api/v1/exports/${done.id}/download`,
      headers: { ...engineer.headers, range: "bytes=0-9" },
    });
    expect(part.statusCode).toBe(206);
    expect(part.rawPayload.equals(dl.rawPayload.subarray(0, 10))).toBe(true);

    // Same data + same spec → byte-identical file.
    const rerun = await ctx.app.inject({
      method: "POST",
      url: `/api/v1/projects/${project.id}/exports`,
      headers: engineer.headers,
      payload: { dedupe: false },
    });
    const second = await waitForExport(rerun.json().id);
    expect(second.sha256).toBe(done.sha256);
    const file = await readFile(path.join(ctx.config.EXPORT_DIR, second.id, "train.jsonl"));
    expect(file.equals(dl.rawPayload)).toBe(true);

    // The default spec dedupes: the four pairs both labelers agree on are written once.
    const deduped = await waitForExport(
      (
        await ctx.app.inject({ method: "POST", url: `/api/v1/projects/${project.id}/exports`, headers: engineer.headers, payload: {} })
      ).json().id,
    );
    expect(deduped.counts).toMatchObject({ pairs: 7, rows: 7, duplicates: 4 });
  });

  it("a retried job rebuilds the same bytes and leaves no temp files", async () => {
    const project = await createTestProject(ctx.app, researcher);
    await importItems(ctx.app, project.id, researcher, [
      { external_id: "q", prompt: "Q", responses: [{ content: "1" }, { content: "2" }, { content: "3" }] },
    ]);
    const l = await createUser(ctx.app, "LABELER");
    await addLabeler(ctx.app, project.id, l);
    await label(project.id, l, { q: [["r3"], ["r1"], ["r2"]] });
    const first = await waitForExport(
      (
        await ctx.app.inject({ method: "POST", url: `/api/v1/projects/${project.id}/exports`, headers: engineer.headers, payload: {} })
      ).json().id,
    );
    // Run the same job again, as BullMQ would after a crash.
    await createExportHandler({ prisma: ctx.app.prisma, exportDir: ctx.config.EXPORT_DIR })({
      data: { v: 1, exportId: first.id },
      opts: {},
      attemptsMade: 0,
      updateProgress: async () => {},
    } as never);
    await ctx.app.prisma.export.update({ where: { id: first.id }, data: { status: "QUEUED" } });
    await createExportHandler({ prisma: ctx.app.prisma, exportDir: ctx.config.EXPORT_DIR })({
      data: { v: 1, exportId: first.id },
      opts: {},
      attemptsMade: 1,
      updateProgress: async () => {},
    } as never);
    const again = (await ctx.app.inject({ method: "GET", url: `/api/v1/exports/${first.id}`, headers: engineer.headers })).json();
    expect(again.sha256).toBe(first.sha256);
    expect(again.counts).toMatchObject({ annotations: 1, pairs: 3, rows: 3, train: 3 });
    const { readdir } = await import("node:fs/promises");
    expect((await readdir(path.join(ctx.config.EXPORT_DIR, first.id))).sort()).toEqual(["README.md", "manifest.json", "train.jsonl"]);
  });

  it("checks roles, project access and status", async () => {
    const project = await createTestProject(ctx.app, researcher);
    const labeler = await createUser(ctx.app, "LABELER");
    await addLabeler(ctx.app, project.id, labeler);
    const denied = await ctx.app.inject({
      method: "POST",
      url: `/api/v1/projects/${project.id}/exports`,
      headers: labeler.headers,
      payload: {},
    });
    expect(denied.statusCode).toBe(403);
    const bad = await ctx.app.inject({
      method: "POST",
      url: `/api/v1/projects/${project.id}/exports`,
      headers: engineer.headers,
      payload: { format: "csv" },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.issues[0].path).toEqual(["body", "format"]);
    expect(await ctx.app.prisma.export.count({ where: { projectId: project.id } })).toBe(0);
    const missing = await ctx.app.inject({
      method: "GET",
      url: "/api/v1/exports/00000000-0000-4000-8000-000000000000",
      headers: engineer.headers,
    });
    expect(missing.statusCode).toBe(404);
  });
});
