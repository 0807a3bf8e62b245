import type { TAnswers } from "../forms/answer-schema.ts";
import type { TFormDefinition } from "../forms/form-definition.ts";
import { codeAnswer, type TScoreContext } from "./code-answer.ts";
import { isAnswered, scoreCoded, type TScoredAnswers } from "./score-answer.ts";

/**
 * A labeler's answers against the consensus of other labelers on the same item: the score they would
 * get if the others' consensus were gold (mean position for rankings, mean rating, majority label,
 * rounded mean for pairwise on the same pair). Questions the labeler left unanswered are skipped here
 * (unlike gold scoring): an optional question nobody has to answer is not disagreement.
 */
export function scoreAgainstPeers(form: TFormDefinition, own: TAnswers, others: readonly TAnswers[], ctx?: TScoreContext): TScoredAnswers {
  const perQuestion: Record<string, number | null> = {};
  const scored: number[] = [];
  for (const q of form.questions) {
    perQuestion[q.id] = null;
    const value = Object.hasOwn(own, q.id) ? own[q.id] : undefined;
    if (!isAnswered(value)) continue;
    const refs = others.flatMap((o) => {
      const coded = Object.hasOwn(o, q.id) ? codeAnswer(q, o[q.id], ctx) : null;
      return coded ? [coded] : [];
    });
    const s = scoreCoded(q, codeAnswer(q, value, ctx), refs);
    perQuestion[q.id] = s;
    if (s !== null) scored.push(s);
  }
  return { score: scored.length ? scored.reduce((a, b) => a + b, 0) / scored.length : null, perQuestion };
}

/** One item's answers: who answered what, with the form each answered and the item's responses. */
export type TPeerItem = {
  ctx?: TScoreContext;
  answers: readonly { rater: string; form: TFormDefinition; answers: TAnswers }[];
};

export type TPeerAgreement = { score: number; items: number };

/**
 * Peer agreement per rater: the mean, over items they share with at least one other rater, of their
 * {@link scoreAgainstPeers} score. Raters with no comparable item are absent from the result.
 */
export function peerAgreementByRater(items: Iterable<TPeerItem>): Map<string, TPeerAgreement> {
  const sums = new Map<string, { sum: number; items: number }>();
  for (const item of items) {
    if (item.answers.length < 2) continue;
    for (const own of item.answers) {
      const others = item.answers.filter((a) => a !== own && a.rater !== own.rater).map((a) => a.answers);
      const { score } = scoreAgainstPeers(own.form, own.answers, others, item.ctx);
      if (score === null) continue;
      const acc = sums.get(own.rater) ?? { sum: 0, items: 0 };
      acc.sum += score;
      acc.items++;
      sums.set(own.rater, acc);
    }
  }
  return new Map([...sums].map(([rater, { sum, items }]) => [rater, { score: sum / items, items }]));
}
