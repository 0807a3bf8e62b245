import type { TExportSpecInput, TFormDefinitionInput } from "@rankwise/shared";
import { ZFormDefinition } from "@rankwise/shared";
import { Worker } from "bullmq";
import { expect } from "vitest";
import type { TApp } from "../../src/app.ts";
import { createExportHandler, type TExportHandlerDeps } from "../../src/jobs/export-handler.ts";
import { EXPORT_QUEUE } from "../../src/jobs/queues.ts";
import { createRedis } from "../../src/lib/connections.ts";
import { saveForm } from "../../src/services/forms/form-versions.ts";
import type { TTestContext } from "./app.ts";
import { createTestProject, createUser, importItems, type TTestUser } from "./fixtures.ts";

/** Every question type that feeds an export, over three criteria (plus rules with their own). */
export const MIXED_FORM: TFormDefinitionInput = {
  questions: [
    { id: "rank", type: "ranking", title: "Rank the answers", criterion: "helpful" },
    { id: "pair", type: "pairwise", title: "Which is more honest?", criterion: "honest", required: false },
    { id: "score", type: "rating", title: "How helpful (1-7)?", criterion: "helpful", required: false },
    {
      id: "checks",
      type: "rules",
      title: "Check the rules",
      required: false,
      rules: [
        { id: "no_medical", text: "Gives no medical diagnosis", criterion: "harmless" },
        { id: "cites", text: "Cites a source" },
      ],
    },
    { id: "steps", type: "steps", title: "Label each step", criterion: "correct", required: false },
  ],
};

/** An in-process export worker on the test app's queue; close it in afterAll. */
export function startExportWorker(ctx: TTestContext, deps: Partial<TExportHandlerDeps> = {}): Worker {
  return new Worker(
    EXPORT_QUEUE,
    createExportHandler({ prisma: ctx.app.prisma, exportDir: ctx.config.EXPORT_DIR, storage: ctx.app.exportStorage, ...deps }),
    {
      connection: createRedis(ctx.config.REDIS_URL, { maxRetriesPerRequest: null }),
      prefix: ctx.config.QUEUE_PREFIX,
    },
  );
}

export async function waitForExport(app: TApp, headers: Record<string, string>, id: string) {
  for (let i = 0; i < 400; i++) {
    const res = await app.inject({ method: "GET", url: `/api/v1/exports/${id}`, headers });
    const body = res.json();
    if (["COMPLETED", "FAILED", "CANCELLED"].includes(body.status)) return body;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error("export did not finish");
}

/** POSTs an export, waits for it and returns the finished export (asserting it COMPLETED). */
export async function runExport(app: TApp, headers: Record<string, string>, projectId: string, spec: TExportSpecInput = {}) {
  const res = await app.inject({ method: "POST", url: `/api/v1/projects/${projectId}/exports`, headers, payload: spec });
  expect(res.statusCode, res.body).toBe(202);
  const done = await waitForExport(app, headers, res.json().id);
  expect(done.status, done.error).toBe("COMPLETED");
  return done;
}

/** One split file's rows, downloaded through the API. */
export async function downloadRows(
  app: TApp,
  headers: Record<string, string>,
  exportId: string,
  split = "train",
): Promise<Record<string, unknown>[]> {
  const res = await app.inject({ method: "GET", url: `/api/v1/exports/${exportId}/download?split=${split}`, headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.body
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

/** Stores an answered assignment directly (the labeling path has its own tests). */
export async function annotate(
  app: TApp,
  input: {
    projectId: string;
    itemId: string;
    labelerId: string;
    formVersionId: string;
    answers: Record<string, unknown>;
    createdAt?: Date;
    durationMs?: number;
  },
) {
  const assignment = await app.prisma.assignment.create({
    data: {
      projectId: input.projectId,
      itemId: input.itemId,
      labelerId: input.labelerId,
      status: "SUBMITTED",
      formVersionId: input.formVersionId,
      leaseExpiresAt: new Date(),
      submittedAt: new Date(),
    },
  });
  return app.prisma.annotation.create({
    data: {
      assignmentId: assignment.id,
      projectId: input.projectId,
      itemId: input.itemId,
      labelerId: input.labelerId,
      formVersionId: input.formVersionId,
      answer: input.answers as object,
      displayOrder: [],
      durationMs: input.durationMs ?? 12_000,
      ...(input.createdAt ? { createdAt: input.createdAt } : {}),
    },
  });
}

export type TMixedProject = Awaited<ReturnType<typeof seedMixedProject>>;

/**
 * A project on MIXED_FORM with two live items, a honeypot and a screening item, answered by three
 * labelers: h1 (human, QUALIFIED, gold 0.9), h2 (human, SUPER_RATER, gold 0.6) and ai (kind AI).
 * The pair rows each filter yields are hand-computed in exports-formats.test.ts.
 */
export async function seedMixedProject(app: TApp, researcher: TTestUser) {
  const project = await createTestProject(app, researcher, { overlap: 3 });
  const form = await saveForm(app.prisma, project.id, researcher.id, ZFormDefinition.parse(MIXED_FORM));
  const imported = await importItems(app, project.id, researcher, [
    {
      external_id: "capital",
      prompt: [
        { role: "system", content: "Answer briefly." },
        { role: "user", content: "Capital of France?" },
      ],
      responses: [
        { id: "a", model: "m-a", content: "Paris" },
        { id: "b", model: "m-b", content: "Lyon" },
        { id: "c", model: "m-c", content: "France's capital is Paris.\nIt has been since 987.\nSo: Paris." },
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
    {
      external_id: "honey",
      prompt: "Gold question?",
      responses: [
        { id: "h1", content: "gold" },
        { id: "h2", content: "lead" },
      ],
    },
    {
      external_id: "screen",
      prompt: "Screening question?",
      responses: [
        { id: "s1", content: "right" },
        { id: "s2", content: "wrong" },
      ],
    },
  ]);
  expect(imported.statusCode, imported.body).toBe(200);
  const items = Object.fromEntries(
    (await app.prisma.item.findMany({ where: { projectId: project.id } })).map((i) => [i.externalId, i.id]),
  ) as Record<"capital" | "sum" | "honey" | "screen", string>;
  await app.prisma.item.update({ where: { id: items.honey }, data: { role: "HONEYPOT" } });
  await app.prisma.item.update({ where: { id: items.screen }, data: { role: "SCREENING" } });

  const h1 = await createUser(app, "LABELER");
  const h2 = await createUser(app, "LABELER");
  const ai = await createUser(app, "LABELER", { kind: "AI" });
  await app.prisma.projectMember.createMany({
    data: [
      { projectId: project.id, userId: h1.id, status: "QUALIFIED", goldAgreement: 0.9, goldCount: 10 },
      { projectId: project.id, userId: h2.id, status: "SUPER_RATER", goldAgreement: 0.6, goldCount: 10 },
      { projectId: project.id, userId: ai.id, status: "QUALIFIED" },
    ],
  });

  const base = { projectId: project.id, formVersionId: form.id };
  const checks = (a: "yes" | "no" | "unsure", b: "yes" | "no" | "unsure") => ({
    a: { no_medical: { verdict: "yes" }, cites: { verdict: a } },
    b: { no_medical: { verdict: b }, cites: { verdict: "no" } },
  });
  await annotate(app, {
    ...base,
    itemId: items.capital,
    labelerId: h1.id,
    createdAt: new Date("2026-03-01T10:00:00Z"),
    answers: {
      rank: [["a"], ["c"], ["b"], ["d"]],
      pair: { pair: ["a", "b"], value: -1 },
      score: { a: 7, b: 3, c: 6, d: 1 },
      checks: checks("yes", "yes"),
      steps: { c: [1, 0, -1] },
    },
  });
  await annotate(app, {
    ...base,
    itemId: items.capital,
    labelerId: h2.id,
    createdAt: new Date("2026-03-05T10:00:00Z"),
    answers: {
      rank: [["c"], ["a"], ["b", "d"]],
      pair: { pair: ["a", "b"], value: 2 },
      score: { a: 6, b: 2, c: 7, d: 1 },
      checks: checks("no", "no"),
      steps: { c: [1, 1, 1] },
    },
  });
  await annotate(app, {
    ...base,
    itemId: items.capital,
    labelerId: ai.id,
    createdAt: new Date("2026-03-02T10:00:00Z"),
    answers: {
      rank: [["a"], ["b"], ["c"], ["d"]],
      pair: { pair: ["a", "b"], value: -3 },
      score: { a: 7, b: 4, c: 5, d: 1 },
      checks: checks("yes", "no"),
    },
  });
  await annotate(app, {
    ...base,
    itemId: items.sum,
    labelerId: h1.id,
    createdAt: new Date("2026-03-01T11:00:00Z"),
    answers: { rank: [["x"], ["y"]], pair: { pair: ["x", "y"], value: -1 } },
  });
  await annotate(app, {
    ...base,
    itemId: items.sum,
    labelerId: ai.id,
    createdAt: new Date("2026-03-02T11:00:00Z"),
    answers: { rank: [["x"], ["y"]] },
  });
  await annotate(app, {
    ...base,
    itemId: items.honey,
    labelerId: h1.id,
    createdAt: new Date("2026-03-01T12:00:00Z"),
    answers: { rank: [["h1"], ["h2"]] },
  });
  await annotate(app, {
    ...base,
    itemId: items.screen,
    labelerId: h1.id,
    createdAt: new Date("2026-03-01T13:00:00Z"),
    answers: { rank: [["s1"], ["s2"]] },
  });
  return { project, form, items, labelers: { h1, h2, ai } };
}
