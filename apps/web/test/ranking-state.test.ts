import { describe, expect, it } from "vitest";
import {
  createRanking,
  fromApiRanking,
  isRankingOf,
  moveDown,
  moveResponse,
  moveUp,
  rankNumbers,
  type TRankingState,
  toApiRanking,
  toggleTie,
} from "../src/lib/ranking-state.ts";

/** Compact notation for assertions: "A B=C D" means A, then B tied with C, then D. */
function show(state: TRankingState): string {
  return toApiRanking(state)
    .map((tier) => tier.join("="))
    .join(" ");
}

function parse(notation: string): TRankingState {
  return fromApiRanking(notation.split(" ").map((tier) => tier.split("=")));
}

describe("createRanking / conversions", () => {
  it("starts in display order with no ties", () => {
    const s = createRanking(["r1", "r2", "r3"]);
    expect(s).toEqual({ order: ["r1", "r2", "r3"], tiedWithPrevious: [false, false, false] });
    expect(toApiRanking(s)).toEqual([["r1"], ["r2"], ["r3"]]);
  });

  it("converts ties to inner lists, best first", () => {
    const s: TRankingState = { order: ["r2", "r1", "r3", "r4"], tiedWithPrevious: [false, false, true, false] };
    expect(toApiRanking(s)).toEqual([["r2"], ["r1", "r3"], ["r4"]]);
  });

  it("round-trips through the API shape", () => {
    const api = [["b"], ["a", "c", "d"], ["e"]];
    expect(toApiRanking(fromApiRanking(api))).toEqual(api);
    expect(fromApiRanking(api).tiedWithPrevious).toEqual([false, false, true, true, false]);
  });

  it("never ties the first position, even from bad input", () => {
    const s = toggleTie(createRanking(["a", "b"]), 0);
    expect(s.tiedWithPrevious[0]).toBe(false);
    expect(toApiRanking({ order: ["a", "b"], tiedWithPrevious: [true, true] })).toEqual([["a", "b"]]);
  });

  it("handles an empty ranking", () => {
    expect(toApiRanking(createRanking([]))).toEqual([]);
    expect(rankNumbers(createRanking([]))).toEqual([]);
  });
});

describe("rankNumbers", () => {
  it("uses competition ranking: 1, 2, 2, 4", () => {
    expect(rankNumbers(parse("a b=c d"))).toEqual([1, 2, 2, 4]);
    expect(rankNumbers(parse("a=b=c d"))).toEqual([1, 1, 1, 4]);
    expect(rankNumbers(parse("a b c"))).toEqual([1, 2, 3]);
  });
});

describe("toggleTie", () => {
  it("ties with the response above and unties again", () => {
    const tied = toggleTie(parse("a b c"), 2);
    expect(show(tied)).toBe("a b=c");
    expect(show(toggleTie(tied, 2))).toBe("a b c");
  });

  it("merges into a longer tier and splits it at the toggled position", () => {
    expect(show(toggleTie(parse("a b=c"), 1))).toBe("a=b=c");
    expect(show(toggleTie(parse("a=b=c"), 1))).toBe("a b=c");
  });

  it("ignores out-of-range and first positions, returning the same object", () => {
    const s = parse("a b");
    expect(toggleTie(s, 0)).toBe(s);
    expect(toggleTie(s, 2)).toBe(s);
    expect(toggleTie(s, -1)).toBe(s);
  });

  it("does not mutate its input", () => {
    const s = parse("a b c");
    toggleTie(s, 1);
    expect(show(s)).toBe("a b c");
  });
});

describe("moveUp / moveDown", () => {
  it("swaps untied neighbours", () => {
    expect(show(moveUp(parse("a b c"), 2))).toBe("a c b");
    expect(show(moveDown(parse("a b c"), 0))).toBe("b a c");
  });

  it("is a no-op at the ends, returning the same object", () => {
    const s = parse("a b c");
    expect(moveUp(s, 0)).toBe(s);
    expect(moveDown(s, 2)).toBe(s);
  });

  it("passes a tier in steps: below it, inside it (tied), above it", () => {
    const start = parse("a b=c d");
    const inside = moveUp(start, 3);
    expect(show(inside)).toBe("a b=d=c");
    expect(rankNumbers(inside)).toEqual([1, 2, 2, 2]);
    const above = moveUp(inside, 2);
    expect(show(above)).toBe("a d b=c");
    expect(show(moveUp(above, 1))).toBe("d a b=c");
  });

  it("moving down through a tier mirrors moving up", () => {
    const inside = moveDown(parse("a b=c d"), 0);
    expect(show(inside)).toBe("b=a=c d");
    expect(show(moveDown(inside, 1))).toBe("b=c a d");
  });

  it("leaving a tier keeps the rest of it tied", () => {
    // c leaves the middle of b=c=d upwards: b and d stay tied.
    expect(show(moveUp(parse("a b=c=d"), 2))).toBe("a c b=d");
    // the head of a tier leaves: its follower becomes the head.
    expect(show(moveUp(parse("a b=c d"), 1))).toBe("b a c d");
  });

  it("keeps the ties of responses that did not move when another passes them", () => {
    // Ties belong to responses, not positions: moving d to the top leaves b=c intact.
    expect(show(moveResponse(parse("a b=c d"), 3, 0))).toBe("d a b=c");
  });

  it("keeps every id exactly once and position 0 untied", () => {
    let s = parse("a=b c=d=e f");
    const ids = ["a", "b", "c", "d", "e", "f"];
    for (let step = 0; step < 60; step++) {
      const i = (step * 7) % ids.length;
      s = step % 3 === 0 ? toggleTie(s, i) : step % 2 ? moveUp(s, i) : moveDown(s, i);
      expect(isRankingOf(s, ids)).toBe(true);
      expect(s.tiedWithPrevious[0]).toBe(false);
      expect(s.tiedWithPrevious).toHaveLength(ids.length);
    }
  });
});

describe("moveResponse (drag and drop)", () => {
  it("uses arrayMove semantics for the target index", () => {
    expect(show(moveResponse(parse("a b c d"), 0, 3))).toBe("b c d a");
    expect(show(moveResponse(parse("a b c d"), 3, 1))).toBe("a d b c");
  });

  it("joins a tier when dropped between two tied responses", () => {
    expect(show(moveResponse(parse("a b=c d"), 0, 1))).toBe("b=a=c d");
    expect(show(moveResponse(parse("a b=c d"), 3, 2))).toBe("a b=d=c");
  });

  it("starts a new tier when dropped at a tier edge", () => {
    expect(show(moveResponse(parse("a b=c d"), 3, 1))).toBe("a d b=c");
    expect(show(moveResponse(parse("a b=c d"), 0, 2))).toBe("b=c a d");
  });

  it("rejects out-of-range indexes", () => {
    const s = parse("a b");
    expect(moveResponse(s, 0, 0)).toBe(s);
    expect(moveResponse(s, -1, 0)).toBe(s);
    expect(moveResponse(s, 0, 2)).toBe(s);
  });
});

describe("isRankingOf", () => {
  it("accepts exactly the item's ids and rejects drafts for another item", () => {
    const s = parse("r2 r1=r3");
    expect(isRankingOf(s, ["r1", "r2", "r3"])).toBe(true);
    expect(isRankingOf(s, ["r1", "r2"])).toBe(false);
    expect(isRankingOf(s, ["r1", "r2", "r4"])).toBe(false);
    expect(isRankingOf({ order: ["a", "a"], tiedWithPrevious: [false, false] }, ["a", "b"])).toBe(false);
  });
});
