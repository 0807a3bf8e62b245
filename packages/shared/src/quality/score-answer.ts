import type { TAnswers } from "../forms/answer-schema.ts";
import type { TFormDefinition, TQuestion } from "../forms/form-definition.ts";
import { kendallTau } from "../metrics/kendall-tau.ts";
import { MetricError } from "../metrics/metric-error.ts";
import { codeAnswer, type TCodedAnswer, type TScoreContext } from "./code-answer.ts";

/**
 * Credit for a pairwise answer `v` against a reference `ref` on the same oriented pair, with `levels`
 * strength levels (values run −levels..levels, 0 is a tie):
 * - identical → 1;
 * - same side, different strength → 1 − |v − ref| / (2·levels), which stays above 0.5;
 * - tie against the slightest preference (|value| = 1), either way round → 0.5;
 * - anything else (opposite sides, tie against a clear preference) → 0.
 */
export function pairwiseCredit(v: number, ref: number, levels: number): number {
  if (v === ref) return 1;
  if (v !== 0 && ref !== 0 && Math.sign(v) === Math.sign(ref)) return 1 - Math.abs(v - ref) / (2 * Math.max(1, levels));
  if ((v === 0 && Math.abs(ref) === 1) || (ref === 0 && Math.abs(v) === 1)) return 0.5;
  return 0;
}

/** Credit for a categorical value against the references' majority: 1 for the unique mode, 1/k among k tied modes. */
export function majorityCredit(value: number | undefined, refs: readonly number[]): number {
  if (value === undefined || refs.length === 0) return 0;
  const counts = new Map<number, number>();
  let top = 0;
  for (const r of refs) {
    const c = (counts.get(r) ?? 0) + 1;
    counts.set(r, c);
    if (c > top) top = c;
  }
  if (counts.get(value) !== top) return 0;
  let modes = 0;
  for (const c of counts.values()) if (c === top) modes++;
  return 1 / modes;
}

/** Round half away from zero, so consensus on a pairwise value is symmetric in the pair's orientation. */
const roundSymmetric = (x: number) => Math.sign(x) * Math.round(Math.abs(x));

/** The reference values of one cell: their sum and count, and for categorical types how often each value occurs. */
export type TCellSummary = { sum: number; n: number; counts: Map<number, number> | null };
/** Reference answers summarised per cell key (first-seen order); one gold answer or many peers alike. */
export type TReferenceSummary = Map<string, TCellSummary>;

const CATEGORICAL = new Set(["choice", "rules", "steps"]);

/**
 * Adds (`sign` 1) or removes (−1) one coded answer to a summary. Removing an answer that was added
 * gives the summary of the others, which is how a labeler is compared with everyone else on an item
 * in O(cells) rather than re-summarising the others for each labeler.
 */
export function updateSummary(summary: TReferenceSummary, question: TQuestion, coded: TCodedAnswer, sign: 1 | -1): void {
  const categorical = CATEGORICAL.has(question.type);
  for (let i = 0; i < coded.keys.length; i++) {
    const key = coded.keys[i] as string;
    const v = coded.values[i] as number;
    let cell = summary.get(key);
    if (!cell) {
      cell = { sum: 0, n: 0, counts: categorical ? new Map() : null };
      summary.set(key, cell);
    }
    cell.sum += sign * v;
    cell.n += sign;
    if (cell.counts) cell.counts.set(v, (cell.counts.get(v) ?? 0) + sign);
  }
}

export function summarizeReferences(question: TQuestion, refs: readonly TCodedAnswer[]): TReferenceSummary {
  const summary: TReferenceSummary = new Map();
  for (const ref of refs) updateSummary(summary, question, ref, 1);
  return summary;
}

/** Majority credit from value counts (zero counts ignored): 1 for the unique mode, 1/k among k tied modes. */
function countsCredit(value: number | undefined, counts: Map<number, number>): number {
  if (value === undefined) return 0;
  let top = 0;
  for (const c of counts.values()) if (c > top) top = c;
  if (top === 0 || counts.get(value) !== top) return 0;
  let modes = 0;
  for (const c of counts.values()) if (c === top) modes++;
  return 1 / modes;
}

function lookup(own: TCodedAnswer | null): Map<string, number> {
  const map = new Map<string, number>();
  if (own) for (let i = 0; i < own.keys.length; i++) map.set(own.keys[i] as string, own.values[i] as number);
  return map;
}

/** (1 + τ_b) / 2; a constant side has no ordered pairs: both constant → 1 (same "all tied"), one → 0.5. */
function tauCredit(x: number[], y: number[]): number {
  const constX = x.every((v) => v === x[0]);
  const constY = y.every((v) => v === y[0]);
  if (constX && constY) return 1;
  if (constX || constY) return 0.5;
  try {
    return (1 + kendallTau(x, y, "b")) / 2;
  } catch (err) {
    if (err instanceof MetricError) return 0.5;
    throw err;
  }
}

/**
 * Scores a coded answer against reference answers: one reference is gold, several are peers whose
 * consensus is the reference (mean position / mean rating / majority label). 0..1, or null when
 * nothing can be compared (no references, text, a pairwise question asked about different pairs).
 * An unanswered question (`own` null) against a reference scores 0.
 */
export function scoreCoded(question: TQuestion, own: TCodedAnswer | null, refs: readonly TCodedAnswer[]): number | null {
  if (refs.length === 0) return null;
  return scoreAgainstSummary(question, own, summarizeReferences(question, refs));
}

/** {@link scoreCoded} against a reference summary (see {@link updateSummary}). */
export function scoreAgainstSummary(question: TQuestion, own: TCodedAnswer | null, summary: TReferenceSummary): number | null {
  if (question.type === "text") return null;
  let cells = 0;
  for (const cell of summary.values()) if (cell.n > 0) cells++;
  if (cells === 0) return null;
  const mine = lookup(own);
  switch (question.type) {
    case "ranking": {
      if (!own) return 0;
      const x: number[] = [];
      const y: number[] = [];
      for (const [key, cell] of summary) {
        const v = mine.get(key);
        if (v === undefined || cell.n <= 0) continue;
        x.push(v);
        y.push(cell.sum / cell.n);
      }
      return x.length < 2 ? null : tauCredit(x, y);
    }
    case "pairwise": {
      if (!own) return 0;
      const key = own.keys[0] as string;
      const cell = summary.get(key);
      if (!cell || cell.n <= 0) return null;
      return pairwiseCredit(mine.get(key) as number, roundSymmetric(cell.sum / cell.n), question.strengths.length);
    }
    case "rating": {
      const span = question.max - question.min;
      let total = 0;
      for (const [key, cell] of summary) {
        if (cell.n <= 0) continue;
        const v = mine.get(key);
        total += v === undefined ? 0 : Math.max(0, 1 - Math.abs(v - cell.sum / cell.n) / span);
      }
      return total / cells;
    }
    case "choice": {
      if (!question.multiple) {
        const cell = summary.get("");
        return cell?.counts ? countsCredit(mine.get(""), cell.counts) : null;
      }
      // Jaccard against the majority set; an option chosen by exactly half the references counts half.
      let inter = 0;
      let union = 0;
      for (const [key, cell] of summary) {
        if (cell.n <= 0) continue;
        const share = cell.sum / cell.n;
        const c = share > 0.5 ? 1 : share < 0.5 ? 0 : 0.5;
        const x = mine.get(key) ?? 0;
        inter += Math.min(x, c);
        union += Math.max(x, c);
      }
      return union === 0 ? 1 : inter / union;
    }
    case "rules": {
      let total = 0;
      for (const [key, cell] of summary) if (cell.n > 0 && cell.counts) total += countsCredit(mine.get(key), cell.counts);
      return total / cells;
    }
    case "steps":
      return scoreSteps(mine, summary);
  }
}

/** Per response, steps up to and including the first step whose reference label is −1 (a mode, for peers). */
function scoreSteps(mine: Map<string, number>, summary: TReferenceSummary): number | null {
  const byResponse = new Map<string, { index: number; key: string; counts: Map<number, number> }[]>();
  for (const [key, cell] of summary) {
    if (cell.n <= 0 || !cell.counts) continue;
    const cut = key.lastIndexOf("#");
    const responseId = key.slice(0, cut);
    const list = byResponse.get(responseId) ?? [];
    list.push({ index: Number(key.slice(cut + 1)), key, counts: cell.counts });
    byResponse.set(responseId, list);
  }
  let total = 0;
  let steps = 0;
  for (const list of byResponse.values()) {
    list.sort((a, b) => a.index - b.index);
    for (const step of list) {
      total += countsCredit(mine.get(step.key), step.counts);
      steps++;
      if (countsCredit(-1, step.counts) > 0) break;
    }
  }
  return steps ? total / steps : null;
}

/** Whether a stored value counts as answered (same rule as the answer schema: blank, [] and {} do not). */
export function isAnswered(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === "string") return value.trim() !== "";
  if (Array.isArray(value)) return value.length > 0;
  return typeof value !== "object" || Object.keys(value).length > 0;
}

/** One question's answer against its gold answer: 0..1, or null when the type is not scored (text). */
export function scoreAnswer(question: TQuestion, answer: unknown, gold: unknown, ctx?: TScoreContext): number | null {
  const ref = codeAnswer(question, gold, ctx);
  if (!ref) return null;
  return scoreCoded(question, codeAnswer(question, answer, ctx), [ref]);
}

export type TScoredAnswers = {
  /** Mean over the questions that were scored; null when none was (e.g. gold only for text questions). */
  score: number | null;
  /** Every question of the form: its score, or null when gold does not answer it or it is not scored. */
  perQuestion: Record<string, number | null>;
};

/**
 * A labeler's answers to a form against the gold answers. Only questions the gold answers are scored
 * (a question hidden by its condition in the gold is skipped); a scored question the labeler left
 * unanswered scores 0.
 */
export function scoreAnswers(form: TFormDefinition, answers: TAnswers, gold: TAnswers, ctx?: TScoreContext): TScoredAnswers {
  const perQuestion: Record<string, number | null> = {};
  const scored: number[] = [];
  for (const q of form.questions) {
    const g = Object.hasOwn(gold, q.id) ? gold[q.id] : undefined;
    const a = Object.hasOwn(answers, q.id) ? answers[q.id] : undefined;
    const s = isAnswered(g) ? scoreAnswer(q, a, g, ctx) : null;
    perQuestion[q.id] = s;
    if (s !== null) scored.push(s);
  }
  return { score: scored.length ? scored.reduce((a, b) => a + b, 0) / scored.length : null, perQuestion };
}
