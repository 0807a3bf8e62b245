import { describe, expect, it } from "vitest";
import { ZFormDefinition, ZQuestion } from "../../src/forms/form-definition.ts";
import { codeAnswer, rankingPositions } from "../../src/quality/code-answer.ts";
import { pairwiseCredit, scoreAnswer, scoreAnswers } from "../../src/quality/score-answer.ts";

const question = (q: Record<string, unknown>) => ZQuestion.parse({ title: "Q", ...q });
const ctx = { responses: [{ id: "r1" }, { id: "r2" }, { id: "r3" }] };

describe("ranking: (1 + τ_b) / 2 on mid-rank tier positions", () => {
  const ranking = question({ id: "rank", type: "ranking" });
  const gold = [["r1"], ["r2"], ["r3"]];

  it("identical 1, reversed 0, one swap 2/3", () => {
    expect(scoreAnswer(ranking, gold, gold, ctx)).toBe(1);
    expect(scoreAnswer(ranking, [["r3"], ["r2"], ["r1"]], gold, ctx)).toBe(0);
    // Pairs (r1,r2) and (r1,r3) concordant, (r2,r3) discordant: τ = 1/3.
    expect(scoreAnswer(ranking, [["r1"], ["r3"], ["r2"]], gold, ctx)).toBeCloseTo(2 / 3, 12);
  });

  it("ties are mid-ranks and count as τ_b ties", () => {
    expect(rankingPositions([["r1", "r2"], ["r3"]])).toEqual({ keys: ["r1", "r2", "r3"], values: [1.5, 1.5, 3] });
    // (r1,r2) tied in the answer, the other two pairs concordant: τ_b = 2 / √(2·3).
    expect(scoreAnswer(ranking, [["r1", "r2"], ["r3"]], gold, ctx)).toBeCloseTo((1 + 2 / Math.sqrt(6)) / 2, 12);
    // Everything tied has no ordered pair: 0.5 against a strict order, 1 against everything tied.
    expect(scoreAnswer(ranking, [["r1", "r2", "r3"]], gold, ctx)).toBe(0.5);
    expect(scoreAnswer(ranking, [["r3", "r1", "r2"]], [["r1", "r2", "r3"]], ctx)).toBe(1);
  });

  it("top-k rankings get the unranked responses as one bottom tier", () => {
    const topOne = question({ id: "top", type: "ranking", topK: 1 });
    expect(scoreAnswer(topOne, [["r2"]], [["r2"]], ctx)).toBe(1);
    // [[r1],[r2,r3]] vs [[r2],[r1,r3]]: one discordant pair, one tie on each side: τ_b = −1 / √(2·2).
    expect(scoreAnswer(topOne, [["r1"]], [["r2"]], ctx)).toBeCloseTo(0.25, 12);
  });

  it("an unanswered question scores 0; gold without an answer is not scored", () => {
    expect(scoreAnswer(ranking, undefined, gold, ctx)).toBe(0);
    expect(scoreAnswer(ranking, gold, undefined, ctx)).toBeNull();
  });
});

describe("pairwise", () => {
  const pairwise = question({ id: "pw", type: "pairwise" }); // 3 strength levels: values −3..3
  const gold = { pair: ["r1", "r2"], value: -2 };

  it("same answer 1; same side at another strength 1 − |Δ|/6; opposite 0", () => {
    expect(scoreAnswer(pairwise, gold, gold)).toBe(1);
    expect(scoreAnswer(pairwise, { pair: ["r1", "r2"], value: -3 }, gold)).toBeCloseTo(5 / 6, 12);
    expect(scoreAnswer(pairwise, { pair: ["r1", "r2"], value: -1 }, gold)).toBeCloseTo(5 / 6, 12);
    expect(scoreAnswer(pairwise, { pair: ["r1", "r2"], value: 2 }, gold)).toBe(0);
  });

  it("a tie against the slightest preference gets half credit, against a clear one none", () => {
    expect(pairwiseCredit(0, -1, 3)).toBe(0.5);
    expect(pairwiseCredit(1, 0, 3)).toBe(0.5);
    expect(scoreAnswer(pairwise, { pair: ["r1", "r2"], value: 0 }, gold)).toBe(0);
    expect(scoreAnswer(pairwise, { pair: ["r1", "r2"], value: 0 }, { pair: ["r1", "r2"], value: 0 })).toBe(1);
  });

  it("the pair shown in the other order is the same judgement; another pair is not comparable", () => {
    expect(scoreAnswer(pairwise, { pair: ["r2", "r1"], value: 2 }, gold)).toBe(1);
    expect(scoreAnswer(pairwise, { pair: ["r2", "r1"], value: -2 }, gold)).toBe(0);
    expect(scoreAnswer(pairwise, { pair: ["r1", "r3"], value: -2 }, gold)).toBeNull();
  });
});

describe("rating, choice, rules, steps, text", () => {
  it("rating: 1 − |Δ| / (max − min), averaged over the gold's responses", () => {
    const rating = question({ id: "rt", type: "rating", min: 1, max: 5 });
    expect(scoreAnswer(rating, { r1: 4, r2: 3 }, { r1: 5, r2: 1 })).toBeCloseTo((0.75 + 0.5) / 2, 12);
    // A response the labeler did not rate counts as 0.
    expect(scoreAnswer(rating, { r1: 5 }, { r1: 5, r2: 1 })).toBe(0.5);
  });

  it("choice: exact for one option, Jaccard for several", () => {
    const options = [
      { value: "a", label: "A" },
      { value: "b", label: "B" },
      { value: "c", label: "C" },
    ];
    const single = question({ id: "one", type: "choice", options });
    const multi = question({ id: "many", type: "choice", options, multiple: true });
    expect(scoreAnswer(single, "a", "a")).toBe(1);
    expect(scoreAnswer(single, "b", "a")).toBe(0);
    expect(scoreAnswer(multi, ["b", "c"], ["a", "b"])).toBeCloseTo(1 / 3, 12);
    expect(scoreAnswer(multi, ["a", "b"], ["b", "a"])).toBe(1);
    expect(scoreAnswer(multi, [], [])).toBe(1);
  });

  it("rules: share of (response, rule) cells with the gold verdict", () => {
    const rules = question({
      id: "rl",
      type: "rules",
      rules: [
        { id: "safe", text: "Safe" },
        { id: "cited", text: "Cites sources" },
      ],
    });
    const gold = {
      r1: { safe: { verdict: "yes" }, cited: { verdict: "no" } },
      r2: { safe: { verdict: "yes" }, cited: { verdict: "yes" } },
    };
    const answer = {
      r1: { safe: { verdict: "yes" }, cited: { verdict: "no" } },
      r2: { safe: { verdict: "unsure" }, cited: { verdict: "yes" } },
    };
    expect(scoreAnswer(rules, answer, gold)).toBe(0.75);
    expect(scoreAnswer(rules, { r1: answer.r1 }, gold)).toBe(0.5);
  });

  it("steps: share matching up to and including the first gold −1", () => {
    const steps = question({ id: "st", type: "steps" });
    expect(scoreAnswer(steps, { r1: [1, 0, -1] }, { r1: [1, 1, -1] })).toBeCloseTo(2 / 3, 12);
    expect(scoreAnswer(steps, { r1: [1] }, { r1: [1, 1, -1] })).toBeCloseTo(1 / 3, 12);
    const free = question({ id: "st2", type: "steps", stopAtFirstNegative: false });
    // Gold goes on after its first −1; only steps 1–2 count, so the labeler's later steps do not matter.
    expect(scoreAnswer(free, { r1: [1, -1, 0, 0] }, { r1: [1, -1, 1, 1] })).toBe(1);
    // Pooled over responses: r1 2 of 2, r2 0 of 1.
    expect(scoreAnswer(steps, { r1: [1, 1], r2: [1] }, { r1: [1, 1], r2: [-1] })).toBeCloseTo(2 / 3, 12);
  });

  it("text is not scored", () => {
    const text = question({ id: "tx", type: "text" });
    expect(codeAnswer(text, "anything")).toBeNull();
    expect(scoreAnswer(text, "same", "same")).toBeNull();
  });
});

describe("scoreAnswers", () => {
  const form = ZFormDefinition.parse({
    questions: [
      { id: "rank", type: "ranking", title: "Rank" },
      {
        id: "topic",
        type: "choice",
        title: "Topic",
        options: [
          { value: "a", label: "A" },
          { value: "b", label: "B" },
        ],
      },
      { id: "why", type: "text", title: "Why", required: false },
      { id: "extra", type: "rating", title: "Extra", required: false },
    ],
  });

  it("averages the questions the gold answers; text and questions without gold are not scored", () => {
    const gold = { rank: [["r1"], ["r2"], ["r3"]], topic: "a", why: "because" };
    const result = scoreAnswers(form, { rank: [["r1"], ["r3"], ["r2"]], topic: "a", why: "hm", extra: { r1: 3 } }, gold, ctx);
    expect(result.perQuestion).toEqual({ rank: expect.closeTo(2 / 3, 12), topic: 1, why: null, extra: null });
    expect(result.score).toBeCloseTo((2 / 3 + 1) / 2, 12);
  });

  it("a question the gold answers and the labeler skipped scores 0; no scorable gold → null", () => {
    expect(scoreAnswers(form, { rank: [["r1"], ["r2"], ["r3"]] }, { rank: [["r1"], ["r2"], ["r3"]], topic: "b" }, ctx).score).toBe(0.5);
    expect(scoreAnswers(form, { why: "x" }, { why: "y" }, ctx).score).toBeNull();
  });

  it("never throws on malformed stored values", () => {
    const junk = { rank: "r1>r2", topic: 3, extra: [1], constructor: 1 };
    expect(() => scoreAnswers(form, junk as never, { rank: [["r1"], ["r2"]], topic: "a" }, ctx)).not.toThrow();
    expect(scoreAnswers(form, junk as never, { rank: [["r1"], ["r2"]], topic: "a" }, ctx).score).toBe(0);
  });
});
