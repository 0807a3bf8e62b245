import { describe, expect, it } from "vitest";
import { assignSplit, combineHashes, HashSet52, hash52, normalizePrompt, type TMessage } from "../../src/index.ts";

const user = (content: string): TMessage[] => [{ role: "user", content }];

describe("split assignment", () => {
  it("normalises case, whitespace and line breaks, and joins the messages", () => {
    expect(
      normalizePrompt([
        { role: "system", content: "Be  brief." },
        { role: "user", content: "What IS\n\t2+2? " },
      ]),
    ).toBe("be brief. what is 2+2?");
  });

  it("never puts one normalised prompt in two splits, over thousands of prompts, and respects the fractions", () => {
    const fractions = { train: 0.8, test: 0.1, validation: 0.1 };
    const byPrompt = new Map<string, Set<string>>();
    const tally = { train: 0, test: 0, validation: 0 };
    const total = 5000;
    for (let i = 0; i < total; i++) {
      const base = `Question ${i}: explain topic ${i % 97} in simple words.`;
      // Near-duplicates of the same prompt: re-cased, re-spaced, split over a system turn.
      const variants: TMessage[][] = [
        user(base),
        user(`  ${base.toUpperCase()}  `),
        user(base.replace(/ /g, "\n ")),
        [{ role: "system", content: `Question ${i}:` }, ...user(base.slice(`Question ${i}:`.length))],
      ];
      for (const v of variants) {
        const key = normalizePrompt(v);
        const split = assignSplit(v, fractions, 42);
        if (!byPrompt.has(key)) byPrompt.set(key, new Set());
        byPrompt.get(key)?.add(split);
      }
      tally[assignSplit(user(base), fractions, 42)]++;
    }
    expect(byPrompt.size).toBe(total);
    const leaked = [...byPrompt.values()].filter((s) => s.size > 1).length;
    expect(leaked).toBe(0);
    expect(tally.train / total).toBeGreaterThan(0.77);
    expect(tally.train / total).toBeLessThan(0.83);
    expect(tally.test / total).toBeGreaterThan(0.085);
    expect(tally.test / total).toBeLessThan(0.115);
    expect(tally.validation / total).toBeGreaterThan(0.085);
    expect(tally.validation / total).toBeLessThan(0.115);
  });

  it("depends on the seed, and only train when the split is all train", () => {
    const prompts = Array.from({ length: 200 }, (_, i) => user(`p${i}`));
    const a = prompts.map((p) => assignSplit(p, { train: 0.5, test: 0.5, validation: 0 }, 1));
    const b = prompts.map((p) => assignSplit(p, { train: 0.5, test: 0.5, validation: 0 }, 2));
    expect(a).not.toEqual(b);
    expect(prompts.every((p) => assignSplit(p, { train: 1, test: 0, validation: 0 }, 9) === "train")).toBe(true);
  });
});

describe("hashing and the dedupe set", () => {
  it("hash52 is stable, 52-bit and seed-dependent", () => {
    expect(hash52("hello")).toBe(hash52("hello"));
    expect(hash52("hello")).not.toBe(hash52("hello", 1));
    expect(hash52("hello")).not.toBe(hash52("hellp"));
    for (const s of ["", "a", "ünïcödé", "x".repeat(10_000)]) {
      const h = hash52(s);
      expect(Number.isInteger(h) && h >= 0 && h < 2 ** 52).toBe(true);
    }
    expect(combineHashes(1, 2)).not.toBe(combineHashes(2, 1));
  });

  it("HashSet52 finds every member, rejects repeats and stays at ~16 bytes per member", () => {
    const set = new HashSet52();
    const n = 200_000;
    let added = 0;
    for (let i = 0; i < n; i++) if (set.add(hash52(`row ${i}`))) added++;
    expect(added).toBe(n);
    let repeated = 0;
    for (let i = 0; i < n; i += 997) if (!set.add(hash52(`row ${i}`))) repeated++;
    expect(repeated).toBe(Math.ceil(n / 997));
    expect(set.has(hash52("row 12345"))).toBe(true);
    expect(set.has(hash52("row -1"))).toBe(false);
    expect(set.add(0)).toBe(true);
    expect(set.has(0)).toBe(true);
    expect(set.size).toBe(n + 1);
    expect(set.bytes / set.size).toBeLessThanOrEqual(48);
  });
});
