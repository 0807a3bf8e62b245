import { z } from "zod";

/** Question ids are stable keys in stored answers; keep them short and machine-friendly. */
export const ZQuestionId = z
  .string()
  .min(1)
  .max(40)
  .regex(/^[a-z][a-z0-9_]*$/, "lowercase letters, digits and _; starts with a letter");

const ZConditionValue = z.union([z.string(), z.number(), z.boolean()]);

/** Show a question only when another question's answer equals (or, for multi-choice, includes) a value. */
export const ZCondition = z.object({
  questionId: ZQuestionId,
  equals: z.union([ZConditionValue, z.array(ZConditionValue).min(1)]),
});
export type TCondition = z.infer<typeof ZCondition>;

const base = {
  id: ZQuestionId,
  title: z.string().trim().min(1).max(300),
  help: z.string().max(2000).default(""),
  required: z.boolean().default(true),
  /** The alignment criterion this question measures (e.g. "helpful"); one reward model per criterion. */
  criterion: z.string().max(40).nullable().default(null),
  condition: ZCondition.nullable().default(null),
};

export const ZRankingQuestion = z.object({
  ...base,
  type: z.literal("ranking"),
  allowTies: z.boolean().default(true),
  /** Rank only the best k; the rest form one unranked bottom tier. Null ranks all. */
  topK: z.number().int().min(1).max(15).nullable().default(null),
});

export const ZPairwiseQuestion = z.object({
  ...base,
  type: z.literal("pairwise"),
  /** Strength labels from weakest to strongest, e.g. slightly better / better / much better. */
  strengths: z.array(z.string().min(1).max(40)).min(1).max(5).default(["Slightly better", "Better", "Much better"]),
  allowTie: z.boolean().default(true),
});

export const ZRatingQuestion = z.object({
  ...base,
  type: z.literal("rating"),
  min: z.number().int().min(-10).max(10).default(1),
  max: z.number().int().min(-9).max(20).default(7),
  /** Labels for some or all points, keyed by the point's value. */
  labels: z.record(z.string(), z.string().max(60)).default({}),
});

export const ZChoiceQuestion = z.object({
  ...base,
  type: z.literal("choice"),
  options: z
    .array(z.object({ value: z.string().min(1).max(60), label: z.string().min(1).max(200) }))
    .min(2)
    .max(30),
  multiple: z.boolean().default(false),
});

export const ZTextQuestion = z.object({
  ...base,
  type: z.literal("text"),
  minLength: z.number().int().min(0).max(20_000).default(0),
  maxLength: z.number().int().min(1).max(20_000).default(5000),
  placeholder: z.string().max(200).default(""),
});

export const ZRule = z.object({
  id: z
    .string()
    .min(1)
    .max(40)
    .regex(/^[a-z0-9_-]+$/),
  text: z.string().min(1).max(500),
  criterion: z.string().max(40).nullable().default(null),
});
export type TRule = z.infer<typeof ZRule>;

export const ZRulesQuestion = z.object({
  ...base,
  type: z.literal("rules"),
  rules: z.array(ZRule).min(1).max(50),
  allowUnsure: z.boolean().default(true),
});

export const ZStepsQuestion = z.object({
  ...base,
  type: z.literal("steps"),
  /** PRM800K-style: labeling ends at the first -1 step. */
  stopAtFirstNegative: z.boolean().default(true),
});

export const ZQuestion = z.discriminatedUnion("type", [
  ZRankingQuestion,
  ZPairwiseQuestion,
  ZRatingQuestion,
  ZChoiceQuestion,
  ZTextQuestion,
  ZRulesQuestion,
  ZStepsQuestion,
]);
export type TQuestion = z.infer<typeof ZQuestion>;
export type TQuestionInput = z.input<typeof ZQuestion>;
export type TQuestionType = TQuestion["type"];
export type TRankingQuestion = z.infer<typeof ZRankingQuestion>;
export type TPairwiseQuestion = z.infer<typeof ZPairwiseQuestion>;
export type TRatingQuestion = z.infer<typeof ZRatingQuestion>;
export type TChoiceQuestion = z.infer<typeof ZChoiceQuestion>;
export type TTextQuestion = z.infer<typeof ZTextQuestion>;
export type TRulesQuestion = z.infer<typeof ZRulesQuestion>;
export type TStepsQuestion = z.infer<typeof ZStepsQuestion>;

export const QUESTION_TYPES = [
  "ranking",
  "pairwise",
  "rating",
  "choice",
  "text",
  "rules",
  "steps",
] as const satisfies readonly TQuestionType[];

/** A project's feedback form: an ordered list of questions. */
export const ZFormDefinition = z.object({ questions: z.array(ZQuestion).min(1).max(50) }).superRefine((form, ctx) => {
  const index = new Map<string, number>();
  form.questions.forEach((q, i) => {
    if (index.has(q.id)) ctx.addIssue({ code: "custom", path: ["questions", i, "id"], message: `duplicate question id "${q.id}"` });
    index.set(q.id, i);
    if (q.type === "rating" && q.max <= q.min)
      ctx.addIssue({ code: "custom", path: ["questions", i, "max"], message: "max must be greater than min" });
    if (q.type === "text" && q.maxLength < q.minLength) {
      ctx.addIssue({ code: "custom", path: ["questions", i, "maxLength"], message: "maxLength must be at least minLength" });
    }
    if (q.type === "rules" && new Set(q.rules.map((r) => r.id)).size !== q.rules.length) {
      ctx.addIssue({ code: "custom", path: ["questions", i, "rules"], message: "rule ids must be unique" });
    }
    if (q.type === "choice" && new Set(q.options.map((o) => o.value)).size !== q.options.length) {
      ctx.addIssue({ code: "custom", path: ["questions", i, "options"], message: "option values must be unique" });
    }
  });
  // A condition may only look back, so the form can be answered top to bottom and never cycles.
  form.questions.forEach((q, i) => {
    if (!q.condition) return;
    const at = index.get(q.condition.questionId);
    const target = at === undefined ? undefined : form.questions[at];
    if (at === undefined || at >= i || !target) {
      ctx.addIssue({
        code: "custom",
        path: ["questions", i, "condition", "questionId"],
        message: `condition must refer to an earlier question`,
      });
      return;
    }
    // Only choice and text answers are compared with a value; anything else would hide the question for good.
    if (target.type !== "choice" && target.type !== "text") {
      ctx.addIssue({
        code: "custom",
        path: ["questions", i, "condition", "questionId"],
        message: `a condition can only refer to a choice or text question, not ${target.type}`,
      });
      return;
    }
    const wanted = Array.isArray(q.condition.equals) ? q.condition.equals : [q.condition.equals];
    const options = target.type === "choice" ? new Set(target.options.map((o) => o.value)) : null;
    const unreachable = wanted.filter((v) => typeof v !== "string" || (options !== null && !options.has(v)));
    if (unreachable.length) {
      ctx.addIssue({
        code: "custom",
        path: ["questions", i, "condition", "equals"],
        message: `${unreachable.map((v) => JSON.stringify(v)).join(", ")} can never be the answer to "${target.id}"`,
      });
    }
  });
});
export type TFormDefinition = z.infer<typeof ZFormDefinition>;
export type TFormDefinitionInput = z.input<typeof ZFormDefinition>;

/** Every project starts with this form: rank all responses, ties allowed. */
export const DEFAULT_FORM: TFormDefinition = ZFormDefinition.parse({
  questions: [{ id: "ranking", type: "ranking", title: "Rank the responses from best to worst" }],
});

export const ZFormVersion = z.object({
  id: z.uuid(),
  version: z.number().int(),
  definition: ZFormDefinition,
  createdAt: z.iso.datetime(),
  annotations: z.number().int(),
});
export type TFormVersion = z.infer<typeof ZFormVersion>;

export const ZSaveFormRequest = z.object({ definition: ZFormDefinition });
