/**
 * The labeler's answers as the form UI holds them, and the pure steps between a control and the
 * API's answer shapes (see @rankwise/shared `answer-schema.ts`). No React, no DOM: unit-tested.
 */
import {
  isQuestionVisible,
  splitSteps,
  type TAnswers,
  type TFormDefinition,
  type TPairwiseQuestion,
  type TQuestion,
  type TRuleCell,
  type TRulesValue,
  type TSpan,
  type TStepLabel,
} from "@rankwise/shared";
import { createRanking, fromApiRanking, isRankingOf, type TRankingState, toApiRanking } from "./ranking-state.ts";

export type TFormResponse = { id: string; content: string; steps?: string[] | null };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function own(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Questions shown for these answers, in form order (a condition only looks back). */
export function visibleQuestions(form: TFormDefinition, answers: TAnswers): TQuestion[] {
  return form.questions.filter((q) => isQuestionVisible(q, answers));
}

/**
 * What is sent: answers to hidden questions are dropped (the API rejects them), walking the form
 * in order so a question hidden by a hidden question is dropped too. Unknown keys are dropped.
 */
export function pruneHiddenAnswers(form: TFormDefinition, answers: TAnswers): TAnswers {
  const kept: TAnswers = {};
  for (const q of form.questions) {
    const value = own(answers, q.id);
    if (value === undefined) continue;
    if (isQuestionVisible(q, kept)) kept[q.id] = value;
  }
  return kept;
}

// ---------- ranking ----------

/** Tiers for the board's state; with top-k, positions from k on form one unranked bottom tier. */
export function rankingValue(state: TRankingState, topK: number | null): string[][] {
  const tiers = toApiRanking(state);
  if (topK === null || topK >= state.order.length) return tiers;
  const kept: string[][] = [];
  let position = 0;
  for (const tier of tiers) {
    if (position >= topK) break;
    kept.push(tier);
    position += tier.length;
  }
  const rest = state.order.slice(position);
  return rest.length ? [...kept, rest] : kept;
}

/** The board's state for a stored value, or the display order when the value does not fit. */
export function rankingState(value: unknown, ids: readonly string[]): TRankingState {
  if (Array.isArray(value) && value.every((t) => Array.isArray(t) && t.every((id) => typeof id === "string"))) {
    const state = fromApiRanking(value as string[][]);
    if (isRankingOf(state, ids)) return state;
  }
  return createRanking(ids);
}

/**
 * A fresh task's answers: ranking questions start at the display order (submitting it as shown
 * is a valid answer, as on the original ranking page); everything else starts unanswered.
 */
export function initialAnswers(form: TFormDefinition, responseIds: readonly string[]): TAnswers {
  const answers: TAnswers = {};
  for (const q of form.questions) {
    if (q.type === "ranking") answers[q.id] = rankingValue(createRanking(responseIds), q.topK);
  }
  return answers;
}

// ---------- pairwise ----------

export type TScalePoint = { value: number; side: "first" | "tie" | "second"; strength: string };

/** The 2n+1 points of a pairwise scale, left (first much better) to right (second much better). */
export function pairwiseScale(q: Pick<TPairwiseQuestion, "strengths" | "allowTie">): TScalePoint[] {
  const n = q.strengths.length;
  const points: TScalePoint[] = [];
  for (let level = n; level >= 1; level--) points.push({ value: -level, side: "first", strength: q.strengths[level - 1] ?? "" });
  if (q.allowTie) points.push({ value: 0, side: "tie", strength: "Tie" });
  for (let level = 1; level <= n; level++) points.push({ value: level, side: "second", strength: q.strengths[level - 1] ?? "" });
  return points;
}

/** The pair a pairwise question compares: the server's sample, or the first two responses. */
export function pairFor(
  questionId: string,
  pairs: Record<string, [string, string]>,
  responseIds: readonly string[],
): [string, string] | null {
  const sampled = Object.hasOwn(pairs, questionId) ? pairs[questionId] : undefined;
  if (sampled) return sampled;
  const [a, b] = responseIds;
  return a !== undefined && b !== undefined ? [a, b] : null;
}

// ---------- rating ----------

export function ratingPoints(min: number, max: number): number[] {
  return Array.from({ length: Math.max(0, max - min + 1) }, (_, i) => min + i);
}

// ---------- rules ----------

function rulesRecord(value: unknown): TRulesValue {
  return isRecord(value) ? (value as TRulesValue) : {};
}

export function ruleCell(value: unknown, responseId: string, ruleId: string): TRuleCell | undefined {
  const byResponse = rulesRecord(value);
  const cells = Object.hasOwn(byResponse, responseId) ? byResponse[responseId] : undefined;
  return cells && Object.hasOwn(cells, ruleId) ? cells[ruleId] : undefined;
}

/** Sets a verdict, keeping any evidence already attached to the cell. */
export function setRuleVerdict(value: unknown, responseId: string, ruleId: string, verdict: TRuleCell["verdict"]): TRulesValue {
  const current = rulesRecord(value);
  const before = ruleCell(value, responseId, ruleId);
  const cell: TRuleCell = before?.evidence ? { verdict, evidence: before.evidence } : { verdict };
  return { ...current, [responseId]: { ...(current[responseId] ?? {}), [ruleId]: cell } };
}

/** Attaches (or with null, removes) evidence; a cell needs a verdict first, so none is a no-op. */
export function setRuleEvidence(value: unknown, responseId: string, ruleId: string, span: TSpan | null): TRulesValue {
  const current = rulesRecord(value);
  const before = ruleCell(value, responseId, ruleId);
  if (!before) return current;
  const cell: TRuleCell = span ? { verdict: before.verdict, evidence: span } : { verdict: before.verdict };
  return { ...current, [responseId]: { ...(current[responseId] ?? {}), [ruleId]: cell } };
}

// ---------- steps ----------

/** Step labels as the UI holds them: `null` for a step not labeled yet (labels may come out of order). */
export type TDraftStepLabels = (TStepLabel | null)[];

export function stepLabels(value: unknown, responseId: string): TDraftStepLabels {
  if (!isRecord(value)) return [];
  const labels = own(value, responseId);
  return Array.isArray(labels) ? labels.map((l) => (l === 1 || l === 0 || l === -1 ? l : null)) : [];
}

/** The first step labeled −1, or -1 when none is. */
export function firstNegative(labels: TDraftStepLabels): number {
  return labels.indexOf(-1);
}

/**
 * Labels step `index`. With stopAtFirstNegative, a −1 ends the labels there (later steps are not
 * judged: PRM800K), and changing that −1 to something else opens the later steps again.
 */
export function setStepLabel(labels: TDraftStepLabels, index: number, label: TStepLabel, stopAtFirstNegative: boolean): TDraftStepLabels {
  const next = [...labels];
  while (next.length < index) next.push(null);
  next[index] = label;
  if (stopAtFirstNegative) {
    const stop = firstNegative(next);
    if (stop !== -1) next.length = stop + 1;
  }
  while (next.length > 0 && next[next.length - 1] === null) next.pop();
  return next;
}

export function withStepLabels(value: unknown, responseId: string, labels: TDraftStepLabels): Record<string, TDraftStepLabels> {
  const current = isRecord(value) ? (value as Record<string, TDraftStepLabels>) : {};
  const next = { ...current };
  if (labels.length === 0) delete next[responseId];
  else next[responseId] = labels;
  return next;
}

/** Whether one response's steps are all judged (or judged up to the stopping −1). */
export function stepsComplete(labels: TDraftStepLabels, stepCount: number, stopAtFirstNegative: boolean): boolean {
  if (labels.some((l) => l === null)) return false;
  if (stopAtFirstNegative && labels[labels.length - 1] === -1) return true;
  return labels.length === stepCount;
}

// ---------- answered ----------

/** Whether a question looks fully answered (for progress display; the schema has the last word). */
export function isAnswered(q: TQuestion, value: unknown, responses: readonly TFormResponse[]): boolean {
  if (value === undefined || value === null) return false;
  const ids = responses.map((r) => r.id);
  switch (q.type) {
    case "ranking":
      return Array.isArray(value) && value.length > 0;
    case "pairwise":
      return isRecord(value) && typeof value.value === "number";
    case "rating":
      return isRecord(value) && ids.every((id) => typeof own(value, id) === "number");
    case "choice":
      return Array.isArray(value) ? value.length > 0 : typeof value === "string" && value !== "";
    case "text":
      return typeof value === "string" && value.trim().length >= Math.max(1, q.minLength) && value.trim().length <= q.maxLength;
    case "rules":
      return ids.every((id) => q.rules.every((rule) => ruleCell(value, id, rule.id) !== undefined));
    case "steps":
      return responses.every((r) => stepsComplete(stepLabels(value, r.id), splitSteps(r).length, q.stopAtFirstNegative));
  }
}
