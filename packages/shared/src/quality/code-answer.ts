import type { TQuestion } from "../forms/form-definition.ts";
import type { MeasurementLevel } from "../metrics/krippendorff-alpha.ts";

/**
 * One answer to one question as numbered cells: the common form that gold scoring, peer agreement and
 * Krippendorff's α all work on. Keys name the cell within the item and values are numbers:
 *
 * - ranking: key = response id, value = mid-rank position (1 = best; a tie of two for first is 1.5, 1.5);
 * - pairwise: key = "a~b" with a < b, value = the answer oriented so that negative means `a` is better;
 * - rating: key = response id, value = the rating;
 * - choice: single → key "", value = option index; multiple → one cell per option, value 1 (chosen) or 0;
 * - rules: key = "response|rule", value = verdict code (yes 0, no 1, unsure 2);
 * - steps: key = "response#index", value = the step label (−1, 0, 1);
 * - text: not coded.
 */
export type TCodedAnswer = { keys: string[]; values: number[] };

/** What coding needs to know about the item: its response ids (to complete top-k rankings). */
export type TScoreContext = { responses: readonly { id: string }[] };

export const VERDICT_CODES: Readonly<Record<string, number>> = { yes: 0, no: 1, unsure: 2 };
export const VERDICTS = ["yes", "no", "unsure"] as const;

/** Krippendorff level per question type; text has none. */
export function measurementLevel(type: TQuestion["type"]): MeasurementLevel | null {
  switch (type) {
    case "rating":
      return "interval";
    case "choice":
    case "rules":
      return "nominal";
    case "ranking":
    case "pairwise":
    case "steps":
      return "ordinal";
    case "text":
      return null;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v);

/** Mid-rank positions of a tiered ranking (best first), unranked responses appended as one bottom tier. */
export function rankingPositions(tiers: readonly (readonly string[])[], responseIds?: readonly string[]): TCodedAnswer {
  const keys: string[] = [];
  const values: number[] = [];
  const seen = new Set<string>();
  let before = 0;
  // Plain loops: this runs for every ranking answer in an agreement report.
  const place = (tier: readonly string[]) => {
    const first = keys.length;
    for (const id of tier) {
      if (seen.has(id)) continue;
      seen.add(id);
      keys.push(id);
    }
    const size = keys.length - first;
    const position = before + (size + 1) / 2;
    for (let i = 0; i < size; i++) values.push(position);
    before += size;
  };
  for (const tier of tiers) place(tier);
  if (responseIds) {
    const rest: string[] = [];
    for (const r of responseIds) if (!seen.has(r)) rest.push(r);
    if (rest.length) place(rest);
  }
  return { keys, values };
}

/** Oriented pairwise key and value: the same judgement of (a, b) and (b, a) codes identically. */
export function pairwiseCell(pair: readonly [string, string], value: number): { key: string; value: number } {
  const [a, b] = pair;
  return a <= b ? { key: `${a}~${b}`, value } : { key: `${b}~${a}`, value: value === 0 ? 0 : -value };
}

/**
 * Codes one stored answer. Never throws: a value that does not have the question's shape (an answer
 * from an incompatible form version, a hand-edited row) codes as `null`, i.e. unanswered.
 */
export function codeAnswer(question: TQuestion, value: unknown, ctx?: TScoreContext): TCodedAnswer | null {
  if (value === undefined || value === null) return null;
  const keys: string[] = [];
  const values: number[] = [];
  switch (question.type) {
    case "ranking": {
      if (!Array.isArray(value) || value.length === 0) return null;
      for (const tier of value) {
        if (!Array.isArray(tier)) return null;
        for (const id of tier) if (typeof id !== "string") return null;
      }
      const complete = question.topK !== null ? ctx?.responses.map((r) => r.id) : undefined;
      const coded = rankingPositions(value as string[][], complete);
      return coded.keys.length ? coded : null;
    }
    case "pairwise": {
      if (!isRecord(value) || !Array.isArray(value.pair) || value.pair.length !== 2 || !isInt(value.value)) return null;
      const [a, b] = value.pair as unknown[];
      if (typeof a !== "string" || typeof b !== "string" || a === b) return null;
      const cell = pairwiseCell([a, b], value.value);
      return { keys: [cell.key], values: [cell.value] };
    }
    case "rating": {
      if (!isRecord(value)) return null;
      for (const id in value) {
        const score = value[id];
        if (!Object.hasOwn(value, id) || !isInt(score)) continue;
        keys.push(id);
        values.push(score);
      }
      break;
    }
    case "choice": {
      const index = new Map(question.options.map((o, i) => [o.value, i]));
      if (!question.multiple) {
        const i = typeof value === "string" ? index.get(value) : undefined;
        return i === undefined ? null : { keys: [""], values: [i] };
      }
      if (!Array.isArray(value)) return null;
      const chosen = new Set(value.filter((v): v is string => typeof v === "string"));
      for (const o of question.options) {
        keys.push(o.value);
        values.push(chosen.has(o.value) ? 1 : 0);
      }
      return keys.length ? { keys, values } : null;
    }
    case "rules": {
      if (!isRecord(value)) return null;
      const ruleIds = new Set(question.rules.map((r) => r.id));
      for (const [responseId, cells] of Object.entries(value)) {
        if (!isRecord(cells)) continue;
        for (const [ruleId, cell] of Object.entries(cells)) {
          const code = isRecord(cell) && typeof cell.verdict === "string" ? VERDICT_CODES[cell.verdict] : undefined;
          if (!ruleIds.has(ruleId) || code === undefined) continue;
          keys.push(`${responseId}|${ruleId}`);
          values.push(code);
        }
      }
      break;
    }
    case "steps": {
      if (!isRecord(value)) return null;
      for (const [responseId, labels] of Object.entries(value)) {
        if (!Array.isArray(labels)) continue;
        for (let i = 0; i < labels.length; i++) {
          const label: unknown = labels[i];
          if (label !== -1 && label !== 0 && label !== 1) continue;
          keys.push(`${responseId}#${i}`);
          values.push(label);
        }
      }
      break;
    }
    case "text":
      return null;
  }
  return keys.length ? { keys, values } : null;
}

/** The criterion a cell measures: a rule's own criterion wins over its question's. */
export function cellCriterion(question: TQuestion, key: string): string | null {
  if (question.type === "rules") {
    const ruleId = key.slice(key.indexOf("|") + 1);
    const rule = question.rules.find((r) => r.id === ruleId);
    return rule?.criterion ?? question.criterion;
  }
  return question.criterion;
}
