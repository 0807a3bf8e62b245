import { describe, expect, it } from "vitest";
import { createExportBuilder, HashSet52, type TExportItem, type TExportSpecInput } from "../../src/index.ts";
import { annotation, item, spec } from "./fixtures.ts";

const PROMPT_A = [{ role: "user" as const, content: "Shared prompt" }];
const PROMPT_B = [{ role: "user" as const, content: "Prompt of its own" }];

/** Items in read order: duplicates within an item, and across the items that share PROMPT_A. */
function items(): TExportItem[] {
  const agree = () => [annotation({ rank: [["a"], ["c"], ["b", "d"]] }), annotation({ rank: [["a"], ["b"], ["c"], ["d"]] })];
  return [
    item(agree(), { id: "i1", externalId: "q1", prompt: PROMPT_A }),
    // A prompt of its own: only duplicates within the item (both labelers agree on some pairs).
    item(agree(), { id: "i2", externalId: "q2", prompt: PROMPT_B }),
    item([annotation({ rank: [["c"], ["a"], ["b"], ["d"]] })], { id: "i3", externalId: "q3", prompt: PROMPT_A }),
    // Same prompt, other response contents: no duplicates of i1/i3.
    item(agree(), {
      id: "i4",
      externalId: "q4",
      prompt: PROMPT_A,
      responses: [
        { id: "a", model: "m1", content: "other a" },
        { id: "b", model: "m2", content: "other b" },
        { id: "c", model: "m3", content: "4" },
        { id: "d", model: null, content: "Five" },
      ],
    }),
    item(agree(), { id: "i5", externalId: "q5", prompt: PROMPT_A }),
    // Same contents as PROMPT_A but another role: another prompt in the rows, so no duplicates.
    item(agree(), { id: "i6", externalId: "q6", prompt: [{ role: "system", content: "Shared prompt" }] }),
  ];
}

function run(input: TExportSpecInput, shared?: Set<string>) {
  const builder = createExportBuilder(spec(input), shared ? { sharedPromptItems: shared } : {});
  const lines = items().flatMap((i) => builder.addItem(i));
  return { lines, counts: builder.counts, dedupeBytes: builder.dedupeBytes };
}

describe("dedupe within items plus across shared-prompt items", () => {
  const specs: TExportSpecInput[] = [
    { criterion: "helpful" },
    { criterion: "helpful", format: "trl-unpaired" },
    { criterion: "helpful", format: "hh-rlhf", keepTies: true },
  ];
  for (const input of specs) {
    it(`drops exactly the rows one global table drops (${input.format ?? "trl-preference"})`, () => {
      const global = run(input);
      // Superset: i6's prompt contents match PROMPT_A's (what the SQL grouping keys on).
      const split = run(input, new Set(["i1", "i3", "i4", "i5", "i6"]));
      expect(split.lines).toEqual(global.lines);
      expect(split.counts).toEqual(global.counts);
      // The case exercises both kinds of duplicates.
      expect(global.counts.duplicates).toBeGreaterThan(0);
      const withinOnly = run(input, new Set());
      expect(withinOnly.counts.duplicates).toBeGreaterThan(0);
      expect(withinOnly.counts.duplicates).toBeLessThan(global.counts.duplicates);
    });
  }

  it("the exact shared set gives the same rows as a superset", () => {
    expect(run({ criterion: "helpful" }, new Set(["i1", "i3", "i4", "i5"])).lines).toEqual(run({ criterion: "helpful" }).lines);
  });

  it("keeps no cross-item table when no prompt is shared", () => {
    const distinct = items().map((i, n) => ({ ...i, prompt: [{ role: "user" as const, content: `p${n}` }] }));
    const global = createExportBuilder(spec({ criterion: "helpful" }));
    const local = createExportBuilder(spec({ criterion: "helpful" }), { sharedPromptItems: new Set() });
    const a = distinct.flatMap((i) => global.addItem(i));
    const b = distinct.flatMap((i) => local.addItem(i));
    expect(b).toEqual(a);
    expect(local.counts).toEqual(global.counts);
    expect(global.dedupeBytes).toBeGreaterThan(0);
    expect(local.dedupeBytes).toBe(0);
  });
});

describe("HashSet52.clear", () => {
  it("empties the set, shrinking a table that grew past the kept capacity", () => {
    const set = new HashSet52(16);
    for (let i = 0; i < 1000; i++) set.add(i * 7919);
    const grown = set.bytes;
    set.clear(64);
    expect(set.size).toBe(0);
    expect(set.bytes).toBeLessThan(grown);
    for (let i = 0; i < 1000; i++) expect(set.has(i * 7919)).toBe(false);
    expect(set.add(7919)).toBe(true);
    expect(set.add(7919)).toBe(false);
    set.clear(64);
    expect(set.has(7919)).toBe(false);
    expect(set.add(7919)).toBe(true);
  });
});
