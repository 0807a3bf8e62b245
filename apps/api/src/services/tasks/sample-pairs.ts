import type { TFormDefinition } from "@rankwise/shared";
import { mulberry32 } from "./shuffle.ts";

/**
 * For each pairwise question, the two responses this assignment compares: drawn uniformly from the
 * item's responses with the assignment's seed, so it is reproducible and recorded with the answer.
 */
export function samplePairs(form: TFormDefinition, responseIds: readonly string[], seed: number): Record<string, [string, string]> {
  const pairs: Record<string, [string, string]> = {};
  form.questions.forEach((q, index) => {
    if (q.type !== "pairwise" || responseIds.length < 2) return;
    const rand = mulberry32((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
    const i = Math.floor(rand() * responseIds.length);
    let j = Math.floor(rand() * (responseIds.length - 1));
    if (j >= i) j++;
    pairs[q.id] = [responseIds[i] as string, responseIds[j] as string];
  });
  return pairs;
}

/**
 * {@link samplePairs}, except that a gold item (honeypot or screening) asks each pairwise question
 * about the pair its gold answer judges, so the answer can be scored. The orientation is drawn from
 * the seed like any other pair's, so the pair itself gives nothing away.
 */
export function choosePairs(
  form: TFormDefinition,
  responseIds: readonly string[],
  seed: number,
  gold?: unknown,
): Record<string, [string, string]> {
  const pairs = samplePairs(form, responseIds, seed);
  if (typeof gold !== "object" || gold === null) return pairs;
  form.questions.forEach((q, index) => {
    if (q.type !== "pairwise" || !Object.hasOwn(gold, q.id)) return;
    const pair = ((gold as Record<string, unknown>)[q.id] as { pair?: unknown } | null)?.pair;
    if (!Array.isArray(pair) || pair.length !== 2) return;
    const [a, b] = pair as unknown[];
    if (typeof a !== "string" || typeof b !== "string" || a === b || !responseIds.includes(a) || !responseIds.includes(b)) return;
    const flip = mulberry32((seed ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0)() < 0.5;
    pairs[q.id] = flip ? [b, a] : [a, b];
  });
  return pairs;
}
