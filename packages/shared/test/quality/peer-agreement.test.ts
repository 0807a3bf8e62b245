import { describe, expect, it } from "vitest";
import { ZFormDefinition, ZQuestion } from "../../src/forms/form-definition.ts";
import { createRng } from "../../src/metrics/rng.ts";
import { codeAnswer, type TCodedAnswer } from "../../src/quality/code-answer.ts";
import { peerAgreementByRater, scoreAgainstPeers } from "../../src/quality/peer-agreement.ts";
import { majorityCredit, scoreAgainstSummary, scoreCoded, summarizeReferences, updateSummary } from "../../src/quality/score-answer.ts";

const form = ZFormDefinition.parse({
  questions: [
    { id: "rank", type: "ranking", title: "Rank" },
    { id: "stars", type: "rating", title: "Stars", min: 1, max: 5, required: false },
    {
      id: "topic",
      type: "choice",
      title: "Topic",
      required: false,
      options: [
        { value: "a", label: "A" },
        { value: "b", label: "B" },
        { value: "c", label: "C" },
      ],
    },
  ],
});
const [rank, stars, topic] = form.questions as [never, never, never];

describe("consensus of the others", () => {
  it("majority credit: 1 for the unique mode, 1/k among k tied modes, 0 otherwise", () => {
    expect(majorityCredit(1, [1, 1, 2])).toBe(1);
    expect(majorityCredit(2, [1, 1, 2])).toBe(0);
    expect(majorityCredit(1, [1, 2])).toBe(0.5);
    expect(majorityCredit(3, [1, 2, 3])).toBeCloseTo(1 / 3, 12);
  });

  it("ratings against the mean rating, rankings against the mean positions, choices against the majority", () => {
    // Others rate r1 3 and 5 (mean 4): 1 − |2 − 4| / 4 = 0.5.
    expect(scoreAgainstPeers(form, { stars: { r1: 2 } }, [{ stars: { r1: 3 } }, { stars: { r1: 5 } }]).perQuestion.stars).toBe(0.5);
    // Others: r1 > r2 > r3 and r2 > r1 > r3 → mean positions 1.5, 1.5, 3. Mine r1 > r2 > r3: one tie, two concordant.
    const others = [{ rank: [["r1"], ["r2"], ["r3"]] }, { rank: [["r2"], ["r1"], ["r3"]] }];
    expect(scoreAgainstPeers(form, { rank: [["r1"], ["r2"], ["r3"]] }, others).perQuestion.rank).toBeCloseTo(
      (1 + 2 / Math.sqrt(6)) / 2,
      12,
    );
    expect(scoreAgainstPeers(form, { topic: "a" }, [{ topic: "a" }, { topic: "b" }]).perQuestion.topic).toBe(0.5);
  });

  it("skips questions the labeler did not answer, and questions nobody else answered", () => {
    const result = scoreAgainstPeers(form, { rank: [["r1"], ["r2"], ["r3"]], topic: "c" }, [{ rank: [["r1"], ["r2"], ["r3"]] }]);
    expect(result).toEqual({ score: 1, perQuestion: { rank: 1, stars: null, topic: null } });
  });

  it("peer agreement per rater: mean over shared items", () => {
    const items = [
      {
        answers: [
          { rater: "ann", form, answers: { topic: "a" } },
          { rater: "bob", form, answers: { topic: "a" } },
          { rater: "cat", form, answers: { topic: "b" } },
        ],
      },
      {
        answers: [
          { rater: "ann", form, answers: { topic: "c" } },
          { rater: "bob", form, answers: { topic: "b" } },
        ],
      },
      { answers: [{ rater: "ann", form, answers: { topic: "a" } }] },
    ];
    const result = peerAgreementByRater(items);
    // ann: item 1 vs {a, b} → 1/2; item 2 vs {b} → 0; item 3 not shared.
    expect(result.get("ann")).toEqual({ score: 0.25, items: 2 });
    expect(result.get("bob")).toEqual({ score: 0.25, items: 2 });
    expect(result.get("cat")).toEqual({ score: 0, items: 1 });
  });
});

describe("leave-one-out summaries", () => {
  it("removing an answer from the summary of all equals summarising the others", () => {
    const rng = createRng(7);
    const questions = [rank, stars, topic, ZQuestion.parse({ id: "st", type: "steps", title: "Steps" })];
    const random = (q: (typeof questions)[number]): unknown => {
      const ids = ["r1", "r2", "r3", "r4"];
      switch ((q as { type: string }).type) {
        case "ranking":
          return ids.sort(() => rng() - 0.5).map((id) => [id]);
        case "rating":
          return Object.fromEntries(ids.map((id) => [id, 1 + Math.floor(rng() * 5)]));
        case "choice":
          return ["a", "b", "c"][Math.floor(rng() * 3)];
        default:
          return { r1: [1, 1, 0, -1].map((v) => (rng() < 0.3 ? -v : v)).slice(0, 1 + Math.floor(rng() * 4)) };
      }
    };
    for (const q of questions) {
      for (let trial = 0; trial < 30; trial++) {
        const coded = Array.from({ length: 2 + Math.floor(rng() * 4) }, () => codeAnswer(q, random(q)) as TCodedAnswer);
        const summary = summarizeReferences(q, coded);
        for (const own of coded) {
          updateSummary(summary, q, own, -1);
          const fast = scoreAgainstSummary(q, own, summary);
          updateSummary(summary, q, own, 1);
          expect(fast).toBe(
            scoreCoded(
              q,
              own,
              coded.filter((c) => c !== own),
            ),
          );
        }
      }
    }
  });
});
