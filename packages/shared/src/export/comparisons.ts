import type { TExportSpec } from "../exports.ts";
import type { TFormDefinition, TQuestion } from "../forms/form-definition.ts";
import { completeRanking, type TAnswers, ZPairwiseValue, ZRankingValue, ZRatingValue } from "../forms/answer-schema.ts";
import { derivePairs, type TPairStrategy } from "../pairs/derive-pairs.ts";

/** One judgement between two responses of an item, from one question of one annotation. */
export type TComparison = {
  questionId: string;
  criterion: string | null;
  chosen: string;
  rejected: string;
  /** A tie: `chosen` and `rejected` are then just the two responses in the item's order. */
  tie: boolean;
  /** Ranking: 1; pairwise: the strength level |value|; rating: the score gap; ties: 0. */
  strength: number;
};

export type TComparisonOptions = {
  /** Pair strategy for rankings (and the ranking a rating question implies). Defaults to spec.pairs. */
  strategy?: TPairStrategy;
  /** Emit tie comparisons. Defaults to spec.keepTies, and always on when votes are aggregated. */
  includeTies?: boolean;
};

type TSpecFilter = Pick<TExportSpec, "criterion" | "questions">;

/** Whether a question passes the spec's criterion and question-id filters. */
export function questionSelected(question: Pick<TQuestion, "id" | "criterion">, spec: TSpecFilter): boolean {
  if (spec.questions && !spec.questions.includes(question.id)) return false;
  if (spec.criterion !== undefined && question.criterion !== spec.criterion) return false;
  return true;
}

/** The questions of `form` whose answers feed an export, in form order. */
export function selectQuestions(form: TFormDefinition, spec: TSpecFilter, types?: readonly TQuestion["type"][]): TQuestion[] {
  return form.questions.filter((q) => (!types || types.includes(q.type)) && questionSelected(q, spec));
}

/** Pairs of responses tied within one tier, in tier order. */
function tiePairs(tier: readonly string[], order: Map<string, number>): [string, string][] {
  const sorted = [...tier].sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
  const out: [string, string][] = [];
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length; j++) out.push([sorted[i] as string, sorted[j] as string]);
  }
  return out;
}

/** Which tiers' internal ties a strategy keeps: every tier for all/adjacent, the best tier otherwise. */
function tieTiers(tierCount: number, strategy: TPairStrategy): number[] {
  if (tierCount === 0) return [];
  if (strategy === "all" || strategy === "adjacent") return Array.from({ length: tierCount }, (_, i) => i);
  return [0];
}

/** Drops unknown and repeated response ids and empty tiers, so a stale answer cannot emit a bogus pair. */
function cleanTiers(tiers: readonly (readonly string[])[], known: Set<string>): string[][] {
  const seen = new Set<string>();
  const out: string[][] = [];
  for (const tier of tiers) {
    const kept = tier.filter((id) => known.has(id) && !seen.has(id) && seen.add(id));
    if (kept.length) out.push(kept);
  }
  return out;
}

function rankingComparisons(
  q: TQuestion & { type: "ranking" },
  value: unknown,
  ids: string[],
  strategy: TPairStrategy,
  ties: boolean,
): TComparison[] {
  const parsed = ZRankingValue.safeParse(value);
  if (!parsed.success) return [];
  const order = new Map(ids.map((id, i) => [id, i]));
  const ranked = cleanTiers(parsed.data, new Set(ids));
  // A top-k answer leaves the rest unranked: they lose to every ranked response but are not tied.
  const ranking = q.topK === null ? ranked : completeRanking(ranked, ids);
  const out: TComparison[] = derivePairs(ranking, strategy).map((p) => ({
    questionId: q.id,
    criterion: q.criterion,
    ...p,
    tie: false,
    strength: 1,
  }));
  if (ties) {
    for (const t of tieTiers(ranked.length, strategy)) {
      for (const [a, b] of tiePairs(ranked[t] ?? [], order))
        out.push({ questionId: q.id, criterion: q.criterion, chosen: a, rejected: b, tie: true, strength: 0 });
    }
  }
  return out;
}

function pairwiseComparisons(q: TQuestion & { type: "pairwise" }, value: unknown, ids: string[], ties: boolean): TComparison[] {
  const parsed = ZPairwiseValue.safeParse(value);
  if (!parsed.success) return [];
  const [a, b] = parsed.data.pair;
  const order = new Map(ids.map((id, i) => [id, i]));
  if (a === b || !order.has(a) || !order.has(b)) return [];
  const v = parsed.data.value;
  if (v === 0) {
    if (!ties) return [];
    const [first, second] = (order.get(a) as number) < (order.get(b) as number) ? [a, b] : [b, a];
    return [{ questionId: q.id, criterion: q.criterion, chosen: first, rejected: second, tie: true, strength: 0 }];
  }
  // Negative: the first response of the pair is better.
  return [{ questionId: q.id, criterion: q.criterion, chosen: v < 0 ? a : b, rejected: v < 0 ? b : a, tie: false, strength: Math.abs(v) }];
}

function ratingComparisons(
  value: unknown,
  q: TQuestion & { type: "rating" },
  ids: string[],
  gap: number,
  strategy: TPairStrategy,
  ties: boolean,
): TComparison[] {
  if (!(gap > 0)) return [];
  const parsed = ZRatingValue.safeParse(value);
  if (!parsed.success) return [];
  const scores = new Map<string, number>();
  for (const id of ids) {
    const s = parsed.data[id];
    if (typeof s === "number" && Number.isFinite(s)) scores.set(id, s);
  }
  // The ranking the scores imply: one tier per distinct score, best first, item order within a tier.
  const distinct = [...new Set(scores.values())].sort((x, y) => y - x);
  const tiers = distinct.map((s) => ids.filter((id) => scores.get(id) === s));
  const out: TComparison[] = [];
  for (const p of derivePairs(tiers, strategy)) {
    const diff = (scores.get(p.chosen) as number) - (scores.get(p.rejected) as number);
    if (diff >= gap) out.push({ questionId: q.id, criterion: q.criterion, ...p, tie: false, strength: diff });
  }
  if (ties) {
    const order = new Map(ids.map((id, i) => [id, i]));
    for (const t of tieTiers(tiers.length, strategy)) {
      for (const [a, b] of tiePairs(tiers[t] ?? [], order))
        out.push({ questionId: q.id, criterion: q.criterion, chosen: a, rejected: b, tie: true, strength: 0 });
    }
  }
  return out;
}

/**
 * The pairwise judgements one annotation's answers imply, for the questions the spec selects:
 *
 * - ranking: pairs by the spec's strategy (ties in a tier are ties; a top-k answer's unranked rest
 *   loses to every ranked response but is not tied with itself), strength 1;
 * - pairwise: the answered pair, strength |value| (0 is a tie);
 * - rating: pairs whose scores differ by at least `ratingGap` (0 turns this off), strength = the gap,
 *   taken from the ranking the scores imply so that the strategy applies to ratings too.
 *
 * Unknown response ids and malformed values yield nothing rather than throwing: an export must not fail
 * on one stale answer. Output order is deterministic (form order, then tier order).
 */
export function deriveComparisons(
  form: TFormDefinition,
  answers: TAnswers,
  item: { responses: readonly { id: string }[] },
  spec: Pick<TExportSpec, "criterion" | "questions" | "pairs" | "keepTies" | "ratingGap" | "aggregation">,
  opts: TComparisonOptions = {},
): TComparison[] {
  const strategy = opts.strategy ?? spec.pairs;
  const ties = opts.includeTies ?? (spec.keepTies || spec.aggregation !== "none");
  const ids = item.responses.map((r) => r.id);
  const out: TComparison[] = [];
  for (const q of selectQuestions(form, spec, ["ranking", "pairwise", "rating"])) {
    const value = answers[q.id];
    if (value === undefined || value === null) continue;
    if (q.type === "ranking") out.push(...rankingComparisons(q, value, ids, strategy, ties));
    else if (q.type === "pairwise") out.push(...pairwiseComparisons(q, value, ids, ties));
    else if (q.type === "rating") out.push(...ratingComparisons(value, q, ids, spec.ratingGap, strategy, ties));
  }
  return out;
}
