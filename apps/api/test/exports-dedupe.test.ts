import { createExportBuilder, ZExportSpec, ZFormDefinition } from "@rankwise/shared";
import type { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadExportSalt } from "../src/services/exports/labeler-pseudonyms.ts";
import { loadSharedPromptItems, readExportItems } from "../src/services/exports/read-export-items.ts";
import { saveForm } from "../src/services/forms/form-versions.ts";
import { buildTestApp, type TTestContext } from "./helpers/app.ts";
import { annotate, downloadRows, runExport, startExportWorker } from "./helpers/export-fixtures.ts";
import { createTestProject, createUser, importItems, type TTestUser } from "./helpers/fixtures.ts";

let ctx: TTestContext;
let worker: Worker;
let researcher: TTestUser;
let engineer: TTestUser;

beforeAll(async () => {
  ctx = await buildTestApp();
  researcher = await createUser(ctx.app, "RESEARCHER");
  engineer = await createUser(ctx.app, "ENGINEER");
  worker = startExportWorker(ctx);
});
afterAll(async () => {
  await worker.close();
  await ctx.close();
});

const responses = [
  { id: "a", content: "Paris" },
  { id: "b", content: "Lyon" },
  { id: "c", content: "Nice" },
];

describe("dedupe across items that share a prompt", () => {
  it("finds the shared-prompt items and drops the same rows as one table over every row", async () => {
    const project = await createTestProject(ctx.app, researcher, { overlap: 2 });
    const form = await saveForm(
      ctx.app.prisma,
      project.id,
      researcher.id,
      ZFormDefinition.parse({ questions: [{ id: "rank", type: "ranking", title: "Rank" }] }),
    );
    const imported = await importItems(ctx.app, project.id, researcher, [
      { external_id: "dup1", prompt: "Capital of France?", responses },
      { external_id: "own", prompt: "Another question?", responses },
      { external_id: "dup2", prompt: "Capital of France?", responses },
      { external_id: "screen", prompt: "Another question?", responses },
    ]);
    expect(imported.statusCode, imported.body).toBe(200);
    const items = Object.fromEntries(
      (await ctx.app.prisma.item.findMany({ where: { projectId: project.id } })).map((i) => [i.externalId, i.id]),
    ) as Record<"dup1" | "dup2" | "own" | "screen", string>;
    await ctx.app.prisma.item.update({ where: { id: items.screen }, data: { role: "SCREENING" } });
    const [l1, l2] = [await createUser(ctx.app, "LABELER"), await createUser(ctx.app, "LABELER")];
    await ctx.app.prisma.projectMember.createMany({
      data: [l1, l2].map((l) => ({ projectId: project.id, userId: l.id, status: "QUALIFIED" as const })),
    });
    const base = { projectId: project.id, formVersionId: form.id };
    for (const [itemId, labelerId, rank] of [
      [items.dup1, l1.id, [["a"], ["b"], ["c"]]],
      [items.dup1, l2.id, [["a"], ["c"], ["b"]]],
      [items.own, l1.id, [["a"], ["b"], ["c"]]],
      [items.own, l2.id, [["b"], ["a"], ["c"]]],
      [items.dup2, l1.id, [["c"], ["b"], ["a"]]],
      [items.dup2, l2.id, [["a"], ["b"], ["c"]]],
    ] as [string, string, string[][]][]) {
      await annotate(ctx.app, { ...base, itemId, labelerId, answers: { rank } });
    }

    const spec = ZExportSpec.parse({});
    const shared = await loadSharedPromptItems(ctx.app.prisma, project.id, spec);
    expect([items.dup1, items.dup2, items.own, items.screen].map((id) => shared.has(id))).toEqual([true, true, false, false]);

    // The old way: one dedupe table over every row.
    const global = createExportBuilder(spec);
    const salt = await loadExportSalt(ctx.app.prisma, project.id);
    const expected: string[] = [];
    for await (const item of readExportItems(ctx.app.prisma, project.id, spec, salt)) {
      for (const line of global.addItem(item)) expected.push(line.text);
    }
    // 18 pairs. Capital of France (dup1 + dup2): a>b a>c b>c c>b c>a b>a, 6 distinct of 12 (whichever item is read
    // first); own: a>b a>c b>c b>a, 4 distinct of 6.
    expect(global.counts).toMatchObject({ rows: 10, duplicates: 8 });

    const done = await runExport(ctx.app, engineer.headers, project.id, {});
    expect(done.counts).toMatchObject({ rows: 10, pairs: 10, duplicates: 8 });
    const rows = await downloadRows(ctx.app, engineer.headers, done.id);
    expect(rows.map((r) => JSON.stringify(r)).sort()).toEqual(expected.map((t) => JSON.stringify(JSON.parse(t))).sort());
  });
});
