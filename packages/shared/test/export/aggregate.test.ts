import { describe, expect, it } from "vitest";
import {
  aggregatePreferences,
  createRng,
  deriveComparisons,
  fitStrengths,
  spearman,
  type TComparison,
  ZFormDefinition,
} from "../../src/index.ts";
import { spec } from "./fixtures.ts";

const ids = ["a", "b", "c"];
const vote = (chosen: string, rejected: string, tie = false): TComparison => ({
  questionId: "q",
  criterion: "helpful",
  chosen,
  rejected,
  tie,
  strength: tie ? 0 : 1,
});

describe("majority aggregation", () => {
  it("emits the strict winner of each pair with the vote-share difference as margin", () => {
    // a vs b: a, a, b → a wins 2-1, margin 1/3. b vs c: b, tie, c → 1.5 vs 1.5 → dead heat.
    const out = aggregatePreferences(
      [
        [vote("a", "b"), vote("b", "c")],
        [vote("a", "b"), vote("b", "c", true)],
        [vote("b", "a"), vote("c", "b")],
      ],
      ids,
      spec({ aggregation: "majority" }),
    );
    expect(out).toEqual([{ criterion: "helpful", chosen: "a", rejected: "b", tie: false, margin: 0.333333 }]);
    const withTies = aggregatePreferences(
      [
        [vote("a", "b"), vote("b", "c")],
        [vote("a", "b"), vote("b", "c", true)],
        [vote("b", "a"), vote("c", "b")],
      ],
      ids,
      spec({ aggregation: "majority", keepTies: true }),
    );
    expect(withTies).toContainEqual({ criterion: "helpful", chosen: "b", rejected: "c", tie: true, margin: 0 });
  });

  it("needs at least minAnnotators distinct annotations on a pair", () => {
    const perAnnotation = [[vote("a", "b"), vote("a", "c")], [vote("a", "b")]];
    const two = aggregatePreferences(perAnnotation, ids, spec({ aggregation: "majority", minAnnotators: 2 }));
    // a>c was compared by one annotation only.
    expect(two).toEqual([{ criterion: "helpful", chosen: "a", rejected: "b", tie: false, margin: 1 }]);
    expect(aggregatePreferences(perAnnotation, ids, spec({ aggregation: "majority", minAnnotators: 3 }))).toEqual([]);
    expect(aggregatePreferences(perAnnotation, ids, spec({ aggregation: "majority" }))).toHaveLength(2);
  });

  it("counts criteria separately", () => {
    const honest = { ...vote("b", "a"), criterion: "honest" };
    const out = aggregatePreferences([[vote("a", "b"), honest]], ids, spec({ aggregation: "majority" }));
    expect(out.map((p) => `${p.criterion}:${p.chosen}>${p.rejected}`)).toEqual(["helpful:a>b", "honest:b>a"]);
  });
});

describe("no aggregation", () => {
  it("passes every comparison through with its strength as margin, dropping ties unless kept", () => {
    const perAnnotation = [[{ ...vote("a", "b"), strength: 3 }, vote("b", "c", true)]];
    expect(aggregatePreferences(perAnnotation, ids, spec())).toEqual([
      { criterion: "helpful", chosen: "a", rejected: "b", tie: false, margin: 3 },
    ]);
    expect(aggregatePreferences(perAnnotation, ids, spec({ keepTies: true }))).toHaveLength(2);
  });
});

describe("Bradley-Terry aggregation", () => {
  it("recovers simulated strengths (Spearman ≥ 0.95) from many noisy pairwise answers", () => {
    const rng = createRng(7);
    const form = ZFormDefinition.parse({
      questions: [{ id: "pair", type: "pairwise", title: "Better?", criterion: "helpful", strengths: ["Better"] }],
    });
    const rhos: number[] = [];
    for (let prompt = 0; prompt < 20; prompt++) {
      const k = 8;
      const responses = Array.from({ length: k }, (_, i) => ({ id: `r${i}` }));
      // True log-strengths spread over [-2, 2] in a random order.
      const truth = responses.map((_, i) => -2 + (4 * i) / (k - 1));
      for (let i = k - 1; i > 0; i--) {
        const j = Math.floor(rng() * (i + 1));
        [truth[i], truth[j]] = [truth[j] as number, truth[i] as number];
      }
      const perAnnotation = Array.from({ length: 600 }, () => {
        const a = Math.floor(rng() * k);
        let b = Math.floor(rng() * (k - 1));
        if (b >= a) b++;
        const pA = 1 / (1 + Math.exp((truth[b] as number) - (truth[a] as number)));
        const value = rng() < pA ? -1 : 1;
        return deriveComparisons(
          form,
          { pair: { pair: [`r${a}`, `r${b}`], value } },
          { responses },
          spec({ aggregation: "bradley-terry" }),
          { strategy: "all" },
        );
      });
      const fitted = fitStrengths(
        perAnnotation.flat(),
        responses.map((r) => r.id),
      );
      rhos.push(
        spearman(
          truth,
          responses.map((r) => fitted.get(r.id) as number),
        ),
      );
      // The exported ranking follows the fit: best-vs-worst is the true best over the true worst.
      const [best] = aggregatePreferences(
        perAnnotation,
        responses.map((r) => r.id),
        spec({ aggregation: "bradley-terry", pairs: "best-vs-worst" }),
      );
      expect(best?.chosen).toBe(`r${truth.indexOf(2)}`);
      expect(best?.rejected).toBe(`r${truth.indexOf(-2)}`);
      expect(best?.margin).toBeGreaterThan(2);
    }
    expect(Math.min(...rhos)).toBeGreaterThanOrEqual(0.95);
  });

  it("applies the pair strategy to the fitted ranking and honours minAnnotators", () => {
    // a beats b beats c, consistently, in two annotations.
    const perAnnotation = [
      [vote("a", "b"), vote("b", "c"), vote("a", "c")],
      [vote("a", "b"), vote("b", "c")],
    ];
    const all = aggregatePreferences(perAnnotation, ids, spec({ aggregation: "bradley-terry" }));
    expect(all.map((p) => `${p.chosen}>${p.rejected}`)).toEqual(["a>b", "a>c", "b>c"]);
    expect(all.every((p) => p.margin > 0)).toBe(true);
    expect(
      aggregatePreferences(perAnnotation, ids, spec({ aggregation: "bradley-terry", pairs: "adjacent" })).map(
        (p) => `${p.chosen}>${p.rejected}`,
      ),
    ).toEqual(["a>b", "b>c"]);
    expect(aggregatePreferences(perAnnotation, ids, spec({ aggregation: "bradley-terry", minAnnotators: 3 }))).toEqual([]);
  });
});
