import { buildAnswerSchema, type TFormDefinitionInput, type TQuestion, ZFormDefinition } from "@rankwise/shared";
import { describe, expect, it } from "vitest";
import {
  initialAnswers,
  isAnswered,
  pairFor,
  pairwiseScale,
  pruneHiddenAnswers,
  rankingState,
  rankingValue,
  ratingPoints,
  ruleCell,
  setRuleEvidence,
  setRuleVerdict,
  setStepLabel,
  stepLabels,
  stepsComplete,
  visibleQuestions,
  withStepLabels,
} from "../src/lib/form-answers.ts";
import { createRanking, fromApiRanking, moveResponse } from "../src/lib/ranking-state.ts";

const form = (input: TFormDefinitionInput) => ZFormDefinition.parse(input);

const RESPONSES = [
  { id: "r1", content: "Step one.\nStep two.\nStep three." },
  { id: "r2", content: "Only line" },
  { id: "r3", content: "x", steps: ["a", "b"] },
];

const CONDITIONAL = form({
  questions: [
    {
      id: "unsafe",
      type: "choice",
      title: "Unsafe?",
      options: [
        { value: "yes", label: "Yes" },
        { value: "no", label: "No" },
      ],
    },
    { id: "why", type: "text", title: "Why?", condition: { questionId: "unsafe", equals: "yes" } },
    { id: "more", type: "text", title: "More?", required: false, condition: { questionId: "why", equals: "details" } },
  ],
});

describe("visible questions and pruning", () => {
  it("shows a follow-up only when its condition holds", () => {
    expect(visibleQuestions(CONDITIONAL, {}).map((q) => q.id)).toEqual(["unsafe"]);
    expect(visibleQuestions(CONDITIONAL, { unsafe: "yes" }).map((q) => q.id)).toEqual(["unsafe", "why"]);
  });

  it("drops answers to hidden questions, also through a chain of conditions, and unknown keys", () => {
    const answers = { unsafe: "no", why: "details", more: "text", stray: 1 };
    expect(pruneHiddenAnswers(CONDITIONAL, answers)).toEqual({ unsafe: "no" });
    expect(pruneHiddenAnswers(CONDITIONAL, { ...answers, unsafe: "yes" })).toEqual({ unsafe: "yes", why: "details", more: "text" });
  });

  it("pruned answers pass the API's schema where the raw ones fail", () => {
    const answers = { unsafe: "no", why: "left over from before" };
    const schema = buildAnswerSchema(CONDITIONAL);
    expect(schema.safeParse(answers).success).toBe(false);
    expect(schema.safeParse(pruneHiddenAnswers(CONDITIONAL, answers)).success).toBe(true);
  });
});

describe("ranking values", () => {
  const ids = ["a", "b", "c", "d"];

  it("starts every ranking question at the display order", () => {
    const f = form({
      questions: [
        { id: "rank", type: "ranking", title: "Rank" },
        { id: "top", type: "ranking", title: "Top 2", topK: 2 },
      ],
    });
    expect(initialAnswers(f, ids)).toEqual({ rank: [["a"], ["b"], ["c"], ["d"]], top: [["a"], ["b"], ["c", "d"]] });
  });

  it("keeps the best k and puts the rest in one unranked tier; a tier crossing k stays whole", () => {
    expect(rankingValue(createRanking(ids), 2)).toEqual([["a"], ["b"], ["c", "d"]]);
    expect(rankingValue(fromApiRanking([["a"], ["b", "c"], ["d"]]), 2)).toEqual([["a"], ["b", "c"], ["d"]]);
    expect(rankingValue(createRanking(ids), null)).toEqual([["a"], ["b"], ["c"], ["d"]]);
    expect(rankingValue(createRanking(ids), 9)).toEqual([["a"], ["b"], ["c"], ["d"]]);
  });

  it("round-trips through the board's state, and falls back to display order for a value that does not fit", () => {
    const moved = moveResponse(createRanking(ids), 3, 0);
    expect(rankingState(rankingValue(moved, null), ids)).toEqual(moved);
    expect(rankingState([["a"], ["zz"]], ids)).toEqual(createRanking(ids));
    expect(rankingState("nonsense", ids)).toEqual(createRanking(ids));
  });
});

describe("pairwise scale", () => {
  it("has 2n+1 points from first-much-better to second-much-better", () => {
    const points = pairwiseScale({ strengths: ["Slightly better", "Better", "Much better"], allowTie: true });
    expect(points.map((p) => p.value)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    expect(points[0]).toEqual({ value: -3, side: "first", strength: "Much better" });
    expect(points[3]).toEqual({ value: 0, side: "tie", strength: "Tie" });
    expect(points[6]).toEqual({ value: 3, side: "second", strength: "Much better" });
  });

  it("has no middle point when ties are not allowed", () => {
    expect(pairwiseScale({ strengths: ["Better"], allowTie: false }).map((p) => p.value)).toEqual([-1, 1]);
  });

  it("uses the sampled pair, else the first two responses", () => {
    expect(pairFor("cmp", { cmp: ["r3", "r1"] }, ["r1", "r2", "r3"])).toEqual(["r3", "r1"]);
    expect(pairFor("cmp", {}, ["r1", "r2", "r3"])).toEqual(["r1", "r2"]);
    expect(pairFor("constructor", {}, ["r1"])).toBeNull();
  });
});

describe("rules cells", () => {
  it("sets a verdict, attaches evidence, keeps the evidence when the verdict changes, removes it", () => {
    let v = setRuleVerdict(undefined, "r1", "cite", "yes");
    expect(v).toEqual({ r1: { cite: { verdict: "yes" } } });
    v = setRuleEvidence(v, "r1", "cite", { start: 2, end: 8 });
    v = setRuleVerdict(v, "r1", "cite", "no");
    expect(ruleCell(v, "r1", "cite")).toEqual({ verdict: "no", evidence: { start: 2, end: 8 } });
    v = setRuleEvidence(v, "r1", "cite", null);
    expect(ruleCell(v, "r1", "cite")).toEqual({ verdict: "no" });
  });

  it("does not attach evidence to a cell without a verdict", () => {
    expect(setRuleEvidence({}, "r1", "cite", { start: 0, end: 1 })).toEqual({});
  });

  it("does not find prototype properties as cells", () => {
    expect(ruleCell({}, "constructor", "toString")).toBeUndefined();
  });
});

describe("step labels", () => {
  it("labels steps, in any order, with gaps as null", () => {
    let labels = setStepLabel([], 2, 1, true);
    expect(labels).toEqual([null, null, 1]);
    labels = setStepLabel(labels, 0, 0, true);
    expect(labels).toEqual([0, null, 1]);
  });

  it("stops at the first −1 and opens the later steps again when it changes", () => {
    const stopped = setStepLabel([1, 1, 1, 1], 1, -1, true);
    expect(stopped).toEqual([1, -1]);
    expect(setStepLabel(stopped, 1, 1, true)).toEqual([1, 1]);
  });

  it("keeps labels after a −1 when the question does not stop there", () => {
    expect(setStepLabel([1, 1, 1], 1, -1, false)).toEqual([1, -1, 1]);
  });

  it("knows when a response's steps are done", () => {
    expect(stepsComplete([1, 0, 1], 3, true)).toBe(true);
    expect(stepsComplete([1, -1], 3, true)).toBe(true);
    expect(stepsComplete([1, -1], 3, false)).toBe(false);
    expect(stepsComplete([1, null, 1], 3, true)).toBe(false);
  });

  it("reads and writes one response's labels without touching the others", () => {
    const value = withStepLabels({ r2: [1] }, "r1", [1, 0]);
    expect(value).toEqual({ r2: [1], r1: [1, 0] });
    expect(stepLabels(value, "r1")).toEqual([1, 0]);
    expect(withStepLabels(value, "r1", [])).toEqual({ r2: [1] });
    expect(stepLabels({ r1: [1, "x", 5] }, "r1")).toEqual([1, null, null]);
  });
});

describe("isAnswered", () => {
  const f = form({
    questions: [
      { id: "rate", type: "rating", title: "Rate", min: 1, max: 5 },
      { id: "rules", type: "rules", title: "Rules", rules: [{ id: "a", text: "A" }] },
      { id: "steps", type: "steps", title: "Steps" },
      { id: "text", type: "text", title: "Text", minLength: 3 },
      {
        id: "multi",
        type: "choice",
        title: "Multi",
        multiple: true,
        options: [
          { value: "x", label: "X" },
          { value: "y", label: "Y" },
        ],
      },
    ],
  });
  const q = (id: string) => {
    const found = f.questions.find((x) => x.id === id);
    if (!found) throw new Error(`no question ${id}`);
    return found;
  };
  const [rate, rules, steps, text, multi] = ["rate", "rules", "steps", "text", "multi"].map(q) as [
    TQuestion,
    TQuestion,
    TQuestion,
    TQuestion,
    TQuestion,
  ];

  it("needs every response rated", () => {
    expect(isAnswered(rate, { r1: 3, r2: 4 }, RESPONSES)).toBe(false);
    expect(isAnswered(rate, { r1: 3, r2: 4, r3: 1 }, RESPONSES)).toBe(true);
  });

  it("needs a verdict in every cell", () => {
    expect(isAnswered(rules, { r1: { a: { verdict: "yes" } } }, RESPONSES)).toBe(false);
    const all = Object.fromEntries(RESPONSES.map((r) => [r.id, { a: { verdict: "no" } }]));
    expect(isAnswered(rules, all, RESPONSES)).toBe(true);
  });

  it("counts steps from the imported list or the content's lines", () => {
    expect(isAnswered(steps, { r1: [1, 1, 1], r2: [0], r3: [1, -1] }, RESPONSES)).toBe(true);
    expect(isAnswered(steps, { r1: [1, 1], r2: [0], r3: [1, 1] }, RESPONSES)).toBe(false);
  });

  it("needs text of the minimum length and a non-empty choice", () => {
    expect(isAnswered(text, "  ab ", RESPONSES)).toBe(false);
    expect(isAnswered(text, "abc", RESPONSES)).toBe(true);
    expect(isAnswered(multi, [], RESPONSES)).toBe(false);
    expect(isAnswered(multi, ["y"], RESPONSES)).toBe(true);
  });

  it("lists rating points from min to max", () => {
    expect(ratingPoints(-2, 2)).toEqual([-2, -1, 0, 1, 2]);
  });
});
