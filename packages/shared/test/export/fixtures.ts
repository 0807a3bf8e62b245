import {
  type TExportAnnotation,
  type TExportItem,
  type TExportSpec,
  type TExportSpecInput,
  type TFormDefinition,
  ZExportSpec,
  ZFormDefinition,
} from "../../src/index.ts";

/** A form with every question type that feeds an export, on two criteria. */
export const MIXED_FORM: TFormDefinition = ZFormDefinition.parse({
  questions: [
    { id: "rank", type: "ranking", title: "Rank", criterion: "helpful" },
    { id: "pair", type: "pairwise", title: "Which is more honest?", criterion: "honest" },
    { id: "score", type: "rating", title: "Helpfulness 1-7", criterion: "helpful" },
    {
      id: "checks",
      type: "rules",
      title: "Rules",
      rules: [
        { id: "no_medical", text: "Gives no medical diagnosis", criterion: "harmless" },
        { id: "cites", text: "Cites a source" },
      ],
    },
    { id: "steps", type: "steps", title: "Label each step", criterion: "correct" },
    { id: "note", type: "text", title: "Anything else?", required: false },
  ],
});

export function spec(input: TExportSpecInput = {}): TExportSpec {
  return ZExportSpec.parse(input);
}

let n = 0;
export function annotation(answers: Record<string, unknown>, over: Partial<TExportAnnotation> = {}): TExportAnnotation {
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    labeler: `lab_${String(n % 3).padStart(16, "0")}`,
    labelerKind: "HUMAN",
    tier: "QUALIFIED",
    formVersion: 1,
    form: MIXED_FORM,
    answers,
    displayOrder: [],
    durationMs: 1000,
    createdAt: "2026-01-01T00:00:00.000Z",
    ...over,
  };
}

export function item(annotations: TExportAnnotation[], over: Partial<TExportItem> = {}): TExportItem {
  return {
    id: "item-1",
    externalId: "q1",
    prompt: [
      { role: "system", content: "Be brief." },
      { role: "user", content: "What is 2+2?" },
    ],
    responses: [
      { id: "a", model: "m1", content: "4" },
      { id: "b", model: "m2", content: "Five" },
      { id: "c", model: "m3", content: "Let x = 2.\nThen x + x = 4.\nSo the answer is 4." },
      { id: "d", model: null, content: "I don't know" },
    ],
    annotations,
    ...over,
  };
}
