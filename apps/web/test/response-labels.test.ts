import { describe, expect, it } from "vitest";
import { markdownSnippet, responseLetter } from "../src/lib/response-labels.ts";

describe("responseLetter", () => {
  it("names responses A, B, C… by display position", () => {
    expect([0, 1, 2, 15].map(responseLetter)).toEqual(["A", "B", "C", "P"]);
  });
});

describe("markdownSnippet", () => {
  it("drops markup but keeps identifiers intact", () => {
    expect(markdownSnippet("Use slicing:\n\n```python\nreversed_items = items[::-1]\n```")).toBe(
      "Use slicing: reversed_items = items[::-1]",
    );
    expect(markdownSnippet("## Answer\n\n**Bold** and *soft* and _under_ text, `code` and window.__xss")).toBe(
      "Answer Bold and soft and under text, code and window.__xss",
    );
    expect(markdownSnippet("def __init__(self): pass")).toBe("def __init__(self): pass");
    expect(markdownSnippet("- one\n- two\n1. three")).toBe("one two three");
    expect(markdownSnippet("See [the docs](https://example.com) ![chart](x.png)")).toBe("See the docs chart");
  });

  it("keeps literal HTML visible and truncates long text", () => {
    expect(markdownSnippet('<img src="x">')).toBe('<img src="x">');
    const long = markdownSnippet("word ".repeat(100), 20);
    expect(long.length).toBeLessThanOrEqual(20);
    expect(long.endsWith("…")).toBe(true);
    expect(markdownSnippet("   ")).toBe("(empty response)");
  });

  it("reads tables as cells, without delimiter rows", () => {
    expect(markdownSnippet("Trying values:\n\n| x | 2x + 3 |\n| --- | :---: |\n| 3 | 9 |\n\nSo 4.")).toBe(
      "Trying values: x · 2x + 3 3 · 9 So 4.",
    );
  });
});
