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
