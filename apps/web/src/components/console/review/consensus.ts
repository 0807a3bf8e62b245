import type { TFormDefinition } from "@rankwise/shared";

type TAnswers = Record<string, unknown>;

/**
 * A starting gold answer from several labelers' answers, question by question: rankings by mean
 * position (ties where the means are equal), ratings by the rounded median per response, anything
 * else by the most common answer (the earliest wins a tie). Pure, so it is unit-testable; the
 * researcher reviews it in the gold editor before it is saved.
 */
export function consensusAnswers(form: TFormDefinition, answers: readonly TAnswers[], responseIds: readonly string[]): TAnswers {
  const out: TAnswers = {};
  for (const q of form.questions) {
    const values = answers.map((a) => a[q.id]).filter((v) => v !== undefined && v !== null);
    if (values.length === 0) continue;
    if (q.type === "ranking") {
      const ranking = meanRanking(values, responseIds);
      if (ranking) out[q.id] = ranking;
    } else if (q.type === "rating") {
      out[q.id] = medianRatings(values);
    } else {
      out[q.id] = mostCommon(values);
    }
  }
  return out;
}

function isTiers(v: unknown): v is string[][] {
  return Array.isArray(v) && v.every((t) => Array.isArray(t) && t.every((id) => typeof id === "string"));
}

function meanRanking(values: unknown[], responseIds: readonly string[]): string[][] | null {
  const sums = new Map<string, number>();
  let raters = 0;
  for (const v of values) {
    if (!isTiers(v)) continue;
    raters++;
    let before = 0;
    const placed = new Set<string>();
    for (const tier of v) {
      const mid = before + (tier.length + 1) / 2;
      for (const id of tier) {
        sums.set(id, (sums.get(id) ?? 0) + mid);
        placed.add(id);
      }
      before += tier.length;
    }
    // Responses a labeler left out share the bottom.
    const rest = responseIds.filter((id) => !placed.has(id));
    for (const id of rest) sums.set(id, (sums.get(id) ?? 0) + before + (rest.length + 1) / 2);
  }
  if (raters === 0) return null;
  const order = [...sums.entries()].sort((a, b) => a[1] - b[1]);
  const tiers: string[][] = [];
  let last: number | null = null;
  for (const [id, sum] of order) {
    if (last !== null && Math.abs(sum - last) < 1e-9) tiers[tiers.length - 1]?.push(id);
    else tiers.push([id]);
    last = sum;
  }
  return tiers;
}

function medianRatings(values: unknown[]): Record<string, number> {
  const scores = new Map<string, number[]>();
  for (const v of values) {
    if (typeof v !== "object" || v === null || Array.isArray(v)) continue;
    for (const [id, s] of Object.entries(v)) if (typeof s === "number") scores.set(id, [...(scores.get(id) ?? []), s]);
  }
  const out: Record<string, number> = {};
  for (const [id, list] of scores) {
    const sorted = [...list].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    const median = sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
    out[id] = Math.round(median);
  }
  return out;
}

function mostCommon(values: unknown[]): unknown {
  const counts = new Map<string, { n: number; value: unknown }>();
  for (const v of values) {
    const key = JSON.stringify(v);
    const c = counts.get(key);
    counts.set(key, { n: (c?.n ?? 0) + 1, value: v });
  }
  let best: { n: number; value: unknown } | null = null;
  for (const c of counts.values()) if (!best || c.n > best.n) best = c;
  return best?.value;
}
