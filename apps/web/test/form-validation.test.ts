import { type TFormDefinitionInput, ZFormDefinition } from "@rankwise/shared";
import { describe, expect, it } from "vitest";
import { describeIssue, issuesByQuestion, serverIssuesByQuestion, validateAnswers } from "../src/lib/form-validation.ts";

const form = (input: TFormDefinitionInput) => ZFormDefinition.parse(input);

const FORM = form({
  questions: [
    { id: "rank", type: "ranking", title: "Rank" },
    { id: "rate", type: "rating", title: "Rate", min: 1, max: 5 },
    {
      id: "rules",
      type: "rules",
      title: "Rules",
      rules: [
        { id: "cites", text: "Cites a source" },
        { id: "no_advice", text: "No medical advice" },
      ],
    },
    { id: "steps", type: "steps", title: "Steps" },
    {
      id: "flag",
      type: "choice",
      title: "Flag?",
      options: [
        { value: "yes", label: "Yes" },
        { value: "no", label: "No" },
      ],
    },
    { id: "why", type: "text", title: "Why?", minLength: 5, condition: { questionId: "flag", equals: "yes" } },
  ],
});
const RESPONSES = [
  { id: "m-1", content: "One.\nTwo." },
  { id: "m-2", content: "Alpha" },
];
const LABELS = { "m-1": "A", "m-2": "B" };
const CTX = { responses: RESPONSES, pairs: {} };

const COMPLETE = {
  rank: [["m-2"], ["m-1"]],
  rate: { "m-1": 4, "m-2": 2 },
  rules: {
    "m-1": { cites: { verdict: "yes", evidence: { start: 0, end: 4 } }, no_advice: { verdict: "no" } },
    "m-2": { cites: { verdict: "unsure" }, no_advice: { verdict: "yes" } },
  },
  steps: { "m-1": [1, -1], "m-2": [0] },
  flag: "no",
};

describe("validateAnswers", () => {
  it("accepts a complete form and returns exactly what is sent (hidden answers dropped)", () => {
    const result = validateAnswers(FORM, { ...COMPLETE, why: "stale text from before" }, CTX, LABELS);
    expect(result).toEqual({ ok: true, answers: COMPLETE });
  });

  it("names each unanswered question, and the follow-up once it is shown", () => {
    const result = validateAnswers(FORM, { rank: COMPLETE.rank, flag: "yes" }, CTX, LABELS);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual({
      rate: ["Answer this question."],
      rules: ["Answer this question."],
      steps: ["Answer this question."],
      why: ["Answer this question."],
    });
    expect(result.other).toEqual([]);
  });

  it("speaks in letters and rule numbers for partial answers", () => {
    const partial = {
      ...COMPLETE,
      rate: { "m-1": 4 },
      rules: { "m-1": { cites: { verdict: "yes" } } },
      steps: { "m-1": [1, null], "m-2": [0] },
    };
    const result = validateAnswers(FORM, partial, CTX, LABELS);
    if (result.ok) throw new Error("expected errors");
    expect(result.errors.rate).toEqual(["Rate Response B."]);
    expect(result.errors.rules).toEqual(["Response A: no verdict yet for rule 2.", "Give verdicts for Response B."]);
    expect(result.errors.steps).toEqual(["Response A: step 2 has no label (+1, 0 or −1)."]);
  });

  it("explains a step count that is neither complete nor stopped at a −1", () => {
    const result = validateAnswers(FORM, { ...COMPLETE, steps: { "m-1": [1], "m-2": [0] } }, CTX, LABELS);
    if (result.ok) throw new Error("expected errors");
    expect(result.errors.steps).toEqual(["Response A: label all 2 steps (or stop at the first −1)."]);
  });

  it("explains text that is too short", () => {
    const result = validateAnswers(FORM, { ...COMPLETE, flag: "yes", why: "no" }, CTX, LABELS);
    if (result.ok) throw new Error("expected errors");
    expect(result.errors).toEqual({ why: ["Write at least 5 characters."] });
  });
});

describe("issue mapping", () => {
  it("maps the API's 400 issues onto questions and keeps the rest", () => {
    const mapped = serverIssuesByQuestion(
      FORM,
      [
        { path: ["body", "answers", "rate", "m-2"], message: "rating must be between 1 and 5" },
        {
          path: ["body", "answers", "rules", "m-1", "cites", "evidence"],
          message: "evidence span 0-99 is outside the response (10 characters)",
        },
        { path: ["body", "answers", "nope"], message: 'unknown question "nope"' },
        { path: ["body", "durationMs"], message: "Too big" },
      ],
      LABELS,
    );
    expect(mapped.errors).toEqual({
      rate: ["Response B: rating must be between 1 and 5."],
      rules: ["Response A: rule 1: evidence span 0-99 is outside the response (10 characters)."],
    });
    expect(mapped.other).toEqual(['Unknown question "nope".', "Too big."]);
  });

  it("replaces response ids inside messages by their letters, whole tokens only", () => {
    const q = FORM.questions[0];
    if (!q) throw new Error("no question");
    expect(describeIssue(q, [], "unknown response ids: m-1, m-10", LABELS)).toBe("Unknown response ids: Response A, m-10.");
  });

  it("dedupes repeated messages", () => {
    const { errors } = issuesByQuestion(
      FORM,
      [
        { path: ["rank"], message: "required" },
        { path: ["rank"], message: "required" },
      ],
      LABELS,
    );
    expect(errors).toEqual({ rank: ["Answer this question."] });
  });
});
