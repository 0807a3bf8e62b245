import type { TExportSpec } from "../exports.ts";
import { bradleyTerry, type PairwiseComparison } from "../metrics/bradley-terry.ts";
import { derivePairs } from "../pairs/derive-pairs.ts";
import type { TComparison } from "./comparisons.ts";

/** One exported preference: what a row of a pair format is built from. */
export type TPreference = {
  criterion: string | null;
  chosen: string;
  rejected: string;
  tie: boolean;
  /**
   * none: the comparison's strength (1 for rankings, |value| for pairwise, the score gap for ratings);
   * majority: the vote-share difference in (0, 1]; bradley-terry: the log-strength difference. Ties: 0.
   */
  margin: number;
};

type TAggregationSpec = Pick<TExportSpec, "aggregation" | "minAnnotators" | "keepTies" | "pairs">;

/** Margins are rounded so files stay short and byte-stable. */
export function roundMargin(x: number): number {
  const r = Math.round(x * 1e6) / 1e6;
  return Object.is(r, -0) ? 0 : r;
}

function groupByCriterion(perAnnotation: readonly (readonly TComparison[])[]) {
  const groups = new Map<string | null, { annotation: number; comparison: TComparison }[]>();
  perAnnotation.forEach((list, annotation) => {
    for (const comparison of list) {
      let g = groups.get(comparison.criterion);
      if (!g) {
        g = [];
        groups.set(comparison.criterion, g);
      }
      g.push({ annotation, comparison });
    }
  });
  return groups;
}

/**
 * Majority vote per unordered pair (per criterion): each comparison is a vote for its winner, a tie half a
 * vote each. The winner is emitted when it is strictly ahead and at least `minAnnotators` distinct
 * annotations compared the pair; the margin is the vote-share difference. A dead heat is a tie row
 * when ties are kept.
 */
function majority(perAnnotation: readonly (readonly TComparison[])[], order: Map<string, number>, spec: TAggregationSpec): TPreference[] {
  type TTally = { criterion: string | null; lo: string; hi: string; lo_: number; hi_: number; annotations: Set<number> };
  const tallies = new Map<string, TTally>();
  perAnnotation.forEach((list, annotation) => {
    for (const c of list) {
      const [lo, hi] = (order.get(c.chosen) ?? 0) < (order.get(c.rejected) ?? 0) ? [c.chosen, c.rejected] : [c.rejected, c.chosen];
      const key = `${c.criterion ?? ""}\u0000${c.criterion === null ? 0 : 1}\u0000${lo}\u0000${hi}`;
      let t = tallies.get(key);
      if (!t) {
        t = { criterion: c.criterion, lo, hi, lo_: 0, hi_: 0, annotations: new Set() };
        tallies.set(key, t);
      }
      t.annotations.add(annotation);
      if (c.tie) {
        t.lo_ += 0.5;
        t.hi_ += 0.5;
      } else if (c.chosen === lo) t.lo_ += 1;
      else t.hi_ += 1;
    }
  });
  const out: TPreference[] = [];
  for (const t of tallies.values()) {
    if (t.annotations.size < spec.minAnnotators) continue;
    const votes = t.lo_ + t.hi_;
    if (t.lo_ === t.hi_) {
      if (spec.keepTies) out.push({ criterion: t.criterion, chosen: t.lo, rejected: t.hi, tie: true, margin: 0 });
      continue;
    }
    const loWins = t.lo_ > t.hi_;
    out.push({
      criterion: t.criterion,
      chosen: loWins ? t.lo : t.hi,
      rejected: loWins ? t.hi : t.lo,
      tie: false,
      margin: roundMargin(Math.abs(t.lo_ - t.hi_) / votes),
    });
  }
  return out;
}

/**
 * Bradley-Terry strengths of the responses that appear in `comparisons` (ties are half a win each),
 * fitted with the project's MM implementation and its default weak prior, so an undefeated response
 * stays finite. Responses never compared are absent from the result.
 */
export function fitStrengths(comparisons: readonly TComparison[], responseIds: readonly string[]): Map<string, number> {
  const involved = responseIds.filter((id) => comparisons.some((c) => c.chosen === id || c.rejected === id));
  const index = new Map(involved.map((id, i) => [id, i]));
  const games: PairwiseComparison[] = comparisons.map((c) => ({
    a: index.get(c.chosen) as number,
    b: index.get(c.rejected) as number,
    outcome: c.tie ? 0.5 : 1,
  }));
  const strengths = bradleyTerry(involved.length, games);
  return new Map(involved.map((id, i) => [id, strengths[i] as number]));
}

/**
 * Bradley-Terry per item and criterion: fit strengths from every comparison of the item, rank the
 * responses by strength (equal strengths tie), then apply the pair strategy to that ranking. The margin
 * is the difference in log-strength. Expects comparisons derived with the "all" strategy, so the fit
 * sees every judgement the labelers made.
 */
function bradleyTerryPreferences(
  perAnnotation: readonly (readonly TComparison[])[],
  responseIds: readonly string[],
  spec: TAggregationSpec,
): TPreference[] {
  const out: TPreference[] = [];
  for (const [criterion, entries] of groupByCriterion(perAnnotation)) {
    if (new Set(entries.map((e) => e.annotation)).size < spec.minAnnotators) continue;
    let strengths: Map<string, number>;
    try {
      strengths = fitStrengths(
        entries.map((e) => e.comparison),
        responseIds,
      );
    } catch {
      // A fit that does not converge has nothing trustworthy to say about this item.
      continue;
    }
    const ranked = [...strengths].sort((x, y) => y[1] - x[1]);
    const tiers: string[][] = [];
    let last = Number.NaN;
    for (const [id, s] of ranked) {
      if (tiers.length && Math.abs(s - last) < 1e-9) (tiers[tiers.length - 1] as string[]).push(id);
      else tiers.push([id]);
      last = s;
    }
    for (const p of derivePairs(tiers, spec.pairs)) {
      out.push({
        criterion,
        ...p,
        tie: false,
        margin: roundMargin((strengths.get(p.chosen) as number) - (strengths.get(p.rejected) as number)),
      });
    }
    if (spec.keepTies) {
      const tieTiers = spec.pairs === "all" || spec.pairs === "adjacent" ? tiers : tiers.slice(0, 1);
      for (const tier of tieTiers) {
        for (let i = 0; i < tier.length; i++) {
          for (let j = i + 1; j < tier.length; j++)
            out.push({ criterion, chosen: tier[i] as string, rejected: tier[j] as string, tie: true, margin: 0 });
        }
      }
    }
  }
  return out;
}

/**
 * Turns the comparisons of one item (one list per annotation, all annotations of the item together)
 * into the preferences to export, by the spec's aggregation:
 * - `none`: one preference per comparison per annotation (ties only with keepTies);
 * - `majority`: see {@link majority};
 * - `bradley-terry`: see {@link bradleyTerryPreferences}.
 */
export function aggregatePreferences(
  perAnnotation: readonly (readonly TComparison[])[],
  responseIds: readonly string[],
  spec: TAggregationSpec,
): TPreference[] {
  if (spec.aggregation === "majority") return majority(perAnnotation, new Map(responseIds.map((id, i) => [id, i])), spec);
  if (spec.aggregation === "bradley-terry") return bradleyTerryPreferences(perAnnotation, responseIds, spec);
  const out: TPreference[] = [];
  for (const list of perAnnotation) {
    for (const c of list) {
      if (c.tie && !spec.keepTies) continue;
      out.push({ criterion: c.criterion, chosen: c.chosen, rejected: c.rejected, tie: c.tie, margin: c.tie ? 0 : c.strength });
    }
  }
  return out;
}
