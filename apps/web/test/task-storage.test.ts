import { describe, expect, it } from "vitest";
import { dayKey } from "../src/lib/labeler-prefs.ts";
import { parseDraft } from "../src/lib/task-storage.ts";

describe("parseDraft", () => {
  it("reads answers and the start time", () => {
    const raw = JSON.stringify({ answers: { rate: { r1: 3 } }, startedAt: 1000, savedAt: 5000 });
    expect(parseDraft(raw, 6000)).toEqual({ answers: { rate: { r1: 3 } }, startedAt: 1000 });
  });

  it("turns a draft from the ranking-only page into the default form's answer", () => {
    const raw = JSON.stringify({ ranking: [["b"], ["a", "c"]], startedAt: 42 });
    expect(parseDraft(raw)).toEqual({ answers: { ranking: [["b"], ["a", "c"]] }, startedAt: 42 });
  });

  it("drops stale, malformed and foreign data", () => {
    const day = 24 * 60 * 60 * 1000;
    expect(parseDraft(JSON.stringify({ answers: {}, startedAt: 1, savedAt: 0 }), 3 * day)).toBeNull();
    expect(parseDraft("{not json")).toBeNull();
    expect(parseDraft(JSON.stringify({ answers: [], startedAt: 1 }))).toBeNull();
    expect(parseDraft(JSON.stringify({ answers: {}, startedAt: "yesterday" }))).toBeNull();
    expect(parseDraft(JSON.stringify({ ranking: [[1]], startedAt: 1 }))).toBeNull();
  });
});

describe("dayKey", () => {
  it("is the local calendar day", () => {
    expect(dayKey(new Date(2026, 0, 5, 23, 59))).toBe("2026-01-05");
  });
});
