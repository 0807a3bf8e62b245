import { describe, expect, it } from "vitest";
import { digitIndex, moveCell, type TCellPos } from "../src/lib/form-navigation.ts";

/** A rules grid in DOM order (row-major): 2 rules × 3 responses. */
const GRID: TCellPos[] = [
  { response: 0, row: 0 },
  { response: 1, row: 0 },
  { response: 2, row: 0 },
  { response: 0, row: 1 },
  { response: 1, row: 1 },
  { response: 2, row: 1 },
];

describe("moveCell", () => {
  it("j/k walk one response's rows, then on to the next response", () => {
    expect(moveCell(GRID, 0, "next")).toBe(3); // A rule 1 → A rule 2
    expect(moveCell(GRID, 3, "next")).toBe(1); // A rule 2 → B rule 1
    expect(moveCell(GRID, 1, "prev")).toBe(3);
    expect(moveCell(GRID, 5, "next")).toBeNull();
    expect(moveCell(GRID, 0, "prev")).toBeNull();
  });

  it("[ and ] keep the row and change the response", () => {
    expect(moveCell(GRID, 3, "next-response")).toBe(4);
    expect(moveCell(GRID, 4, "prev-response")).toBe(3);
    expect(moveCell(GRID, 2, "next-response")).toBeNull();
  });

  it("lands on the nearest row when the other response has fewer", () => {
    const steps: TCellPos[] = [
      { response: 0, row: 0 },
      { response: 0, row: 1 },
      { response: 0, row: 2 },
      { response: 1, row: 0 },
    ];
    expect(moveCell(steps, 2, "next-response")).toBe(3);
    expect(moveCell(steps, 3, "prev-response")).toBe(0);
  });
});

describe("digitIndex", () => {
  it("maps 1–9 to the first nine options and 0 to the tenth", () => {
    expect(digitIndex("1")).toBe(0);
    expect(digitIndex("9")).toBe(8);
    expect(digitIndex("0")).toBe(9);
    expect(digitIndex("a")).toBeNull();
  });
});
