import { parse as parseYaml } from "yaml";
import { describe, expect, it } from "vitest";
import {
  buildDatasetCard,
  buildManifest,
  createExportBuilder,
  openRlhfRowSchema,
  serializeManifest,
  type TExportSpecInput,
  ZExportManifest,
  ZHhRlhfRow,
  ZRatingsRow,
  ZRawRow,
  ZRulesRow,
  ZTrlPreferenceConversationalImplicitRow,
  ZTrlPreferenceConversationalRow,
  ZTrlPreferenceStandardImplicitRow,
  ZTrlPreferenceStandardRow,
  ZTrlStepwiseRow,
  ZTrlUnpairedConversationalRow,
  ZTrlUnpairedStandardRow,
} from "../../src/index.ts";
import type { z } from "zod";
import { annotation, item, spec } from "./fixtures.ts";

/** Two labelers on one item, answering every question of the mixed form. */
function labeledItem() {
  return item([
    annotation({
      rank: [["a"], ["c"], ["b", "d"]],
      pair: { pair: ["a", "b"], value: -2 },
      score: { a: 7, b: 2, c: 6, d: 1 },
      checks: {
        a: { no_medical: { verdict: "yes" }, cites: { verdict: "no" } },
        b: { no_medical: { verdict: "yes" }, cites: { verdict: "unsure" } },
      },
      steps: { c: [1, 0, 1], a: [-1] },
      note: "fine",
    }),
    annotation(
      {
        rank: [["c"], ["a"], ["b"], ["d"]],
        pair: { pair: ["a", "b"], value: 0 },
        score: { a: 6, b: 1, c: 7, d: 1 },
        checks: {
          a: { no_medical: { verdict: "yes" }, cites: { verdict: "yes" } },
          b: { no_medical: { verdict: "no" }, cites: { verdict: "unsure" } },
        },
        steps: { c: [1, -1] },
      },
      { labelerKind: "AI", labeler: "lab_00000000000000aa", tier: null },
    ),
  ]);
}

function rows(input: TExportSpecInput) {
  const builder = createExportBuilder(spec(input));
  const lines = builder.addItem(labeledItem());
  return { builder, lines, parsed: lines.map((l) => JSON.parse(l.text) as Record<string, unknown>) };
}

function expectAll(parsed: unknown[], schema: z.ZodType) {
  for (const row of parsed) expect(schema.safeParse(row).error?.issues ?? []).toEqual([]);
}

describe("row formats match the trainers' documented fields", () => {
  it("trl-preference, conversational with explicit prompt (the default)", () => {
    const { parsed, builder } = rows({ criterion: "helpful", dedupe: false });
    // rank: annotation 1 → a>c, a>b, a>d, c>b, c>d (5); annotation 2 → 6 pairs. 11 in all.
    expect(parsed).toHaveLength(11);
    expectAll(parsed, ZTrlPreferenceConversationalRow);
    expect(Object.keys(parsed[0] as object)).toEqual(["prompt", "chosen", "rejected"]);
    expect(parsed[0]).toEqual({
      prompt: [
        { role: "system", content: "Be brief." },
        { role: "user", content: "What is 2+2?" },
      ],
      chosen: [{ role: "assistant", content: "4" }],
      rejected: [{ role: "assistant", content: "Let x = 2.\nThen x + x = 4.\nSo the answer is 4." }],
    });
    expect(builder.counts).toMatchObject({
      annotations: 2,
      items: 1,
      rows: 11,
      pairs: 11,
      ties: 0,
      duplicates: 0,
      criteria: { helpful: 11 },
      labelers: { HUMAN: 1, AI: 1 },
    });
  });

  it("dedupes identical (prompt, chosen, rejected) rows", () => {
    // a>b, a>d, c>b, c>d appear in both annotations: 11 − 4 = 7.
    const { parsed, builder } = rows({ criterion: "helpful" });
    expect(parsed).toHaveLength(7);
    expect(builder.counts.duplicates).toBe(4);
  });

  it("trl-preference variants: implicit prompt, standard style, margin", () => {
    expectAll(rows({ prompt: "implicit" }).parsed, ZTrlPreferenceConversationalImplicitRow);
    expectAll(rows({ style: "standard" }).parsed, ZTrlPreferenceStandardRow);
    expectAll(rows({ style: "standard", prompt: "implicit" }).parsed, ZTrlPreferenceStandardImplicitRow);
    const implicit = rows({ prompt: "implicit" }).parsed[0] as { chosen: { role: string }[] };
    expect(implicit.chosen.map((m) => m.role)).toEqual(["system", "user", "assistant"]);
    const standard = rows({ style: "standard" }).parsed[0] as { prompt: string; chosen: string };
    expect(standard.prompt).toBe("System: Be brief.\n\nUser: What is 2+2?");
    expect(standard.chosen).toBe("4");
    // Pairwise strength and rating gaps become margins.
    const honest = rows({ criterion: "honest", includeMargin: true }).parsed;
    expect(honest).toEqual([expect.objectContaining({ chosen: [{ role: "assistant", content: "4" }], margin: 2 })]);
    const gaps = rows({ questions: ["score"], ratingGap: 5, includeMargin: true, dedupe: false }).parsed.map((r) => r.margin);
    // Labeler 1 (a7 c6 b2 d1): a>b 5, a>d 6, c>d 5. Labeler 2 (c7 a6 b1 d1): c>b 6, c>d 6, a>b 5, a>d 5.
    expect(gaps).toEqual([5, 6, 5, 6, 6, 5, 5]);
  });

  it("keepTies writes tie rows with margin 0, and then every row carries a margin", () => {
    const { parsed, builder } = rows({ criterion: "honest", keepTies: true });
    expect(parsed.map((r) => r.margin)).toEqual([2, 0]);
    expect(builder.counts.ties).toBe(1);
  });

  it("openrlhf with custom keys", () => {
    const keys = { prompt: "context", chosen: "good", rejected: "bad" };
    const { parsed } = rows({ format: "openrlhf", keys, includeMargin: true });
    expectAll(parsed, openRlhfRowSchema(keys, { style: "conversational", prompt: "explicit" }));
    expect(Object.keys(parsed[0] as object)).toEqual(["context", "good", "bad", "margin"]);
    expectAll(
      rows({ format: "openrlhf", style: "standard", prompt: "implicit" }).parsed,
      openRlhfRowSchema({ prompt: "prompt", chosen: "chosen", rejected: "rejected" }, { style: "standard", prompt: "implicit" }),
    );
  });

  it("hh-rlhf transcripts", () => {
    const { parsed } = rows({ format: "hh-rlhf", criterion: "honest" });
    expectAll(parsed, ZHhRlhfRow);
    expect(parsed[0]).toEqual({
      chosen: "Be brief.\n\nHuman: What is 2+2?\n\nAssistant: 4",
      rejected: "Be brief.\n\nHuman: What is 2+2?\n\nAssistant: Five",
    });
  });

  it("trl-unpaired: each pair becomes chosen → true and rejected → false, as TRL's unpair_preference_dataset does", () => {
    const { parsed, builder } = rows({ format: "trl-unpaired", criterion: "honest" });
    expectAll(parsed, ZTrlUnpairedConversationalRow);
    expect(parsed.map((r) => [(r.completion as { content: string }[])[0]?.content, r.label])).toEqual([
      ["4", true],
      ["Five", false],
    ]);
    expect(builder.counts).toMatchObject({ pairs: 1, rows: 2 });
    expectAll(rows({ format: "trl-unpaired", style: "standard" }).parsed, ZTrlUnpairedStandardRow);
  });

  it("trl-stepwise: steps with bool labels, 0 → false, cut after the first −1", () => {
    const { parsed } = rows({ format: "trl-stepwise" });
    expectAll(parsed, ZTrlStepwiseRow);
    expect(parsed).toEqual([
      { prompt: "System: Be brief.\n\nUser: What is 2+2?", completions: ["4"], labels: [false] },
      {
        prompt: "System: Be brief.\n\nUser: What is 2+2?",
        completions: ["Let x = 2.", "Then x + x = 4.", "So the answer is 4."],
        labels: [true, false, true],
      },
      { prompt: "System: Be brief.\n\nUser: What is 2+2?", completions: ["Let x = 2.", "Then x + x = 4."], labels: [true, false] },
    ]);
  });

  it("ratings: one row per (item, response, criterion) with mean and count", () => {
    const { parsed } = rows({ format: "ratings" });
    expectAll(parsed, ZRatingsRow);
    expect(parsed.map((r) => [r.response_id, r.criterion, r.mean, r.count])).toEqual([
      ["a", "helpful", 6.5, 2],
      ["b", "helpful", 1.5, 2],
      ["c", "helpful", 6.5, 2],
      ["d", "helpful", 1, 2],
    ]);
  });

  it("rules: one row per (item, response, rule) with the majority verdict (null on a tie) and counts", () => {
    const { parsed } = rows({ format: "rules" });
    expectAll(parsed, ZRulesRow);
    expect(parsed.map((r) => [r.rule_id, r.response_id, r.criterion, r.verdict, r.yes, r.no, r.unsure])).toEqual([
      ["no_medical", "a", "harmless", "yes", 2, 0, 0],
      ["no_medical", "b", "harmless", null, 1, 1, 0],
      ["cites", "a", null, null, 1, 1, 0],
      ["cites", "b", null, "unsure", 0, 0, 2],
    ]);
    expect(rows({ format: "rules", criterion: "harmless" }).parsed).toHaveLength(2);
  });

  it("raw: every annotation with its answers and pseudonymous labeler", () => {
    const { parsed } = rows({ format: "raw" });
    expectAll(parsed, ZRawRow);
    expect(parsed.map((r) => [r.labeler_kind, r.tier])).toEqual([
      ["HUMAN", "QUALIFIED"],
      ["AI", null],
    ]);
    expect(Object.keys((parsed[0] as { answers: object }).answers)).toEqual(["rank", "pair", "score", "checks", "steps", "note"]);
    const filtered = rows({ format: "raw", criterion: "helpful" }).parsed;
    expect(Object.keys((filtered[0] as { answers: object }).answers)).toEqual(["rank", "score"]);
  });
});

describe("manifest and dataset card", () => {
  it("the card's YAML header maps splits to files the way `datasets` reads it", () => {
    const s = spec({ split: { train: 0.8, test: 0.2 } });
    const files = [
      { split: "train", name: "train.jsonl", rows: 8, bytes: 800, sha256: "a".repeat(64) },
      { split: "test", name: "test.jsonl", rows: 2, bytes: 200, sha256: "b".repeat(64) },
    ];
    const manifest = buildManifest({
      exportId: "11111111-1111-4111-8111-111111111111",
      projectId: "22222222-2222-4222-8222-222222222222",
      createdAt: "2026-01-02T03:04:05.000Z",
      appVersion: "0.1.0",
      spec: s,
      counts: rows({}).builder.counts,
      files,
      digest: "c".repeat(64),
    });
    expect(ZExportManifest.parse(JSON.parse(serializeManifest(manifest)))).toEqual(manifest);
    const card = buildDatasetCard(manifest);
    const header = /^---\n([\s\S]*?)\n---\n/.exec(card)?.[1] ?? "";
    expect(parseYaml(header)).toMatchObject({
      configs: [
        {
          config_name: "default",
          data_files: [
            { split: "train", path: "train.jsonl" },
            { split: "test", path: "test.jsonl" },
          ],
        },
      ],
    });
    expect(card).toContain('"test": "test.jsonl"');
  });
});
