import type { TRanking } from "../tasks.ts";

export type TPairStrategy = "all" | "best-vs-rest" | "adjacent" | "best-vs-worst";

export type TPair = { chosen: string; rejected: string };

/**
 * Preference pairs implied by one ranking (best tier first; a tier holds tied responses).
 * Tied responses never form a pair. Output order is deterministic: by tier, then by
 * position within the tier, so identical input always yields identical rows.
 *
 * - `all`: every response beats every response in every worse tier.
 * - `best-vs-rest`: the best tier against every worse tier.
 * - `adjacent`: each tier against the next one only.
 * - `best-vs-worst`: the best tier against the worst tier.
 */
export function derivePairs(ranking: TRanking, strategy: TPairStrategy = "all"): TPair[] {
  const pairs: TPair[] = [];
  const last = ranking.length - 1;
  for (let i = 0; i < ranking.length; i++) {
    for (let j = i + 1; j < ranking.length; j++) {
      if (strategy === "best-vs-rest" && i !== 0) continue;
      if (strategy === "adjacent" && j !== i + 1) continue;
      if (strategy === "best-vs-worst" && (i !== 0 || j !== last)) continue;
      for (const chosen of ranking[i] ?? []) {
        for (const rejected of ranking[j] ?? []) pairs.push({ chosen, rejected });
      }
    }
  }
  return pairs;
}

/** Number of pairs `derivePairs(ranking, "all")` yields, without building them. */
export function countPairs(ranking: TRanking): number {
  let total = 0;
  let below = ranking.reduce((n, tier) => n + tier.length, 0);
  for (const tier of ranking) {
    below -= tier.length;
    total += tier.length * below;
  }
  return total;
}
