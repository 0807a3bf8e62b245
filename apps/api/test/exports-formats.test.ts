import {
  openRlhfRowSchema,
  ZExportManifest,
  ZHhRlhfRow,
  ZRatingsRow,
  ZRawRow,
  ZRulesRow,
  ZTrlPreferenceConversationalRow,
  ZTrlPreferenceStandardRow,
  ZTrlStepwiseRow,
  ZTrlUnpairedConversationalRow,
  type TExportSpecInput,
} from "@rankwise/shared";
import type { Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import type { z } from "zod";
import { buildTestApp, type TTestContext } from "./helpers/app.ts";
import { annotate, downloadRows, runExport, seedMixedProject, startExportWorker, type TMixedProject } from "./helpers/export-fixtures.ts";
import { createTestProject, createUser, importItems, makeItems, type TTestUser } from "./helpers/fixtures.ts";

let ctx: TTestContext;
let worker: Worker;
let researcher: TTestUser;
let engineer: TTestUser;
let mixed: TMixedProject;

beforeAll(async () => {
  ctx = await buildTestApp();
  researcher = await createUser(ctx.app, "RESEARCHER");
  engineer = await createUser(ctx.app, "ENGINEER");
  worker = startExportWorker(ctx);
  mixed = await seedMixedProject(ctx.app, researcher);
});
afterAll(async () => {
  await worker.close();
  await ctx.close();
});

const exportRows = async (spec: TExportSpecInput) => {
  const done = await runExport(ctx.app, engineer.headers, mixed.project.id, spec);
  const rows = done.files.length ? await downloadRows(ctx.app, engineer.headers, done.id) : [];
  return { done, rows };
};
const expectRows = (rows: unknown[], schema: z.ZodType) => {
  for (const row of rows) expect(schema.safeParse(row).error?.issues ?? []).toEqual([]);
};
const preview = async (projectId: string, spec: TExportSpecInput) => {
  const res = await ctx.app.inject({
    method: "POST",
    url: `/api/v1/projects/${projectId}/exports/preview`,
    headers: engineer.headers,
    payload: spec,
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
};

/*
 * Pairs per annotation on the mixed project (rank is "helpful", pair is "honest"):
 *   capital h1: rank a>c a>b a>d c>b c>d b>d, pair a>b      capital h2: rank c>a c>b c>d a>b a>d (b=d), pair b>a
 *   capital ai: rank a>b a>c a>d b>c b>d c>d, pair a>b      sum h1: rank x>y, pair x>y      sum ai: rank x>y
 *   honey (honeypot) h1: h1>h2                              screen (screening) h1: s1>s2, never exported
 * A row is a distinct (prompt, chosen, rejected): dedupe keeps the first of each.
 */
describe("every format, end to end through the API and the worker", () => {
  it("trl-preference: humans only, honeypots and screening out, deduped (9 rows of 15 pairs)", async () => {
    const { done, rows } = await exportRows({});
    // capital: a>c a>b a>d c>b c>d b>d c>a b>a (8) + sum: x>y (1).
    expect(done.counts).toMatchObject({
      annotations: 3,
      items: 2,
      rows: 9,
      pairs: 9,
      ties: 0,
      duplicates: 6,
      train: 9,
      test: 0,
      validation: 0,
    });
    expect(done.labelers).toEqual({ HUMAN: 2, AI: 0 });
    // Within an annotation the form's order decides which question's copy of a pair is kept: rank before pair.
    expect(done.criteria).toEqual({ helpful: 8, honest: 1 });
    expect(rows).toHaveLength(9);
    expectRows(rows, ZTrlPreferenceConversationalRow);
    expect(rows.map((r) => JSON.stringify(r)).join("\n")).not.toMatch(/Gold question|Screening question/);
    const text = (r: Record<string, unknown>, k: string) => (r[k] as { content: string }[])[0]?.content;
    const capital = rows
      .filter((r) => (r.prompt as { content: string }[])[1]?.content === "Capital of France?")
      .map((r) => `${text(r, "chosen")} > ${text(r, "rejected")}`);
    expect(capital.sort()).toEqual(
      [
        "Paris > France's capital is Paris.\nIt has been since 987.\nSo: Paris.",
        "Paris > Lyon",
        "Paris > I don't know",
        "France's capital is Paris.\nIt has been since 987.\nSo: Paris. > Lyon",
        "France's capital is Paris.\nIt has been since 987.\nSo: Paris. > I don't know",
        "Lyon > I don't know",
        "France's capital is Paris.\nIt has been since 987.\nSo: Paris. > Paris",
        "Lyon > Paris",
      ].sort(),
    );
  });

  it("trl-preference, standard style with margins from pairwise strength", async () => {
    const { rows } = await exportRows({ style: "standard", criterion: "honest", includeMargin: true });
    expectRows(rows, ZTrlPreferenceStandardRow);
    expect(rows.map((r) => [r.prompt, r.chosen, r.rejected, r.margin]).sort()).toEqual(
      [
        ["2+2?", "4", "5", 1],
        ["System: Answer briefly.\n\nUser: Capital of France?", "Lyon", "Paris", 2],
        ["System: Answer briefly.\n\nUser: Capital of France?", "Paris", "Lyon", 1],
      ].sort(),
    );
  });

  it("trl-unpaired: two rows per pair, chosen true and rejected false", async () => {
    const { done, rows } = await exportRows({ format: "trl-unpaired" });
    expect(done.counts).toMatchObject({ pairs: 9, rows: 18 });
    expectRows(rows, ZTrlUnpairedConversationalRow);
    expect(rows.filter((r) => r.label === true)).toHaveLength(9);
  });

  it("openrlhf with its --prompt_key/--chosen_key/--rejected_key names and margin", async () => {
    const keys = { prompt: "context_messages", chosen: "winner", rejected: "loser" };
    const { rows } = await exportRows({ format: "openrlhf", keys, includeMargin: true });
    expect(rows).toHaveLength(9);
    expectRows(rows, openRlhfRowSchema(keys, { style: "conversational", prompt: "explicit" }));
  });

  it("hh-rlhf transcripts", async () => {
    const { rows } = await exportRows({ format: "hh-rlhf", criterion: "honest" });
    expectRows(rows, ZHhRlhfRow);
    expect(rows).toContainEqual({
      chosen: "Answer briefly.\n\nHuman: Capital of France?\n\nAssistant: Paris",
      rejected: "Answer briefly.\n\nHuman: Capital of France?\n\nAssistant: Lyon",
    });
    expect(rows).toContainEqual({ chosen: "\n\nHuman: 2+2?\n\nAssistant: 4", rejected: "\n\nHuman: 2+2?\n\nAssistant: 5" });
  });

  it("trl-stepwise: one row per labeled response, 0 → false, cut after the first −1", async () => {
    const { rows } = await exportRows({ format: "trl-stepwise" });
    expectRows(rows, ZTrlStepwiseRow);
    const steps = ["France's capital is Paris.", "It has been since 987.", "So: Paris."];
    expect(rows.map((r) => JSON.stringify(r)).sort()).toEqual(
      [
        { prompt: "System: Answer briefly.\n\nUser: Capital of France?", completions: steps, labels: [true, false, false] },
        { prompt: "System: Answer briefly.\n\nUser: Capital of France?", completions: steps, labels: [true, true, true] },
      ]
        .map((r) => JSON.stringify(r))
        .sort(),
    );
  });

  it("ratings: mean and count per (item, response, criterion)", async () => {
    const { rows } = await exportRows({ format: "ratings" });
    expectRows(rows, ZRatingsRow);
    expect(rows.map((r) => [r.response_id, r.criterion, r.mean, r.count])).toEqual([
      ["a", "helpful", 6.5, 2],
      ["b", "helpful", 2.5, 2],
      ["c", "helpful", 6.5, 2],
      ["d", "helpful", 1, 2],
    ]);
  });

  it("rules: majority verdict per (item, response, rule), null on a split vote", async () => {
    const { done, rows } = await exportRows({ format: "rules" });
    expectRows(rows, ZRulesRow);
    expect(rows.map((r) => [r.rule_id, r.response_id, r.verdict, r.yes, r.no])).toEqual([
      ["no_medical", "a", "yes", 2, 0],
      ["no_medical", "b", null, 1, 1],
      ["cites", "a", null, 1, 1],
      ["cites", "b", "no", 0, 2],
    ]);
    expect(done.criteria).toEqual({ harmless: 2, "(none)": 2 });
  });

  it("raw: every annotation, with stable pseudonyms and no ids or emails", async () => {
    const { rows } = await exportRows({ format: "raw", labelerKind: "ALL" });
    expectRows(rows, ZRawRow);
    expect(rows).toHaveLength(5);
    const dump = JSON.stringify(rows);
    for (const l of Object.values(mixed.labelers)) {
      expect(dump).not.toContain(l.id);
      expect(dump).not.toContain(l.email);
    }
    expect(new Set(rows.map((r) => r.labeler)).size).toBe(3);
    expect(rows.find((r) => r.labeler_kind === "AI")).toMatchObject({ tier: "QUALIFIED", form_version: 1, duration_ms: 12000 });
    // Exactly the stored answers of every question type, with their form version and display order.
    for (const row of rows.map((r) => ZRawRow.parse(r))) {
      const stored = await ctx.app.prisma.annotation.findUniqueOrThrow({
        where: { id: row.annotation_id },
        include: { formVersion: true },
      });
      expect(row.answers).toEqual(stored.answer);
      expect(row.form_version).toBe(stored.formVersion?.version ?? null);
      expect(row.display_order).toEqual(stored.displayOrder);
    }
    expect(new Set(rows.flatMap((r) => Object.keys(ZRawRow.parse(r).answers))).size).toBeGreaterThanOrEqual(5);
    const again = await exportRows({ format: "raw", labelerKind: "ALL" });
    expect(again.rows.map((r) => r.labeler)).toEqual(rows.map((r) => r.labeler));
  });
});

describe("filters", () => {
  it.each([
    ["AI labelers only", 7, { labelerKind: "AI" }],
    ["humans and AI", 10, { labelerKind: "ALL" }],
    ["super raters only", 6, { minTier: "SUPER_RATER" }],
    ["qualified and up", 9, { minTier: "QUALIFIED" }],
    ["gold agreement ≥ 0.8", 7, { minGoldAgreement: 0.8 }],
    ["honeypots included", 10, { excludeHoneypots: false }],
    ["criterion helpful", 8, { criterion: "helpful" }],
    ["question pair only", 3, { questions: ["pair"] }],
    ["answered from 2026-03-02", 6, { from: "2026-03-02T00:00:00Z" }],
    ["answered up to 2026-03-01", 7, { to: "2026-03-01T23:59:59Z" }],
    ["no dedupe", 15, { dedupe: false }],
    // helpful a>b a>d c>b c>d (2-0) and b>d (1.5-0.5); a/c and the honest a/b split evenly; sum x>y once.
    ["majority vote", 6, { aggregation: "majority" }],
    ["majority of at least 2", 5, { aggregation: "majority", minAnnotators: 2 }],
  ] as [string, number, TExportSpecInput][])("%s → %i rows, and the preview agrees", async (_name, expected, spec) => {
    const { done } = await exportRows(spec);
    expect(done.counts.rows).toBe(expected);
    const p = await preview(mixed.project.id, spec);
    expect(p.complete).toBe(true);
    expect(p.counts).toEqual({
      annotations: done.counts.annotations,
      items: done.counts.items,
      rows: done.counts.rows,
      pairs: done.counts.pairs,
      ties: done.counts.ties,
      duplicates: done.counts.duplicates,
      splits: { train: done.counts.train, test: done.counts.test, validation: done.counts.validation },
      criteria: done.criteria,
      labelers: done.labelers,
    });
  });

  it("Bradley-Terry aggregation ranks each item's responses and writes margins", async () => {
    const { rows } = await exportRows({
      aggregation: "bradley-terry",
      criterion: "helpful",
      labelerKind: "ALL",
      pairs: "best-vs-worst",
      includeMargin: true,
    });
    expectRows(rows, ZTrlPreferenceConversationalRow);
    // capital: a is first in 2 of 3 rankings, d always last; sum: x > y.
    expect(
      rows.map((r) => `${(r.chosen as { content: string }[])[0]?.content} > ${(r.rejected as { content: string }[])[0]?.content}`).sort(),
    ).toEqual(["4 > 5", "Paris > I don't know"]);
    expect(rows.every((r) => (r.margin as number) > 0)).toBe(true);
  });
});

describe("splits, manifest and dataset card", () => {
  it("writes one file per split with no prompt in two splits, a manifest and a card `datasets` can read", async () => {
    const project = await createTestProject(ctx.app, researcher);
    const form = await ctx.app.prisma.formVersion.findFirstOrThrow({ where: { projectId: project.id } });
    await importItems(ctx.app, project.id, researcher, makeItems(60, 3));
    const labeler = await createUser(ctx.app, "LABELER");
    for (const item of await ctx.app.prisma.item.findMany({ where: { projectId: project.id } })) {
      await annotate(ctx.app, {
        projectId: project.id,
        itemId: item.id,
        labelerId: labeler.id,
        formVersionId: form.id,
        answers: { ranking: [["r1"], ["r2"], ["r3"]] },
      });
    }
    const spec = { split: { train: 0.6, test: 0.2, validation: 0.2 }, seed: 7 };
    const done = await runExport(ctx.app, engineer.headers, project.id, spec);
    expect(done.files.map((f: { name: string }) => f.name)).toEqual(["train.jsonl", "test.jsonl", "validation.jsonl"]);
    expect(done.counts.train + done.counts.test + done.counts.validation).toBe(180);
    expect(done.counts.train).toBeGreaterThan(done.counts.test);

    const seen = new Map<string, string>();
    for (const f of done.files as { split: string; rows: number }[]) {
      const rows = await downloadRows(ctx.app, engineer.headers, done.id, f.split);
      expect(rows).toHaveLength(f.rows);
      for (const r of rows) {
        const prompt = JSON.stringify(r.prompt);
        expect(seen.get(prompt) ?? f.split).toBe(f.split);
        seen.set(prompt, f.split);
      }
    }
    expect(seen.size).toBe(60);

    const manifestRes = await ctx.app.inject({
      method: "GET",
      url: `/api/v1/exports/${done.id}/files/manifest.json`,
      headers: engineer.headers,
    });
    expect(manifestRes.statusCode).toBe(200);
    const manifest = ZExportManifest.parse(JSON.parse(manifestRes.body));
    expect(manifest).toMatchObject({
      export_id: done.id,
      project_id: project.id,
      created_at: done.createdAt,
      format: "trl-preference",
      digest: done.sha256,
      files: done.files,
    });
    expect(manifest.counts.splits).toEqual({ train: done.counts.train, test: done.counts.test, validation: done.counts.validation });
    expect(manifest.counts.labelers).toEqual({ HUMAN: 1, AI: 0 });
    const viaApi = await ctx.app.inject({ method: "GET", url: `/api/v1/exports/${done.id}/manifest`, headers: engineer.headers });
    expect(viaApi.json()).toEqual(manifest);

    const card = await ctx.app.inject({ method: "GET", url: `/api/v1/exports/${done.id}/files/README.md`, headers: engineer.headers });
    expect(card.statusCode).toBe(200);
    expect(card.headers["content-type"]).toMatch(/text\/markdown/);
    const yaml = parseYaml(/^---\n([\s\S]*?)\n---\n/.exec(card.body)?.[1] ?? "");
    expect(yaml.configs).toEqual([
      {
        config_name: "default",
        data_files: [
          { split: "train", path: "train.jsonl" },
          { split: "test", path: "test.jsonl" },
          { split: "validation", path: "validation.jsonl" },
        ],
      },
    ]);

    const p = await preview(project.id, spec);
    expect(p.counts.splits).toEqual(manifest.counts.splits);
    // A preview over a budget stops at an item boundary and says so.
    const { previewExport } = await import("../src/services/exports/preview-export.ts");
    const { ZExportSpec } = await import("@rankwise/shared");
    const partial = await previewExport(ctx.app.prisma, project.id, ZExportSpec.parse(spec), 10);
    expect(partial).toMatchObject({ complete: false, annotationsTotal: 60 });
    expect(partial.annotationsScanned).toBeGreaterThanOrEqual(10);
    expect(partial.counts.rows).toBe(partial.annotationsScanned * 3);
  });
});

describe("bad input is a 4xx that changes nothing", () => {
  it.each([
    ["unknown question", { questions: ["rank", "nope"] }, ["body", "questions", 1]],
    ["unknown criterion", { criterion: "funny" }, ["body", "criterion"]],
    ["unknown form version", { formVersions: [9] }, ["body", "formVersions", 0]],
    ["a format nothing feeds", { format: "ratings", criterion: "honest" }, ["body", "format"]],
    ["clashing openrlhf keys", { format: "openrlhf", keys: { prompt: "x", chosen: "x", rejected: "y" } }, ["body", "keys"]],
    ["from after to", { from: "2026-04-01T00:00:00Z", to: "2026-03-01T00:00:00Z" }, ["body", "to"]],
    ["split not summing to 1", { split: { train: 0.5, test: 0.1 } }, ["body", "split"]],
    ["unknown format", { format: "csv" }, ["body", "format"]],
  ] as [string, unknown, (string | number)[]][])("%s", async (_name, payload, path) => {
    const before = await ctx.app.prisma.export.count();
    for (const url of [`/api/v1/projects/${mixed.project.id}/exports`, `/api/v1/projects/${mixed.project.id}/exports/preview`]) {
      const res = await ctx.app.inject({ method: "POST", url, headers: engineer.headers, payload: payload as object });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().error.code).toBe("VALIDATION_FAILED");
      expect(res.json().error.issues.map((i: { path: unknown }) => i.path)).toContainEqual(path);
    }
    expect(await ctx.app.prisma.export.count()).toBe(before);
  });

  it("labelers cannot export or preview; unknown exports are 404", async () => {
    const labeler = mixed.labelers.h1;
    for (const url of [`/api/v1/projects/${mixed.project.id}/exports`, `/api/v1/projects/${mixed.project.id}/exports/preview`]) {
      expect((await ctx.app.inject({ method: "POST", url, headers: labeler.headers, payload: {} })).statusCode).toBe(403);
    }
    for (const [method, suffix] of [
      ["GET", ""],
      ["POST", "/cancel"],
      ["DELETE", ""],
      ["GET", "/manifest"],
      ["GET", "/url"],
      ["GET", "/files/README.md"],
    ] as const) {
      const res = await ctx.app.inject({
        method,
        url: `/api/v1/exports/00000000-0000-4000-8000-000000000000${suffix}`,
        headers: engineer.headers,
      });
      expect(res.statusCode, `${method} ${suffix}`).toBe(404);
    }
    const bad = await ctx.app.inject({
      method: "GET",
      url: "/api/v1/exports/00000000-0000-4000-8000-000000000000/files/secrets.txt",
      headers: engineer.headers,
    });
    expect(bad.statusCode).toBe(400);
  });
});
