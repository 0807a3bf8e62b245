import { describe, expect, it } from "vitest";
import { deriveComparisons, ZFormDefinition } from "../../src/index.ts";
import { MIXED_FORM, spec } from "./fixtures.ts";

const item = { responses: ["a", "b", "c", "d", "e"].map((id) => ({ id })) };
const rankForm = ZFormDefinition.parse({ questions: [{ id: "rank", type: "ranking", title: "Rank", criterion: "helpful" }] });
const pairs = (list: { chosen: string; rejected: string; tie: boolean }[]) =>
  list.map((c) => `${c.chosen}${c.tie ? "=" : ">"}${c.rejected}`);

describe("deriveComparisons: rankings", () => {
  // a > [b, c] > d > e
  const ranking = [["a"], ["b", "c"], ["d"], ["e"]];

  it.each([
    // all: a beats 4, b and c beat 2 each, d beats 1 → 4 + 4 + 1 = 9
    ["all", ["a>b", "a>c", "a>d", "a>e", "b>d", "b>e", "c>d", "c>e", "d>e"]],
    // best-vs-rest: a against the 4 others
    ["best-vs-rest", ["a>b", "a>c", "a>d", "a>e"]],
    // adjacent: a>{b,c}, {b,c}>d, d>e → 2 + 2 + 1
    ["adjacent", ["a>b", "a>c", "b>d", "c>d", "d>e"]],
    // best-vs-worst: a > e only
    ["best-vs-worst", ["a>e"]],
  ] as const)("strategy %s gives the hand-computed pairs", (strategy, expected) => {
    const out = deriveComparisons(rankForm, { rank: ranking }, item, spec({ pairs: strategy }));
    expect(pairs(out).sort()).toEqual([...expected].sort());
    expect(out).toHaveLength(expected.length);
    expect(out.every((c) => c.strength === 1 && c.criterion === "helpful" && c.questionId === "rank")).toBe(true);
  });

  it("keeps ties as tie comparisons only when asked (and only within the tiers the strategy uses)", () => {
    expect(pairs(deriveComparisons(rankForm, { rank: ranking }, item, spec({ keepTies: true }))).filter((p) => p.includes("="))).toEqual([
      "b=c",
    ]);
    expect(deriveComparisons(rankForm, { rank: ranking }, item, spec()).some((c) => c.tie)).toBe(false);
    const bestTied = [["a", "b"], ["c"], ["d", "e"]];
    expect(pairs(deriveComparisons(rankForm, { rank: bestTied }, item, spec({ keepTies: true, pairs: "best-vs-worst" })))).toEqual([
      "a>d",
      "a>e",
      "b>d",
      "b>e",
      "a=b",
    ]);
  });

  it("completes a top-k ranking: the unranked rest loses to every ranked response but is never tied", () => {
    const topK = ZFormDefinition.parse({ questions: [{ id: "rank", type: "ranking", title: "Top 2", topK: 2 }] });
    const out = deriveComparisons(topK, { rank: [["c"], ["a"]] }, item, spec({ keepTies: true }));
    // c>a, c>{b,d,e}, a>{b,d,e} = 1 + 3 + 3 = 7, and no ties among b, d, e.
    expect(pairs(out)).toEqual(["c>a", "c>b", "c>d", "c>e", "a>b", "a>d", "a>e"]);
  });

  it("ignores unknown and repeated response ids instead of exporting bogus pairs", () => {
    expect(pairs(deriveComparisons(rankForm, { rank: [["a", "zz"], ["b"], ["a"]] }, item, spec()))).toEqual(["a>b"]);
    expect(deriveComparisons(rankForm, { rank: "not a ranking" }, item, spec())).toEqual([]);
  });
});

describe("deriveComparisons: pairwise and rating questions, filters", () => {
  it("pairwise: negative means the first is better, |value| is the strength, 0 a tie", () => {
    const s = spec({ keepTies: true, criterion: "honest" });
    expect(deriveComparisons(MIXED_FORM, { pair: { pair: ["b", "a"], value: -3 } }, item, s)).toEqual([
      { questionId: "pair", criterion: "honest", chosen: "b", rejected: "a", tie: false, strength: 3 },
    ]);
    expect(deriveComparisons(MIXED_FORM, { pair: { pair: ["b", "a"], value: 2 } }, item, s)[0]).toMatchObject({
      chosen: "a",
      rejected: "b",
      strength: 2,
    });
    // A tie is reported in item order, whatever order the pair was shown in.
    expect(deriveComparisons(MIXED_FORM, { pair: { pair: ["b", "a"], value: 0 } }, item, s)[0]).toMatchObject({
      chosen: "a",
      rejected: "b",
      tie: true,
      strength: 0,
    });
    expect(deriveComparisons(MIXED_FORM, { pair: { pair: ["b", "a"], value: 0 } }, item, spec({ criterion: "honest" }))).toEqual([]);
  });

  it("rating: a pair when the gap reaches ratingGap, with the gap as strength; 0 turns ratings off", () => {
    const answers = { score: { a: 7, b: 6, c: 3, d: 1, e: 3 } };
    expect(deriveComparisons(MIXED_FORM, answers, item, spec({ criterion: "helpful" }))).toEqual([]);
    const out = deriveComparisons(MIXED_FORM, answers, item, spec({ criterion: "helpful", ratingGap: 3 }));
    // a(7) b(6) c,e(3) d(1): gaps ≥ 3 are a>c 4, a>e 4, a>d 6, b>c 3, b>e 3, b>d 5.
    expect(out.map((c) => `${c.chosen}>${c.rejected}:${c.strength}`)).toEqual(["a>c:4", "a>e:4", "a>d:6", "b>c:3", "b>e:3", "b>d:5"]);
    const ties = deriveComparisons(MIXED_FORM, answers, item, spec({ criterion: "helpful", ratingGap: 1, keepTies: true })).filter(
      (c) => c.tie,
    );
    expect(pairs(ties)).toEqual(["c=e"]);
  });

  it("filters by criterion (null = questions without one) and by question id", () => {
    const answers = { rank: [["a"], ["b"]], pair: { pair: ["a", "b"], value: 1 }, score: { a: 1, b: 7, c: 1, d: 1, e: 1 } };
    const small = { responses: [{ id: "a" }, { id: "b" }] };
    expect(deriveComparisons(MIXED_FORM, answers, small, spec({ ratingGap: 1 })).map((c) => c.questionId)).toEqual([
      "rank",
      "pair",
      "score",
    ]);
    expect(deriveComparisons(MIXED_FORM, answers, small, spec({ criterion: "helpful", ratingGap: 1 })).map((c) => c.questionId)).toEqual([
      "rank",
      "score",
    ]);
    expect(deriveComparisons(MIXED_FORM, answers, small, spec({ questions: ["pair"] })).map((c) => c.questionId)).toEqual(["pair"]);
    expect(deriveComparisons(MIXED_FORM, answers, small, spec({ criterion: null }))).toEqual([]);
  });
});
