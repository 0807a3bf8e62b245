/**
 * End to end, in a real browser and with the keyboard only: a researcher sets a form (ranking,
 * pairwise, rating, a choice with a conditional text follow-up, rules, steps) and imports items
 * (one response carries its own steps); the labeler answers every question, quotes evidence,
 * reloads (the draft survives), meets a validation message for the missing follow-up, fixes it,
 * submits, skips the next task with a reason, and the database holds exactly what was entered.
 */
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { TFormDefinitionInput } from "@rankwise/shared";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addLabeler, createUser, importItems, PASSWORD, type TTestUser } from "../../apps/api/test/helpers/fixtures.ts";
import { a11ySummary, checkA11y } from "./axe.ts";
import { ROOT, shot, signIn, startHarness, type THarness } from "./labeler-harness.ts";

const GUIDELINES = `Judge **correctness first**, then clarity.

| Verdict | Use it when |
| --- | --- |
| Yes | The response clearly follows the rule |
| No | It clearly breaks it |
| Unsure | You cannot tell from the text |
`;

const FORM: TFormDefinitionInput = {
  questions: [
    { id: "overall", type: "ranking", title: "Rank the responses from best to worst", criterion: "helpful" },
    { id: "compare", type: "pairwise", title: "Which of these two is better?", criterion: "helpful" },
    {
      id: "quality",
      type: "rating",
      title: "How correct is each response?",
      min: 1,
      max: 5,
      labels: { "1": "Wrong", "3": "Partly right", "5": "Fully correct" },
      criterion: "honest",
      help: "Check the arithmetic yourself.",
    },
    {
      id: "misleading",
      type: "choice",
      title: "Would any response mislead a student?",
      options: [
        { value: "no", label: "No" },
        { value: "yes", label: "Yes" },
      ],
    },
    {
      id: "misleading_note",
      type: "text",
      title: "Which one, and how?",
      minLength: 10,
      maxLength: 400,
      condition: { questionId: "misleading", equals: "yes" },
    },
    {
      id: "rules",
      type: "rules",
      title: "Check each response against the rules",
      rules: [
        { id: "states_answer", text: "States the final answer explicitly" },
        { id: "no_filler", text: "No unnecessary filler" },
      ],
    },
    { id: "steps", type: "steps", title: "Label each reasoning step" },
  ],
};

const GOOD = "Let x be the number of apples.\n2x + 3 = 11, so 2x = 8.\nx = **4**. The answer is 4.";
const ITEMS = [
  {
    external_id: "apples-1",
    prompt: "Twice a number plus three is eleven. What is the number? Show your steps.",
    responses: [
      { id: "good", content: GOOD },
      { id: "bad", content: "We have 2x + 3 = 11.\nSo 2x = 14.\nx = 7. The answer is 7." },
      {
        id: "table",
        content: "Trying values:\n\n| x | 2x + 3 |\n| --- | --- |\n| 3 | 9 |\n| 4 | 11 |\n\nSo the answer is 4.",
        steps: ["Try x = 3: 2·3 + 3 = 9, too small.", "Try x = 4: 2·4 + 3 = 11.", "So the answer is 4."],
      },
    ],
  },
  {
    external_id: "apples-2",
    prompt: "What is 7 × 8?",
    responses: [
      { id: "a", content: "56" },
      { id: "b", content: "54" },
    ],
  },
];

/** What the labeler enters, by response id (the display order is shuffled per assignment). */
const RATING: Record<string, number> = { good: 5, bad: 1, table: 4 };
const VERDICTS: Record<string, Record<string, "yes" | "no" | "unsure">> = {
  good: { states_answer: "yes", no_filler: "yes" },
  bad: { states_answer: "yes", no_filler: "unsure" },
  table: { states_answer: "yes", no_filler: "no" },
};
const VERDICT_KEY = { yes: "1", no: "2", unsure: "3" } as const;
const STEP_KEYS: Record<string, string[]> = {
  good: ["Shift+Equal", "=", "1"], // three ways to say +1
  bad: ["=", "Minus"], // step 2 is wrong: labeling stops there
  table: ["=", "0", "="],
};
const STEP_LABELS: Record<string, number[]> = { good: [1, 1, 1], bad: [1, -1], table: [1, 0, 1] };
const QUOTE = "x = 4. The answer is 4"; // as read on screen: the content has x = **4**.
const NOTE = "B says 2x = 14, which is wrong.";

let harness: THarness | undefined;
let labeler: TTestUser;
let projectId = "";

beforeAll(async () => {
  harness = await startHarness();
  const { app } = harness.ctx;
  const researcher = await createUser(app, "RESEARCHER");
  labeler = await createUser(app, "LABELER");
  const created = await app.inject({
    method: "POST",
    url: "/api/v1/projects",
    headers: researcher.headers,
    payload: { name: "Apples — step labels pilot", guidelines: GUIDELINES, overlap: 1, leaseSeconds: 900 },
  });
  expect(created.statusCode, created.body).toBe(201);
  projectId = created.json<{ id: string }>().id;
  await addLabeler(app, projectId, labeler);
  const form = await app.inject({
    method: "PUT",
    url: `/api/v1/projects/${projectId}/form`,
    headers: researcher.headers,
    payload: { definition: FORM },
  });
  expect(form.statusCode, form.body).toBe(200);
  const imported = await importItems(app, projectId, researcher, ITEMS);
  expect(imported.statusCode, imported.body).toBe(200);
}, 120_000);

afterAll(async () => {
  await harness?.stop();
}, 60_000);

// ---------- page helpers ----------

function cardIds(page: Page): Promise<string[]> {
  return page.locator('[data-testid="response-card"]').evaluateAll((els) => els.map((el) => el.getAttribute("data-response-id") ?? ""));
}

function rowIds(page: Page): Promise<string[]> {
  return page.locator('[data-testid="rank-row"]').evaluateAll((els) => els.map((el) => el.getAttribute("data-response-id") ?? ""));
}

/** Where focus is, in the form's own terms. */
function focus(page: Page) {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    const cell = el?.closest<HTMLElement>("[data-cell]");
    return {
      question: el?.closest<HTMLElement>("[data-question-id]")?.dataset.questionId ?? null,
      responses: el?.closest<HTMLElement>("[data-response-ids]")?.dataset.responseIds ?? el?.dataset.responseId ?? null,
      row: cell?.dataset.row ?? null,
      tag: el?.tagName ?? null,
    };
  });
}

async function press(page: Page, key: string, times = 1): Promise<void> {
  for (let i = 0; i < times; i++) await page.keyboard.press(key);
}

function assignmentId(page: Page): Promise<string | null> {
  return page.getByTestId("task").getAttribute("data-assignment-id");
}

/** The answers visible in the form, for comparing before and after a reload. */
function formSnapshot(page: Page) {
  return page.evaluate(() => ({
    checked: [...document.querySelectorAll<HTMLInputElement>("[data-form-renderer] input:checked")].map(
      (i) => `${i.name.replace(/^f[^-]*-/, "")}=${i.value}`,
    ),
    ranking: [...document.querySelectorAll('[data-testid="rank-row"]')].map((r) => r.getAttribute("data-response-id")),
    evidence: document.querySelector(".evidence-list")?.textContent ?? "",
    answered: document.querySelector('[data-testid="answered-count"]')?.textContent ?? "",
  }));
}

describe("labeler answers a whole form with the keyboard", () => {
  it("answers every question type, survives a reload, is told what is missing, submits, skips, and stores exactly that", async () => {
    if (!harness) throw new Error("setup failed");
    const { context, webUrl, ctx } = harness;
    const page = context.pages()[0] ?? (await context.newPage());
    const pageErrors: string[] = [];
    page.on("pageerror", (err) => pageErrors.push(err.message));
    const foreign: string[] = [];
    page.on("request", (req) => {
      const url = req.url();
      if (!url.startsWith(webUrl) && !url.startsWith("data:") && !url.startsWith("about:")) foreign.push(url);
    });

    await signIn(page, webUrl, labeler.email, PASSWORD);

    // --- open the task page, measuring the JavaScript it loads ---
    const scripts = new Map<string, Promise<Buffer>>();
    const onResponse = (res: import("playwright-core").Response) => {
      if (res.request().resourceType() === "script") scripts.set(res.url(), res.body());
    };
    page.on("response", onResponse);
    const nav = await page.goto(`${webUrl}/label/${projectId}`);
    const html = (await nav?.text()) ?? "";
    await expect.poll(() => page.locator('[data-testid="rank-row"]').count()).toBe(3);
    page.off("response", onResponse);
    const entry = new Set([...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => new URL(m[1] ?? "", webUrl).href));
    let firstLoad = 0;
    let lazy = 0;
    for (const [url, body] of scripts) {
      const gz = gzipSync(await body).length;
      if (entry.has(url)) firstLoad += gz;
      else lazy += gz;
    }
    const js = { firstLoadGzipKb: +(firstLoad / 1024).toFixed(1), taskUiGzipKb: +(lazy / 1024).toFixed(1), files: scripts.size };
    await writeFile(path.join(ROOT, "test-results/label-page-js.json"), `${JSON.stringify(js, null, 2)}\n`);
    expect(js.firstLoadGzipKb, "first-load JS budget of the task page").toBeLessThan(170);

    const first = await assignmentId(page);
    const shown = await cardIds(page);
    expect([...shown].sort()).toEqual(["bad", "good", "table"]);
    const index = (id: string) => shown.indexOf(id);
    const leased = await ctx.app.prisma.assignment.findUniqueOrThrow({ where: { id: first ?? "" } });
    const pair = (leased.context as { pairs: Record<string, [string, string]> }).pairs.compare;
    expect(pair).toHaveLength(2);

    // GFM table in a response renders as a table (sanitized markdown).
    expect(await page.locator('[data-testid="response-card"][data-response-id="table"] table').count()).toBe(1);
    await page.keyboard.press("g"); // guidelines, with their table
    await expect.poll(() => page.getByTestId("guidelines").evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    expect(await page.locator('[data-testid="guidelines"] table').count()).toBe(1);
    await shot(page, "form-01-task-initial");
    expect.soft(a11ySummary(await checkA11y(page, "form-task-initial")), "axe: form-task-initial").toEqual([]);
    await page.keyboard.press("g");

    // --- 1. ranking: digits place the focused response ---
    await page.keyboard.press("n"); // from the page: into the form
    expect(await focus(page)).toMatchObject({ question: "overall", responses: shown[0] });
    await press(page, "j", index("good"));
    expect((await focus(page)).responses).toBe("good");
    await page.keyboard.press("1");
    expect((await focus(page)).responses).toBe("good");
    const afterFirst = await rowIds(page);
    await press(page, "j", afterFirst.indexOf("table"));
    await page.keyboard.press("2");
    expect(await rowIds(page)).toEqual(["good", "table", "bad"]);

    // --- 2. pairwise: key 3 on the 7-point scale is "first slightly better" ---
    await page.keyboard.press("n");
    expect((await focus(page)).question).toBe("compare");
    await page.keyboard.press("3");

    // --- 3. rating: a digit rates the focused response and moves to the next ---
    await page.keyboard.press("n");
    expect(await focus(page)).toMatchObject({ question: "quality", responses: shown[0] });
    for (const id of shown) await page.keyboard.press(String(RATING[id]));

    // --- 4. choice: "yes" shows the follow-up; Esc leaves the text field unanswered ---
    await page.keyboard.press("n");
    expect((await focus(page)).question).toBe("misleading");
    await page.keyboard.press("2");
    await expect.poll(() => page.locator('[data-question-id="misleading_note"]').count()).toBe(1);
    await expect.poll(() => page.getByTestId("live-region").textContent()).toContain("Follow-up question shown");
    await page.keyboard.press("n");
    expect(await focus(page)).toMatchObject({ question: "misleading_note", tag: "TEXTAREA" });
    await page.keyboard.press("Escape");
    await page.keyboard.press("n");

    // --- 5. rules: 1/2/3 answer and move down a response's column ---
    expect(await focus(page)).toMatchObject({ question: "rules", responses: shown[0], row: "0" });
    for (const id of shown) {
      for (const rule of ["states_answer", "no_filler"]) {
        const verdict = VERDICTS[id]?.[rule] ?? "yes";
        await page.keyboard.press(VERDICT_KEY[verdict]);
      }
    }
    // From the last cell, k goes up a rule and [ goes back through the responses.
    await page.keyboard.press("k");
    await press(page, "[", shown.length - 1 - index("good"));
    expect(await focus(page)).toMatchObject({ question: "rules", responses: "good", row: "0" });
    await page.keyboard.press("e");
    await expect.poll(() => page.getByTestId("evidence-dialog").evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    await page.keyboard.type(QUOTE);
    await expect.poll(() => page.getByTestId("evidence-status").textContent()).toMatch(/^Found: characters \d+–\d+\.$/);
    await shot(page, "form-02-evidence-dialog", false);
    expect.soft(a11ySummary(await checkA11y(page, "form-evidence-dialog")), "axe: form-evidence-dialog").toEqual([]);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("evidence-dialog").evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
    expect(await focus(page)).toMatchObject({ question: "rules", responses: "good", row: "0" });

    // --- 6. steps: + 0 − label and move on; after a −1 the rest of that response is skipped ---
    await page.keyboard.press("n");
    expect(await focus(page)).toMatchObject({ question: "steps", responses: shown[0], row: "0" });
    for (const id of shown) for (const key of STEP_KEYS[id] ?? []) await page.keyboard.press(key);
    const badSkipped = page.locator('[data-question-id="steps"] .step[data-label="skipped"]');
    expect(await badSkipped.count()).toBe(1);
    await expect.poll(() => page.getByTestId("answered-count").textContent()).toBe("6 of 7 answered");

    // The layout toggle (v) is remembered across reloads.
    await page.keyboard.press("v");
    expect(await page.getByTestId("response-grid").getAttribute("data-layout")).toBe("stacked");
    await shot(page, "form-03-answered-stacked");
    expect.soft(a11ySummary(await checkA11y(page, "form-answered")), "axe: form-answered").toEqual([]);

    // --- the draft survives a reload ---
    const before = await formSnapshot(page);
    expect(before.checked.length).toBe(1 + 3 + 1 + 6 + 8); // pairwise, ratings, choice, verdicts, step labels
    await page.reload();
    await expect.poll(() => page.locator('[data-testid="rank-row"]').count()).toBe(3);
    expect(await assignmentId(page)).toBe(first);
    expect(await formSnapshot(page)).toEqual(before);
    expect(await page.getByTestId("response-grid").getAttribute("data-layout")).toBe("stacked");

    // --- submitting without the follow-up: the message is on that question, focus goes there ---
    await page.keyboard.press("Control+Enter");
    const noteQuestion = page.locator('[data-question-id="misleading_note"]');
    await expect.poll(() => noteQuestion.getByTestId("question-error").textContent()).toBe("Answer this question.");
    expect(await page.getByTestId("form-error-summary").textContent()).toContain("1 question needs attention");
    expect(await page.locator('[data-testid="question-error"]').count()).toBe(1);
    expect(await focus(page)).toMatchObject({ question: "misleading_note", tag: "TEXTAREA" });
    await expect.poll(() => page.getByTestId("live-region").textContent()).toContain("Not submitted");
    // The question with the message is shown from its title inside the answers panel.
    const visibleInPanel = await page.evaluate(() => {
      const panel = document.querySelector(".form-panel-body")?.getBoundingClientRect();
      const title = document.querySelector('[data-question-id="misleading_note"] .question-legend')?.getBoundingClientRect();
      const field = document.activeElement?.getBoundingClientRect();
      return !!panel && !!title && !!field && title.top >= panel.top && field.bottom <= panel.bottom;
    });
    expect(visibleInPanel).toBe(true);
    // Viewport shots from here: a full-page capture resets the panel's own scroll position.
    await shot(page, "form-04-validation", false);
    expect.soft(a11ySummary(await checkA11y(page, "form-validation")), "axe: form-validation").toEqual([]);
    expect(await assignmentId(page)).toBe(first);

    await page.keyboard.type(NOTE);
    await expect.poll(() => page.locator('[data-testid="question-error"]').count()).toBe(0);
    await page.keyboard.press("Control+Enter");
    await expect.poll(() => assignmentId(page), { timeout: 15_000 }).not.toBe(first);
    const second = await assignmentId(page);
    await expect.poll(() => page.getByTestId("session-count").textContent()).toBe("1 done today");
    await expect.poll(() => page.getByTestId("items-left").textContent()).toContain("1 item left");

    // --- task 2: shortcuts, tablet width, then skip with a reason, keyboard only ---
    await expect.poll(() => focus(page).then((f) => f.question)).toBe("overall");
    await page.keyboard.press("?");
    await expect.poll(() => page.getByTestId("shortcut-overlay").evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    await shot(page, "form-05-shortcuts", false);
    expect.soft(a11ySummary(await checkA11y(page, "form-shortcut-overlay")), "axe: form-shortcut-overlay").toEqual([]);
    await page.keyboard.press("Escape");
    await page.setViewportSize({ width: 820, height: 1100 });
    await shot(page, "form-06-tablet");
    await page.setViewportSize({ width: 1280, height: 900 });

    await page.keyboard.press("s");
    await expect.poll(() => page.getByTestId("skip-dialog").evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    await page.keyboard.press("2");
    expect(await page.getByTestId("skip-reason-cannot_judge").isChecked()).toBe(true);
    await shot(page, "form-07-skip-dialog", false);
    expect.soft(a11ySummary(await checkA11y(page, "form-skip-dialog")), "axe: form-skip-dialog").toEqual([]);
    await page.keyboard.press("Enter");
    await expect.poll(() => page.getByTestId("queue-empty").isVisible(), { timeout: 15_000 }).toBe(true);
    await shot(page, "form-08-queue-empty");
    expect.soft(a11ySummary(await checkA11y(page, "form-queue-empty")), "axe: form-queue-empty").toEqual([]);

    // --- the database holds exactly what was entered ---
    const annotations = await ctx.app.prisma.annotation.findMany({ where: { labelerId: labeler.id } });
    expect(annotations).toHaveLength(1);
    const [annotation] = annotations;
    const quoteStart = GOOD.indexOf("x = **4**. The answer is 4");
    const rules = Object.fromEntries(
      Object.entries(VERDICTS).map(([id, byRule]) => [
        id,
        Object.fromEntries(
          Object.entries(byRule).map(([rule, verdict]) => [
            rule,
            id === "good" && rule === "states_answer"
              ? { verdict, evidence: { start: quoteStart, end: quoteStart + "x = **4**. The answer is 4".length } }
              : { verdict },
          ]),
        ),
      ]),
    );
    expect(annotation?.assignmentId).toBe(first);
    expect(annotation?.answer).toEqual({
      overall: [["good"], ["table"], ["bad"]],
      compare: { pair, value: -1 },
      quality: RATING,
      misleading: "yes",
      misleading_note: NOTE,
      rules,
      steps: STEP_LABELS,
    });
    expect(annotation?.durationMs).toBeGreaterThan(0);
    expect(annotation?.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);

    const skipped = await ctx.app.prisma.assignment.findUniqueOrThrow({ where: { id: second ?? "" } });
    expect(skipped).toMatchObject({ status: "SKIPPED", skipReason: "cannot_judge", skipNote: null });

    // Submitted and skipped tasks leave no draft behind.
    const drafts = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("rw:draft:")));
    expect(drafts).toEqual([]);
    expect(foreign, "the browser must only talk to the web origin").toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
