import { ZFormDefinition } from "@rankwise/shared";
import { describe, expect, it } from "vitest";
import { consensusAnswers } from "../src/components/console/review/consensus.ts";

const FORM = ZFormDefinition.parse({
  questions: [
    { id: "rank", type: "ranking", title: "Rank" },
    { id: "stars", type: "rating", title: "Stars", min: 1, max: 5 },
    {
      id: "tone",
      type: "choice",
      title: "Tone",
      options: [
        { value: "a", label: "A" },
        { value: "b", label: "B" },
      ],
    },
  ],
});
const IDS = ["r1", "r2", "r3"];

describe("consensusAnswers", () => {
  it("orders by mean position, takes the median rating and the most common choice", () => {
    const got = consensusAnswers(
      FORM,
      [
        { rank: [["r1"], ["r2"], ["r3"]], stars: { r1: 5, r2: 2 }, tone: "a" },
        { rank: [["r1"], ["r3"], ["r2"]], stars: { r1: 4, r2: 2 }, tone: "b" },
        { rank: [["r2"], ["r1"], ["r3"]], stars: { r1: 1, r2: 3 }, tone: "b" },
      ],
      IDS,
    );
    // Mean positions: r1 4/3, r2 2, r3 8/3.
    expect(got).toEqual({ rank: [["r1"], ["r2"], ["r3"]], stars: { r1: 4, r2: 2 }, tone: "b" });
  });

  it("ties responses whose mean positions are equal and skips questions nobody answered", () => {
    const got = consensusAnswers(FORM, [{ rank: [["r1"], ["r2"], ["r3"]] }, { rank: [["r2"], ["r1"], ["r3"]] }], IDS);
    expect(got).toEqual({ rank: [["r1", "r2"], ["r3"]] });
  });

  it("puts responses a labeler left out at the bottom and ignores malformed rankings", () => {
    expect(consensusAnswers(FORM, [{ rank: [["r3"]] }, { rank: "junk" }], IDS)).toEqual({ rank: [["r3"], ["r1", "r2"]] });
    expect(consensusAnswers(FORM, [{ rank: "junk" }], IDS)).toEqual({});
  });
});
