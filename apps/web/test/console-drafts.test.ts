import { DEFAULT_CRITERIA, QUESTION_TYPES, type TQuestion, ZExportSpec, ZFormDefinition } from "@rankwise/shared";
import { describe, expect, it } from "vitest";
import { DEFAULT_DRAFT, toSpecInput, validateSpec } from "../src/components/console/exports/export-spec-draft.ts";
import { exportSnippets } from "../src/components/console/exports/export-snippets.ts";
import { friendlyMessage, toFieldErrors } from "../src/components/console/field-errors.ts";
import {
  conditionTargets,
  fromDefinition,
  moveItem,
  newQuestion,
  type TDraft,
  uniqueId,
  validateDraft,
} from "../src/components/console/form-builder/form-draft.ts";

function draftOf(...types: TQuestion["type"][]): TDraft {
  let draft: TDraft = [];
  for (const t of types) draft = [...draft, newQuestion(t, draft, DEFAULT_CRITERIA)];
  return draft;
}

describe("form builder draft", () => {
  it("adds every question type with valid defaults and unique ids", () => {
    const draft = draftOf(...QUESTION_TYPES, "rating");
    expect(draft.map((d) => d.q.id)).toEqual(["ranking", "pairwise", "rating", "choice", "text", "rules", "steps", "rating_2"]);
    const { definition, count } = validateDraft(draft);
    expect(count).toBe(0);
    expect(ZFormDefinition.safeParse(definition).success).toBe(true);
    expect(new Set(draft.map((d) => d.key)).size).toBe(draft.length);
  });

  it("places schema messages at the question and field they are about, in people's words", () => {
    const draft = draftOf("ranking", "rating", "choice");
    const [ranking, rating, choice] = draft as [TDraft[0], TDraft[0], TDraft[0]];
    if (rating.q.type !== "rating" || choice.q.type !== "choice") throw new Error("types");
    const broken: TDraft = [
      { ...ranking, q: { ...ranking.q, title: "  " } },
      { ...rating, q: { ...rating.q, max: 0 } },
      {
        ...choice,
        q: {
          ...choice.q,
          id: "Bad Id",
          options: [
            { value: "a", label: "A" },
            { value: "a", label: "B" },
          ],
        },
      },
    ];
    const v = validateDraft(broken);
    expect(v.definition).toBeNull();
    expect(v.byKey[ranking.key]).toEqual({ title: ["Required"] });
    expect(v.byKey[rating.key]).toEqual({ max: ["Must be higher than the lowest score"] });
    expect(v.byKey[choice.key]?.id?.[0]).toMatch(/^Lowercase letters/);
    expect(v.byKey[choice.key]?.options).toEqual(["Each option needs its own value"]);
    expect(v.count).toBe(4);
  });

  it("reports NaN numbers and empty conditions at the field", () => {
    const draft = draftOf("choice", "text");
    const [choice, text] = draft as [TDraft[0], TDraft[0]];
    if (text.q.type !== "text") throw new Error("type");
    const v = validateDraft([
      choice,
      { ...text, q: { ...text.q, maxLength: Number.NaN, condition: { questionId: "choice", equals: [] } } },
    ]);
    expect(v.byKey[text.key]?.maxLength).toEqual(["Enter a number"]);
    expect(v.byKey[text.key]?.["condition.equals"]).toEqual(["Pick the answer that shows this question"]);
  });

  it("keeps conditions pointing backwards: moving the target below is an error on the condition", () => {
    const draft = draftOf("choice", "text");
    const [choice, text] = draft as [TDraft[0], TDraft[0]];
    const conditional: TDraft = [choice, { ...text, q: { ...text.q, condition: { questionId: "choice", equals: "no" } } }];
    expect(validateDraft(conditional).count).toBe(0);
    expect(conditionTargets(conditional, 1).map((q) => q.id)).toEqual(["choice"]);
    const moved = moveItem(conditional, 1, 0);
    expect(validateDraft(moved).byKey[text.key]?.["condition.questionId"]?.[0]).toMatch(/earlier question/);
  });

  it("gives saved questions keys that are the same on the server and in the browser", () => {
    const def = ZFormDefinition.parse({ questions: [{ id: "a", type: "ranking", title: "A" }] });
    expect(fromDefinition(def)).toEqual(fromDefinition(def));
    expect(uniqueId("rating", new Set(["rating", "rating_2"]))).toBe("rating_3");
    expect(moveItem([1, 2, 3], 0, 2)).toEqual([2, 3, 1]);
    expect(moveItem([1, 2, 3], 0, 5)).toEqual([1, 2, 3]);
  });
});

describe("export spec draft", () => {
  it("turns percentages into fractions and leaves out settings the format does not use", () => {
    const input = toSpecInput({ ...DEFAULT_DRAFT, format: "ratings", train: 80, test: 10, validation: 10, minGoldAgreement: "75" });
    expect(input.split).toEqual({ train: 0.8, test: 0.1, validation: 0.1 });
    expect(input.minGoldAgreement).toBe(0.75);
    expect(input).not.toHaveProperty("pairs");
    expect(input).not.toHaveProperty("keys");
    expect(input).not.toHaveProperty("criterion");
    expect(ZExportSpec.safeParse(input).success).toBe(true);
  });

  it("maps a criterion choice onto the spec's three meanings", () => {
    expect(toSpecInput({ ...DEFAULT_DRAFT, criterion: "helpful" }).criterion).toBe("helpful");
    expect(toSpecInput({ ...DEFAULT_DRAFT, criterion: "" }).criterion).toBeNull();
  });

  it("explains a split that does not add up, keyed like the form", () => {
    const { spec, errors } = validateSpec({ ...DEFAULT_DRAFT, train: 75, test: 30 });
    expect(spec).toBeNull();
    expect(errors.split).toEqual(["The splits must add up to 100%"]);
    expect(validateSpec({ ...DEFAULT_DRAFT, format: "openrlhf", keyChosen: "" }).errors.keyChosen).toEqual(["Required"]);
  });

  it("writes snippets with the export's own URLs, files and checksums", () => {
    const spec = ZExportSpec.parse({ format: "trl-preference" });
    const exp = {
      id: "3f1c2e0a-0000-4000-8000-000000000001",
      projectId: "3f1c2e0a-0000-4000-8000-000000000002",
      spec,
      status: "COMPLETED" as const,
      progress: 1,
      rowsDone: 4,
      rowsTotal: 4,
      counts: {},
      criteria: {},
      labelers: {},
      files: [{ split: "train", name: "train.jsonl", rows: 3, bytes: 10, sha256: "ab".repeat(32) }],
      sha256: null,
      error: null,
      storage: "local",
      createdAt: "2026-01-01T00:00:00.000Z",
      startedAt: null,
      finishedAt: null,
    };
    const s = exportSnippets(exp, "https://rankwise.example");
    expect(s.curl).toContain(`-o train.jsonl "https://rankwise.example/api/v1/exports/${exp.id}/download?split=train"`);
    expect(s.curl).toContain(`${"ab".repeat(32)}  train.jsonl`);
    expect(s.python).toContain('load_dataset("json", data_files=data_files)');
    expect(s.python).toContain('[("train", "train.jsonl")]');
    expect(s.trainer).toContain("RewardTrainer(");
    expect(s.trainer).toContain("no test split");
  });
});

describe("field messages", () => {
  it("rewrites zod's defaults and keeps custom messages", () => {
    expect(friendlyMessage({ code: "too_small", origin: "string", minimum: 1, path: [], message: "x" })).toBe("Required");
    expect(friendlyMessage({ code: "too_big", origin: "number", maximum: 15, path: [], message: "x" })).toBe("At most 15");
    expect(friendlyMessage({ code: "custom", path: [], message: "condition must refer to an earlier question" })).toBe(
      "Condition must refer to an earlier question",
    );
    expect(toFieldErrors([{ path: ["body", "name"], message: "too long" }], 1)).toEqual({ name: ["Too long"] });
  });
});
