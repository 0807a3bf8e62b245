import { describe, expect, it } from "vitest";
import { findQuote, spanText } from "../src/lib/quote-span.ts";

const CONTENT =
  "Use slicing:\n\n```python\nitems[::-1]\n```\n\nThis returns a **new** list and leaves `items` unchanged.\n\n- no copy is made\n- the original order is lost";

describe("findQuote", () => {
  it("finds an exact quote and gives offsets into the original string", () => {
    const m = findQuote(CONTENT, "leaves `items` unchanged");
    expect(m).toMatchObject({ exact: true, count: 1 });
    expect(m && CONTENT.slice(m.start, m.end)).toBe("leaves `items` unchanged");
  });

  it("finds a quote copied from the rendered text (no markdown markup, line breaks as spaces)", () => {
    const m = findQuote(CONTENT, "returns a new list and leaves items unchanged");
    expect(m).toMatchObject({ exact: false, count: 1 });
    expect(m && CONTENT.slice(m.start, m.end)).toBe("returns a **new** list and leaves `items` unchanged");
    const across = findQuote(CONTENT, "no copy is made the original order");
    expect(across && CONTENT.slice(across.start, across.end)).toBe("no copy is made\n- the original order");
  });

  it("reports repeated quotes and uses the first", () => {
    expect(findQuote("ab ab ab", "ab")).toEqual({ start: 0, end: 2, count: 3, exact: true });
  });

  it("returns null for text that is not there, or an empty quote", () => {
    expect(findQuote(CONTENT, "returns an old list")).toBeNull();
    expect(findQuote(CONTENT, "   ")).toBeNull();
  });

  it("treats regex characters in the quote literally", () => {
    const m = findQuote(CONTENT, "items[::-1]");
    expect(m).toMatchObject({ start: CONTENT.indexOf("items[::-1]"), exact: true });
    expect(findQuote("a.c abc", "a c")).toBeNull();
  });
});

describe("spanText", () => {
  it("reads a span back, and rejects spans outside the content", () => {
    expect(spanText("hello world", { start: 6, end: 11 })).toBe("world");
    expect(spanText("hello", { start: 2, end: 9 })).toBeNull();
    expect(spanText("hello", null)).toBeNull();
  });
});
