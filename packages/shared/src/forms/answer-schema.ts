import { z } from "zod";
import type { TFormDefinition, TQuestion } from "./form-definition.ts";

export const ZStepLabel = z.union([z.literal(1), z.literal(0), z.literal(-1)]);
export type TStepLabel = z.infer<typeof ZStepLabel>;

export const ZRuleVerdict = z.enum(["yes", "no", "unsure"]);
export const ZSpan = z.object({ start: z.number().int().min(0), end: z.number().int().min(1) });
export type TSpan = z.infer<typeof ZSpan>;
export const ZRuleCell = z.object({ verdict: ZRuleVerdict, evidence: ZSpan.nullable().optional() });
export type TRuleCell = z.infer<typeof ZRuleCell>;

/** Answer shapes, one per question type (before checking against the item). */
export const ZRankingValue = z.array(z.array(z.string().min(1)).min(1)).min(1);
export const ZPairwiseValue = z.object({
  pair: z.tuple([z.string().min(1), z.string().min(1)]),
  /** Negative: the first response is better; positive: the second; 0: tie. |value| is the strength level. */
  value: z.number().int(),
});
export const ZRatingValue = z.record(z.string(), z.number().int());
export const ZChoiceValue = z.union([z.string().min(1), z.array(z.string().min(1))]);
export const ZTextValue = z.string();
export const ZRulesValue = z.record(z.string(), z.record(z.string(), ZRuleCell));
export const ZStepsValue = z.record(z.string(), z.array(ZStepLabel));

export type TRankingValue = z.infer<typeof ZRankingValue>;
export type TPairwiseValue = z.infer<typeof ZPairwiseValue>;
export type TRatingValue = z.infer<typeof ZRatingValue>;
export type TChoiceValue = z.infer<typeof ZChoiceValue>;
export type TRulesValue = z.infer<typeof ZRulesValue>;
export type TStepsValue = z.infer<typeof ZStepsValue>;

/** Answers to a form, keyed by question id. */
export type TAnswers = Record<string, unknown>;

/** What the answer is checked against: the item as this labeler saw it. */
export type TAnswerContext = {
  responses: { id: string; content: string; steps?: string[] | null }[];
  /** The pair the server sampled for each pairwise question (by question id). */
  pairs?: Record<string, [string, string]>;
};

const VALUE_SCHEMAS: Record<TQuestion["type"], z.ZodType> = {
  ranking: ZRankingValue,
  pairwise: ZPairwiseValue,
  rating: ZRatingValue,
  choice: ZChoiceValue,
  text: ZTextValue,
  rules: ZRulesValue,
  steps: ZStepsValue,
};

/** The steps a response is split into: given on import, or its non-empty lines. */
export function splitSteps(response: { content: string; steps?: string[] | null }): string[] {
  if (response.steps?.length) return response.steps;
  return response.content
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
}

/** An own property only: a question or rule id like "constructor" must not find Object.prototype's. */
function own<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Whether a question is shown, given the answers so far. */
export function isQuestionVisible(question: TQuestion, answers: TAnswers): boolean {
  if (!question.condition) return true;
  const actual = own(answers, question.condition.questionId);
  const wanted = Array.isArray(question.condition.equals) ? question.condition.equals : [question.condition.equals];
  if (Array.isArray(actual)) return actual.some((v) => wanted.includes(v));
  return actual !== undefined && wanted.includes(actual as string | number | boolean);
}

/** Unanswered: nothing, blank text, an empty list, or an empty record (rating, rules, steps). */
function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === "string") return value.trim() === "";
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === "object" && Object.keys(value).length === 0;
}

type TIssue = { path: (string | number)[]; message: string };

function checkIds(ids: string[], known: string[], path: (string | number)[], issues: TIssue[], requireAll: boolean) {
  const knownSet = new Set(known);
  const counts = new Map<string, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  const unknown = [...counts.keys()].filter((id) => !knownSet.has(id));
  const duplicate = [...counts].filter(([, n]) => n > 1).map(([id]) => id);
  const missing = requireAll ? known.filter((id) => !counts.has(id)) : [];
  if (unknown.length) issues.push({ path, message: `unknown response ids: ${unknown.join(", ")}` });
  if (duplicate.length) issues.push({ path, message: `duplicate response ids: ${duplicate.join(", ")}` });
  if (missing.length) issues.push({ path, message: `missing response ids: ${missing.join(", ")}` });
}

/** Checks one question's (well-shaped) value; item checks run only when a context is given. */
function checkValue(q: TQuestion, value: unknown, ctx: TAnswerContext | undefined, issues: TIssue[]) {
  const p = [q.id];
  const ids = ctx?.responses.map((r) => r.id);
  switch (q.type) {
    case "ranking": {
      const tiers = value as TRankingValue;
      if (!q.allowTies) {
        tiers.forEach((t, i) => {
          if (t.length > 1) issues.push({ path: [...p, i], message: "ties are not allowed in this question" });
        });
      }
      if (!ids) return;
      if (q.topK === null) return checkIds(tiers.flat(), ids, p, issues, true);
      checkIds(tiers.flat(), ids, p, issues, false);
      const want = Math.min(q.topK, ids.length);
      if (tiers.flat().length < want) issues.push({ path: p, message: `rank at least the top ${want} responses` });
      return;
    }
    case "pairwise": {
      const v = value as TPairwiseValue;
      const n = q.strengths.length;
      if (v.value < -n || v.value > n) issues.push({ path: [...p, "value"], message: `value must be between -${n} and ${n}` });
      if (v.value === 0 && !q.allowTie) issues.push({ path: [...p, "value"], message: "a tie is not allowed in this question" });
      if (v.pair[0] === v.pair[1]) issues.push({ path: [...p, "pair"], message: "the pair needs two different responses" });
      if (ids) checkIds(v.pair, ids, [...p, "pair"], issues, false);
      const sampled = ctx?.pairs ? own(ctx.pairs, q.id) : undefined;
      if (sampled && (sampled[0] !== v.pair[0] || sampled[1] !== v.pair[1])) {
        issues.push({ path: [...p, "pair"], message: `answer the pair you were shown: ${sampled.join(" vs ")}` });
      }
      return;
    }
    case "rating": {
      const v = value as TRatingValue;
      for (const [id, score] of Object.entries(v)) {
        if (score < q.min || score > q.max) issues.push({ path: [...p, id], message: `rating must be between ${q.min} and ${q.max}` });
      }
      if (ids) checkIds(Object.keys(v), ids, p, issues, true);
      return;
    }
    case "choice": {
      const allowed = new Set(q.options.map((o) => o.value));
      if (q.multiple !== Array.isArray(value)) {
        issues.push({ path: p, message: q.multiple ? "expected a list of options" : "expected a single option" });
        return;
      }
      const chosen = Array.isArray(value) ? value : [value as string];
      chosen.forEach((c, i) => {
        if (!allowed.has(c)) issues.push({ path: Array.isArray(value) ? [...p, i] : p, message: `"${c}" is not an option` });
      });
      if (new Set(chosen).size !== chosen.length) issues.push({ path: p, message: "an option is chosen twice" });
      return;
    }
    case "text": {
      const v = (value as string).trim();
      if (v.length < q.minLength) issues.push({ path: p, message: `write at least ${q.minLength} characters` });
      if (v.length > q.maxLength) issues.push({ path: p, message: `write at most ${q.maxLength} characters` });
      return;
    }
    case "rules": {
      const v = value as TRulesValue;
      const ruleIds = q.rules.map((r) => r.id);
      for (const [responseId, cells] of Object.entries(v)) {
        const content = ctx?.responses.find((r) => r.id === responseId)?.content;
        for (const [ruleId, cell] of Object.entries(cells)) {
          const cp = [...p, responseId, ruleId];
          if (!ruleIds.includes(ruleId)) issues.push({ path: cp, message: `unknown rule "${ruleId}"` });
          if (cell.verdict === "unsure" && !q.allowUnsure) issues.push({ path: [...cp, "verdict"], message: "unsure is not allowed" });
          const span = cell.evidence;
          if (span) {
            if (span.end <= span.start) issues.push({ path: [...cp, "evidence"], message: "evidence end must be after its start" });
            else if (content !== undefined && span.end > content.length) {
              issues.push({
                path: [...cp, "evidence"],
                message: `evidence span ${span.start}-${span.end} is outside the response (${content.length} characters)`,
              });
            }
          }
        }
        if (q.required) {
          const missing = ruleIds.filter((r) => !Object.hasOwn(cells, r));
          if (missing.length) issues.push({ path: [...p, responseId], message: `missing verdicts for rules: ${missing.join(", ")}` });
        }
      }
      if (ids) checkIds(Object.keys(v), ids, p, issues, q.required);
      return;
    }
    case "steps": {
      const v = value as TStepsValue;
      if (ids) checkIds(Object.keys(v), ids, p, issues, q.required);
      for (const [responseId, labels] of Object.entries(v)) {
        const response = ctx?.responses.find((r) => r.id === responseId);
        const firstNegative = labels.indexOf(-1);
        if (q.stopAtFirstNegative && firstNegative !== -1 && firstNegative < labels.length - 1) {
          issues.push({ path: [...p, responseId], message: `labeling stops at the first -1 (step ${firstNegative + 1})` });
        }
        if (!response) continue;
        const count = splitSteps(response).length;
        const stoppedEarly = q.stopAtFirstNegative && labels[labels.length - 1] === -1;
        if (labels.length > count || (!stoppedEarly && labels.length !== count)) {
          issues.push({
            path: [...p, responseId],
            message: `expected ${count} step labels${q.stopAtFirstNegative ? " (or fewer, ending at the first -1)" : ""}, got ${labels.length}`,
          });
        }
      }
      return;
    }
  }
}

/**
 * The zod schema for answers to `form`. Shapes and ranges are always checked; with `ctx`, answers
 * are also checked against the item (response ids, step counts, evidence spans, the sampled pair).
 * Issue paths start at the question id, e.g. `["rules_check", "r2", "no_medical_advice", "evidence"]`.
 */
export function buildAnswerSchema(form: TFormDefinition, ctx?: TAnswerContext) {
  const byId = new Map(form.questions.map((q) => [q.id, q]));
  return z.record(z.string(), z.unknown()).superRefine((answers, zctx) => {
    const issues: TIssue[] = [];
    for (const key of Object.keys(answers)) {
      if (!byId.has(key)) issues.push({ path: [key], message: `unknown question "${key}"` });
    }
    for (const q of form.questions) {
      const value = own(answers, q.id);
      const visible = isQuestionVisible(q, answers);
      if (!visible) {
        if (!isEmpty(value)) issues.push({ path: [q.id], message: "this question is hidden by its condition; leave it unanswered" });
        continue;
      }
      if (isEmpty(value)) {
        if (q.required) issues.push({ path: [q.id], message: "required" });
        continue;
      }
      const shaped = VALUE_SCHEMAS[q.type].safeParse(value);
      if (!shaped.success) {
        for (const i of shaped.error.issues)
          issues.push({ path: [q.id, ...i.path.map((s) => (typeof s === "symbol" ? String(s) : s))], message: i.message });
        continue;
      }
      checkValue(q, shaped.data, ctx, issues);
    }
    for (const issue of issues) zctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
  });
}

/** The ranking with unranked responses (top-k questions) appended as one bottom tier. */
export function completeRanking(tiers: TRankingValue, responseIds: readonly string[]): TRankingValue {
  const ranked = new Set(tiers.flat());
  const rest = responseIds.filter((id) => !ranked.has(id));
  return rest.length ? [...tiers, rest] : tiers;
}
