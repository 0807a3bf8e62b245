import { describe, expect, it } from "vitest";
import {
  buildAnswerSchema,
  completeRanking,
  isQuestionVisible,
  splitSteps,
  type TAnswerContext,
  type TFormDefinition,
  type TQuestionInput,
  ZFormDefinition,
} from "../../src/forms/index.ts";

type TPath = (string | number)[];
type TIssue = { path: TPath; message: string };

const form = (...questions: TQuestionInput[]): TFormDefinition => ZFormDefinition.parse({ questions });

/** r1: one line of 11 characters; r2: three lines around a blank one; r3: explicit steps on one line. */
const CTX: TAnswerContext = {
  responses: [
    { id: "r1", content: "Hello world" },
    { id: "r2", content: "Step one\r\nStep two\n\n   \nStep three\n" },
    { id: "r3", content: "All in one line", steps: ["First", "Second"] },
  ],
  pairs: { pw: ["r1", "r3"] },
};

/** `ctx` null checks the shape only, as a client without the item would. */
function issuesOf(def: TFormDefinition, answers: unknown, ctx: TAnswerContext | null = CTX): TIssue[] {
  const parsed = buildAnswerSchema(def, ctx ?? undefined).safeParse(answers);
  return parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path as TPath, message: i.message }));
}

function expectValid(def: TFormDefinition, answers: unknown, ctx?: TAnswerContext | null) {
  expect(issuesOf(def, answers, ctx)).toEqual([]);
}

/** Exactly one issue, at `path`, whose message matches. */
function expectIssue(def: TFormDefinition, answers: unknown, path: TPath, message: RegExp, ctx?: TAnswerContext | null) {
  const issues = issuesOf(def, answers, ctx);
  expect(issues, JSON.stringify(answers)).toHaveLength(1);
  expect(issues[0]?.path).toEqual(path);
  expect(issues[0]?.message).toMatch(message);
}

describe("ranking", () => {
  const def = form({ id: "rank", type: "ranking", title: "Rank" });

  it("accepts a full ranking with ties", () => {
    expectValid(def, { rank: [["r2"], ["r1", "r3"]] });
    expectValid(def, { rank: [["r1", "r2", "r3"]] });
  });

  it("names unknown, missing and duplicate response ids", () => {
    expectIssue(def, { rank: [["r1"], ["r2"], ["r3"], ["r9"]] }, ["rank"], /^unknown response ids: r9$/);
    expectIssue(def, { rank: [["r1"], ["r2"]] }, ["rank"], /^missing response ids: r3$/);
    expectIssue(def, { rank: [["r1", "r1"], ["r2"], ["r3"]] }, ["rank"], /^duplicate response ids: r1$/);
    expectIssue(def, { rank: [["r1"], ["r2", "r1"], ["r3"]] }, ["rank"], /^duplicate response ids: r1$/);
  });

  it("rejects malformed tiers at the offending index", () => {
    expectIssue(def, { rank: [["r1"], [], ["r2", "r3"]] }, ["rank", 1], /.+/);
    expectIssue(def, { rank: [["r1"], ["r2", 3]] }, ["rank", 1, 1], /.+/);
    expectIssue(def, { rank: "r1>r2>r3" }, ["rank"], /.+/);
  });

  it("checks ids only against an item", () => {
    expectValid(def, { rank: [["anything"]] }, null);
  });

  it("forbids ties when allowTies is false", () => {
    const strict = form({ id: "rank", type: "ranking", title: "Rank", allowTies: false });
    expectValid(strict, { rank: [["r3"], ["r1"], ["r2"]] });
    expectIssue(strict, { rank: [["r3"], ["r1", "r2"]] }, ["rank", 1], /ties are not allowed/);
  });

  it("with topK, ranks at least the best k and leaves the rest unranked", () => {
    const top2 = form({ id: "rank", type: "ranking", title: "Best two", topK: 2 });
    expectValid(top2, { rank: [["r2"], ["r3"]] });
    expectValid(top2, { rank: [["r2", "r3"]] });
    expectValid(top2, { rank: [["r2"], ["r3"], ["r1"]] });
    expectIssue(top2, { rank: [["r2"]] }, ["rank"], /rank at least the top 2 responses/);
    expectIssue(top2, { rank: [["r2"], ["r9"]] }, ["rank"], /unknown response ids: r9/);
    expectIssue(top2, { rank: [["r2"], ["r2"]] }, ["rank"], /duplicate response ids: r2/);
    // k larger than the item: everything must be ranked.
    const top9 = form({ id: "rank", type: "ranking", title: "Best nine", topK: 9 });
    expectIssue(top9, { rank: [["r2"], ["r1"]] }, ["rank"], /rank at least the top 3 responses/);
    expectValid(top9, { rank: [["r2"], ["r1"], ["r3"]] });
  });

  it("completeRanking appends the unranked responses as one bottom tier", () => {
    expect(completeRanking([["r2"]], ["r1", "r2", "r3"])).toEqual([["r2"], ["r1", "r3"]]);
    expect(completeRanking([["r2"], ["r1", "r3"]], ["r1", "r2", "r3"])).toEqual([["r2"], ["r1", "r3"]]);
  });
});

describe("pairwise", () => {
  const def = form({ id: "pw", type: "pairwise", title: "Which is better?" });
  const strict = form({ id: "pw", type: "pairwise", title: "Which is better?", allowTie: false, strengths: ["Better", "Much better"] });

  it("accepts the sampled pair with any strength on the scale, and a tie when allowed", () => {
    for (const value of [-3, -2, -1, 0, 1, 2, 3]) expectValid(def, { pw: { pair: ["r1", "r3"], value } });
    expectValid(strict, { pw: { pair: ["r1", "r3"], value: 2 } });
  });

  it("rejects a value beyond the strength scale", () => {
    expectIssue(def, { pw: { pair: ["r1", "r3"], value: 4 } }, ["pw", "value"], /between -3 and 3/);
    expectIssue(def, { pw: { pair: ["r1", "r3"], value: -4 } }, ["pw", "value"], /between -3 and 3/);
    expectIssue(strict, { pw: { pair: ["r1", "r3"], value: 3 } }, ["pw", "value"], /between -2 and 2/);
    expectIssue(def, { pw: { pair: ["r1", "r3"], value: 1.5 } }, ["pw", "value"], /.+/);
    expectIssue(def, { pw: { pair: ["r1", "r3"] } }, ["pw", "value"], /.+/);
  });

  it("rejects a tie when ties are not allowed", () => {
    expectIssue(strict, { pw: { pair: ["r1", "r3"], value: 0 } }, ["pw", "value"], /tie is not allowed/);
  });

  it("insists on the pair the server sampled, in its order", () => {
    expectIssue(def, { pw: { pair: ["r3", "r1"], value: 1 } }, ["pw", "pair"], /answer the pair you were shown: r1 vs r3/);
    expectIssue(def, { pw: { pair: ["r1", "r2"], value: 1 } }, ["pw", "pair"], /answer the pair you were shown/);
    // Without a sampled pair any two of the item's responses will do.
    expectValid(def, { pw: { pair: ["r2", "r1"], value: 1 } }, { responses: CTX.responses });
  });

  it("a question id that is also an Object.prototype name has no sampled pair unless one was drawn", () => {
    const tricky = form({ id: "constructor", type: "pairwise", title: "Which?" });
    expectValid(tricky, { constructor: { pair: ["r2", "r1"], value: 1 } }, { responses: CTX.responses, pairs: {} });
  });

  it("rejects unknown ids, the same response twice, and a malformed pair", () => {
    const noPairs = { responses: CTX.responses };
    expectIssue(def, { pw: { pair: ["r1", "r9"], value: 1 } }, ["pw", "pair"], /^unknown response ids: r9$/, noPairs);
    const twice = issuesOf(def, { pw: { pair: ["r1", "r1"], value: 1 } }, noPairs);
    expect(twice.map((i) => i.path)).toEqual([
      ["pw", "pair"],
      ["pw", "pair"],
    ]);
    expect(twice.map((i) => i.message).join(" ")).toMatch(/two different responses.*duplicate response ids: r1/);
    expectIssue(def, { pw: { pair: ["r1"], value: 1 } }, ["pw", "pair"], /.+/);
    expectIssue(def, { pw: { pair: ["r1", "r3", "r2"], value: 1 } }, ["pw", "pair"], /.+/);
  });
});

describe("rating", () => {
  const def = form({ id: "helpful", type: "rating", title: "How helpful?", criterion: "helpful", min: 1, max: 5 });

  it("accepts one score per response within the scale", () => {
    expectValid(def, { helpful: { r1: 1, r2: 5, r3: 3 } });
  });

  it("rejects out-of-range and fractional scores at the response", () => {
    expectIssue(def, { helpful: { r1: 6, r2: 5, r3: 3 } }, ["helpful", "r1"], /between 1 and 5/);
    expectIssue(def, { helpful: { r1: 1, r2: 0, r3: 3 } }, ["helpful", "r2"], /between 1 and 5/);
    expectIssue(def, { helpful: { r1: 1, r2: 5, r3: 2.5 } }, ["helpful", "r3"], /.+/);
    expectIssue(def, { helpful: { r1: 1, r2: 5, r3: "3" } }, ["helpful", "r3"], /.+/);
    expectIssue(def, { helpful: 4 }, ["helpful"], /.+/);
  });

  it("names missing and unknown responses", () => {
    expectIssue(def, { helpful: { r1: 1, r2: 5 } }, ["helpful"], /^missing response ids: r3$/);
    expectIssue(def, { helpful: { r1: 1, r2: 5, r3: 3, r9: 2 } }, ["helpful"], /^unknown response ids: r9$/);
  });

  it("supports negative scales", () => {
    const centred = form({ id: "tone", type: "rating", title: "Tone", min: -2, max: 2 });
    expectValid(centred, { tone: { r1: -2, r2: 0, r3: 2 } });
    expectIssue(centred, { tone: { r1: -3, r2: 0, r3: 2 } }, ["tone", "r1"], /between -2 and 2/);
  });
});

describe("choice", () => {
  const options = [
    { value: "a", label: "A" },
    { value: "b", label: "B" },
    { value: "c", label: "C" },
  ];
  const def = form(
    { id: "one", type: "choice", title: "Pick one", options },
    { id: "many", type: "choice", title: "Pick any", options, multiple: true },
  );

  it("accepts one option for single choice and a list for multiple choice", () => {
    expectValid(def, { one: "b", many: ["a", "c"] });
    expectValid(def, { one: "a", many: ["b"] });
  });

  it("rejects a list for single choice and a single value for multiple choice", () => {
    expectIssue(def, { one: ["b"], many: ["a"] }, ["one"], /expected a single option/);
    expectIssue(def, { one: "b", many: "a" }, ["many"], /expected a list of options/);
  });

  it("names unknown options and repeated ones", () => {
    expectIssue(def, { one: "z", many: ["a"] }, ["one"], /"z" is not an option/);
    expectIssue(def, { one: "a", many: ["a", "z"] }, ["many", 1], /"z" is not an option/);
    expectIssue(def, { one: "a", many: ["a", "b", "a"] }, ["many"], /chosen twice/);
    expectIssue(def, { one: 3, many: ["a"] }, ["one"], /.+/);
  });

  it("treats an empty list as unanswered", () => {
    expectIssue(def, { one: "a", many: [] }, ["many"], /^required$/);
  });
});

describe("text", () => {
  const def = form({ id: "why", type: "text", title: "Why?", minLength: 5, maxLength: 20 });

  it("accepts text within the length limits, measured without surrounding spaces", () => {
    expectValid(def, { why: "Clear and correct" });
    expectValid(def, { why: `  ${"x".repeat(20)}  ` });
  });

  it("rejects text that is too short or too long", () => {
    expectIssue(def, { why: "meh" }, ["why"], /at least 5 characters/);
    expectIssue(def, { why: "  ab  " }, ["why"], /at least 5 characters/);
    expectIssue(def, { why: "x".repeat(21) }, ["why"], /at most 20 characters/);
    expectIssue(def, { why: 12345 }, ["why"], /.+/);
  });

  it("treats blank text as unanswered", () => {
    expectIssue(def, { why: "" }, ["why"], /^required$/);
    expectIssue(def, { why: "   " }, ["why"], /^required$/);
    const optional = form({ id: "why", type: "text", title: "Why?", required: false, minLength: 5 });
    expectValid(optional, { why: "" });
    expectValid(optional, { why: "  " });
    expectValid(optional, {});
  });
});

describe("rules", () => {
  const rules = [
    { id: "no_pii", text: "Contains no personal data" },
    { id: "cites_source", text: "Cites a source" },
  ];
  const def = form({ id: "rules_q", type: "rules", title: "Check each rule", rules });
  const yes = { verdict: "yes" };
  const all = (cells: Record<string, unknown> = {}) => ({
    r1: { no_pii: yes, cites_source: { verdict: "no", evidence: { start: 0, end: 5 } } },
    r2: { no_pii: { verdict: "unsure" }, cites_source: { verdict: "yes", evidence: null } },
    r3: { no_pii: yes, cites_source: yes },
    ...cells,
  });

  it("accepts a verdict per rule per response, with evidence spans inside the response", () => {
    expectValid(def, { rules_q: all() });
    expectValid(def, { rules_q: all({ r1: { no_pii: { verdict: "no", evidence: { start: 6, end: 11 } }, cites_source: yes } }) });
  });

  it("names an unknown rule at the cell", () => {
    expectIssue(
      def,
      { rules_q: all({ r2: { no_pii: yes, cites_source: yes, bogus: yes } }) },
      ["rules_q", "r2", "bogus"],
      /unknown rule "bogus"/,
    );
  });

  it("names missing verdicts at the response", () => {
    expectIssue(def, { rules_q: all({ r2: { no_pii: yes } }) }, ["rules_q", "r2"], /missing verdicts for rules: cites_source/);
  });

  it("rejects evidence outside the response or with end <= start", () => {
    const cell = (evidence: unknown) => ({ rules_q: all({ r2: { no_pii: { verdict: "no", evidence }, cites_source: yes } }) });
    const r2Length = (CTX.responses[1]?.content ?? "").length;
    expectValid(def, cell({ start: 0, end: r2Length }));
    expectIssue(def, cell({ start: 0, end: r2Length + 1 }), ["rules_q", "r2", "no_pii", "evidence"], /outside the response/);
    expectIssue(def, cell({ start: 4, end: 4 }), ["rules_q", "r2", "no_pii", "evidence"], /end must be after its start/);
    expectIssue(def, cell({ start: 5, end: 2 }), ["rules_q", "r2", "no_pii", "evidence"], /end must be after its start/);
    expectIssue(def, cell({ start: -1, end: 2 }), ["rules_q", "r2", "no_pii", "evidence", "start"], /.+/);
    expectIssue(def, cell({ start: 0 }), ["rules_q", "r2", "no_pii", "evidence", "end"], /.+/);
  });

  it("rejects a bad verdict, and unsure when it is not allowed", () => {
    expectIssue(
      def,
      { rules_q: all({ r3: { no_pii: { verdict: "maybe" }, cites_source: yes } }) },
      ["rules_q", "r3", "no_pii", "verdict"],
      /.+/,
    );
    const sure = form({ id: "rules_q", type: "rules", title: "Check", rules, allowUnsure: false });
    expectIssue(sure, { rules_q: all() }, ["rules_q", "r2", "no_pii", "verdict"], /unsure is not allowed/);
  });

  it("names missing and unknown responses", () => {
    const { r3: _, ...noR3 } = all();
    expectIssue(def, { rules_q: noR3 }, ["rules_q"], /^missing response ids: r3$/);
    expectIssue(def, { rules_q: all({ r9: { no_pii: yes, cites_source: yes } }) }, ["rules_q"], /^unknown response ids: r9$/);
  });

  it("when optional, accepts a partial answer but still checks what is given", () => {
    const optional = form({ id: "rules_q", type: "rules", title: "Check", rules, required: false });
    expectValid(optional, { rules_q: { r2: { cites_source: yes } } });
    expectValid(optional, {});
    expectIssue(
      optional,
      { rules_q: { r2: { cites_source: { verdict: "no", evidence: { start: 0, end: 999 } } } } },
      ["rules_q", "r2", "cites_source", "evidence"],
      /outside/,
    );
  });

  it("a rule id that is also an Object.prototype name is still required", () => {
    const tricky = form({ id: "rules_q", type: "rules", title: "Check", rules: [{ id: "constructor", text: "Is constructive" }] });
    expectIssue(
      tricky,
      { rules_q: { r1: {}, r2: { constructor: yes }, r3: { constructor: yes } } },
      ["rules_q", "r1"],
      /missing verdicts for rules: constructor/,
    );
  });
});

describe("steps", () => {
  const def = form({ id: "st", type: "steps", title: "Label each step" });
  const free = form({ id: "st", type: "steps", title: "Label each step", stopAtFirstNegative: false });

  it("splits content into non-empty lines unless steps were given", () => {
    expect(splitSteps({ content: "Step one\r\nStep two\n\n   \nStep three\n" })).toEqual(["Step one", "Step two", "Step three"]);
    expect(splitSteps({ content: "All in one line", steps: ["First", "Second"] })).toEqual(["First", "Second"]);
    expect(splitSteps({ content: "a\nb", steps: [] })).toEqual(["a", "b"]);
    expect(splitSteps({ content: "a\nb", steps: null })).toEqual(["a", "b"]);
  });

  it("accepts one label per step, using explicit steps over lines", () => {
    expectValid(def, { st: { r1: [1], r2: [1, 0, 1], r3: [0, 1] } });
    // r3's content is one line, but it was imported with two steps.
    expectIssue(def, { st: { r1: [1], r2: [1, 0, 1], r3: [1] } }, ["st", "r3"], /expected 2 step labels.*got 1/);
  });

  it("rejects the wrong number of labels", () => {
    expectIssue(def, { st: { r1: [1], r2: [1, 1], r3: [1, 1] } }, ["st", "r2"], /expected 3 step labels.*got 2/);
    expectIssue(def, { st: { r1: [1], r2: [1, 1, 1, 1], r3: [1, 1] } }, ["st", "r2"], /expected 3 step labels.*got 4/);
    expectIssue(def, { st: { r1: [], r2: [1, 1, 1], r3: [1, 1] } }, ["st", "r1"], /expected 1 step labels.*got 0/);
    expectIssue(def, { st: { r1: [1], r2: [1, 1, 1, -1], r3: [1, 1] } }, ["st", "r2"], /expected 3 step labels.*got 4/);
  });

  it("with stopAtFirstNegative, ends at the first -1 and rejects labels after it", () => {
    expectValid(def, { st: { r1: [-1], r2: [1, -1], r3: [1, 1] } });
    expectIssue(def, { st: { r1: [1], r2: [-1, 1, 1], r3: [1, 1] } }, ["st", "r2"], /labeling stops at the first -1 \(step 1\)/);
    expectIssue(def, { st: { r1: [1], r2: [1, -1, 0], r3: [1, 1] } }, ["st", "r2"], /stops at the first -1 \(step 2\)/);
  });

  it("without stopAtFirstNegative, every step is labeled whatever the labels", () => {
    expectValid(free, { st: { r1: [-1], r2: [-1, 1, -1], r3: [-1, -1] } });
    expectIssue(free, { st: { r1: [1], r2: [1, -1], r3: [1, 1] } }, ["st", "r2"], /expected 3 step labels, got 2/);
  });

  it("rejects labels other than -1, 0 and 1 at their index", () => {
    expectIssue(def, { st: { r1: [1], r2: [1, 2, 1], r3: [1, 1] } }, ["st", "r2", 1], /.+/);
  });

  it("names missing and unknown responses", () => {
    expectIssue(def, { st: { r1: [1], r2: [1, 1, 1] } }, ["st"], /^missing response ids: r3$/);
    expectIssue(def, { st: { r1: [1], r2: [1, 1, 1], r3: [1, 1], r9: [1] } }, ["st"], /^unknown response ids: r9$/);
    const optional = form({ id: "st", type: "steps", title: "Label", required: false });
    expectValid(optional, { st: { r2: [1, 1, 1] } });
  });
});

describe("required and optional questions", () => {
  const def = form(
    { id: "rank", type: "ranking", title: "Rank" },
    { id: "note", type: "text", title: "Anything else?", required: false },
    { id: "helpful", type: "rating", title: "How helpful?", required: false, min: 1, max: 3 },
  );

  it("requires required questions and lets optional ones be left out", () => {
    expectValid(def, { rank: [["r1", "r2", "r3"]] });
    expectValid(def, { rank: [["r1", "r2", "r3"]], note: null, helpful: null });
    expectIssue(def, { note: "hi" }, ["rank"], /^required$/);
    expectIssue(def, { rank: null }, ["rank"], /^required$/);
    expectIssue(def, { rank: [] }, ["rank"], /^required$/);
  });

  it("an empty object is an unanswered record question", () => {
    expectValid(def, { rank: [["r1", "r2", "r3"]], helpful: {} });
    const required = form({ id: "helpful", type: "rating", title: "How helpful?" });
    expectIssue(required, { helpful: {} }, ["helpful"], /^required$/);
    expectIssue(required, { helpful: {} }, ["helpful"], /^required$/, null);
  });

  it("names an unknown question id", () => {
    expectIssue(def, { rank: [["r1", "r2", "r3"]], bogus: 1 }, ["bogus"], /unknown question "bogus"/);
  });

  it("a question id that is also an Object.prototype name is unanswered until answered", () => {
    const tricky = form({ id: "constructor", type: "text", title: "Anything?", required: false });
    expectValid(tricky, {});
    expectIssue(form({ id: "constructor", type: "text", title: "Anything?" }), {}, ["constructor"], /^required$/);
  });
});

describe("conditions", () => {
  const def = form(
    {
      id: "has_issue",
      type: "choice",
      title: "Any problem?",
      options: [
        { value: "yes", label: "Yes" },
        { value: "no", label: "No" },
      ],
    },
    { id: "detail", type: "text", title: "What is wrong?", condition: { questionId: "has_issue", equals: "yes" } },
    {
      id: "flags",
      type: "choice",
      title: "Flags",
      multiple: true,
      required: false,
      options: [
        { value: "unsafe", label: "Unsafe" },
        { value: "wrong", label: "Wrong" },
        { value: "rude", label: "Rude" },
      ],
    },
    { id: "severity", type: "rating", title: "How bad?", min: 1, max: 3, condition: { questionId: "flags", equals: ["unsafe", "rude"] } },
  );
  const severity = { r1: 1, r2: 2, r3: 3 };

  it("a hidden required question is not required", () => {
    expectValid(def, { has_issue: "no" });
  });

  it("a visible conditional question is required", () => {
    expectIssue(def, { has_issue: "yes" }, ["detail"], /^required$/);
    expectValid(def, { has_issue: "yes", detail: "It is wrong" });
  });

  it("answering a hidden question is an error", () => {
    expectIssue(def, { has_issue: "no", detail: "Sneaky" }, ["detail"], /hidden by its condition/);
    expect(issuesOf(def, { detail: "Sneaky" }).map((i) => i.path)).toEqual([["has_issue"], ["detail"]]);
    expectIssue(def, { has_issue: "no", flags: ["wrong"], severity }, ["severity"], /hidden by its condition/);
  });

  it("a multi-choice condition is met when the answer includes any wanted value", () => {
    expectValid(def, { has_issue: "no", flags: ["wrong"] });
    expectIssue(def, { has_issue: "no", flags: ["wrong", "rude"] }, ["severity"], /^required$/);
    expectValid(def, { has_issue: "no", flags: ["wrong", "rude"], severity });
    expectValid(def, { has_issue: "no", flags: ["unsafe"], severity });
  });

  it("isQuestionVisible follows equals and includes", () => {
    const [, detail, , sev] = def.questions;
    if (!detail || !sev) throw new Error("form has four questions");
    expect(isQuestionVisible(detail, {})).toBe(false);
    expect(isQuestionVisible(detail, { has_issue: "yes" })).toBe(true);
    expect(isQuestionVisible(detail, { has_issue: "no" })).toBe(false);
    expect(isQuestionVisible(sev, { flags: [] })).toBe(false);
    expect(isQuestionVisible(sev, { flags: ["rude"] })).toBe(true);
    expect(isQuestionVisible(sev, { flags: "rude" })).toBe(true);
    const scalar = form(
      {
        id: "flags",
        type: "choice",
        title: "Flags",
        multiple: true,
        options: [
          { value: "x", label: "X" },
          { value: "y", label: "Y" },
        ],
      },
      { id: "why", type: "text", title: "Why?", condition: { questionId: "flags", equals: "y" } },
    ).questions[1];
    if (!scalar) throw new Error("form has two questions");
    expect(isQuestionVisible(scalar, { flags: ["x", "y"] })).toBe(true);
    expect(isQuestionVisible(scalar, { flags: ["x"] })).toBe(false);
  });
});

describe("ZFormDefinition", () => {
  const text = (id: string, extra: Record<string, unknown> = {}) => ({ id, type: "text", title: `Question ${id}`, ...extra });

  function expectRejected(questions: unknown[], path: TPath, message: RegExp) {
    const parsed = ZFormDefinition.safeParse({ questions });
    expect(parsed.success).toBe(false);
    const issue = parsed.error?.issues.find((i) => JSON.stringify(i.path) === JSON.stringify(path));
    expect(issue, JSON.stringify(parsed.error?.issues)).toBeDefined();
    expect(issue?.message).toMatch(message);
  }

  it("fills defaults", () => {
    const parsed = form({ id: "q", type: "pairwise", title: "Which?" }).questions[0];
    expect(parsed).toEqual({
      id: "q",
      type: "pairwise",
      title: "Which?",
      help: "",
      required: true,
      criterion: null,
      condition: null,
      strengths: ["Slightly better", "Better", "Much better"],
      allowTie: true,
    });
  });

  it("rejects duplicate question ids", () => {
    expectRejected([text("a"), text("b"), text("a")], ["questions", 2, "id"], /duplicate question id "a"/);
  });

  it("rejects conditions pointing forward, to themselves or nowhere", () => {
    expectRejected(
      [text("a", { condition: { questionId: "b", equals: "x" } }), text("b")],
      ["questions", 0, "condition", "questionId"],
      /earlier question/,
    );
    expectRejected(
      [text("a"), text("b", { condition: { questionId: "b", equals: "x" } })],
      ["questions", 1, "condition", "questionId"],
      /earlier question/,
    );
    expectRejected(
      [text("a", { condition: { questionId: "zzz", equals: "x" } })],
      ["questions", 0, "condition", "questionId"],
      /earlier question/,
    );
    expect(ZFormDefinition.safeParse({ questions: [text("a"), text("b", { condition: { questionId: "a", equals: "x" } })] }).success).toBe(
      true,
    );
  });

  it("rejects conditions that no answer can meet", () => {
    const choice = {
      id: "pick",
      type: "choice",
      title: "Pick",
      options: [
        { value: "a", label: "A" },
        { value: "b", label: "B" },
      ],
    };
    const when = (target: unknown, equals: unknown) => [target, text("then", { condition: { questionId: "pick", equals } })];
    expectRejected(when(choice, "c"), ["questions", 1, "condition", "equals"], /"c" can never be the answer to "pick"/);
    expectRejected(when(choice, ["a", "z"]), ["questions", 1, "condition", "equals"], /^"z" can never/);
    expectRejected(when(choice, true), ["questions", 1, "condition", "equals"], /^true can never/);
    expectRejected(when(text("pick"), 3), ["questions", 1, "condition", "equals"], /^3 can never/);
    const rating = { id: "pick", type: "rating", title: "Rate" };
    expectRejected(when(rating, "5"), ["questions", 1, "condition", "questionId"], /choice or text question, not rating/);
    expect(ZFormDefinition.safeParse({ questions: when(choice, ["a", "b"]) }).success).toBe(true);
    expect(ZFormDefinition.safeParse({ questions: when(text("pick"), "yes") }).success).toBe(true);
  });

  it("rejects a rating scale with max <= min", () => {
    expectRejected([{ id: "r", type: "rating", title: "Rate", min: 5, max: 5 }], ["questions", 0, "max"], /greater than min/);
    expectRejected([{ id: "r", type: "rating", title: "Rate", min: 5, max: 2 }], ["questions", 0, "max"], /greater than min/);
  });

  it("rejects duplicate rule ids and duplicate option values", () => {
    const rule = { id: "no_pii", text: "No personal data" };
    expectRejected(
      [{ id: "q", type: "rules", title: "Rules", rules: [rule, { ...rule, text: "Again" }] }],
      ["questions", 0, "rules"],
      /rule ids must be unique/,
    );
    const options = [
      { value: "a", label: "A" },
      { value: "a", label: "Also A" },
    ];
    expectRejected([{ id: "q", type: "choice", title: "Choose", options }], ["questions", 0, "options"], /option values must be unique/);
  });

  it("rejects text limits that cannot be met, bad ids, unknown types and an empty form", () => {
    expectRejected([text("a", { minLength: 10, maxLength: 5 })], ["questions", 0, "maxLength"], /at least minLength/);
    expectRejected([text("Bad-Id")], ["questions", 0, "id"], /lowercase/);
    expectRejected([{ id: "q", type: "slider", title: "Slide" }], ["questions", 0, "type"], /.+/);
    expectRejected([], ["questions"], /.+/);
  });
});
