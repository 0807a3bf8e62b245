/**
 * The researchers' item browser, end to end in a real browser against the real API: two labelers
 * disagree on an item; the researcher filters "disputed", opens it, reads both answers side by side,
 * adopts one labeler's answer as gold and turns the item into a honeypot. Checked in the database.
 * Runs the built web app (`next build` first).
 */
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import type { TTestContext } from "../../apps/api/test/helpers/app.ts";
import { addLabeler, createTestProject, createUser, importItems, PASSWORD, type TTestUser } from "../../apps/api/test/helpers/fixtures.ts";
import { SCREENSHOTS, startHarness, type THarness } from "./labeler-harness.ts";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

let harness: THarness | undefined;
let ctx: TTestContext | undefined;
let context: BrowserContext | undefined;
let webUrl = "";
let researcher: TTestUser;
let ada: TTestUser;
let bo: TTestUser;
let projectId = "";
const pageErrors: string[] = [];

const FORM = {
  questions: [
    { id: "ranking", type: "ranking", title: "Rank the explanations", criterion: "helpful" },
    {
      id: "tone",
      type: "choice",
      title: "Tone of the best one",
      options: [
        { value: "friendly", label: "Friendly" },
        { value: "formal", label: "Formal" },
      ],
    },
    { id: "note", type: "text", title: "Why", required: false },
  ],
};
const ORDER = [["clear"], ["vague"], ["wrong"]];
/** What each labeler answers, by item: they agree on review-2 and review-3 and disagree on review-1. */
const ANSWERS: Record<string, Record<string, Record<string, unknown>>> = {
  "review-1": {
    ada: { ranking: ORDER, tone: "friendly", note: "The clear one is plainly right." },
    bo: { ranking: [...ORDER].reverse(), tone: "formal", note: "The wrong one is the most honest here." },
  },
  "review-2": { ada: { ranking: ORDER, tone: "friendly" }, bo: { ranking: ORDER, tone: "friendly" } },
  "review-3": { ada: { ranking: ORDER, tone: "formal" }, bo: { ranking: ORDER, tone: "formal" } },
};

async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOTS, `review-${name}.png`), fullPage: true });
}

async function signIn(page: Page, user: TTestUser, target: string): Promise<void> {
  await page.goto(`${webUrl}${target}`);
  await page.waitForURL(/\/login\?next=/);
  await expect.poll(() => page.getByTestId("login-submit").isEnabled()).toBe(true);
  await page.getByTestId("login-email").fill(user.email);
  await page.getByTestId("login-password").fill(PASSWORD);
  await page.getByTestId("login-submit").click();
  await page.waitForURL(`${webUrl}${target}`);
}

beforeAll(async () => {
  harness = await startHarness({ viewport: { width: 1360, height: 900 } });
  ({ ctx, context, webUrl } = harness);
  context.setDefaultTimeout(20_000);

  // 1. The API, a project with a three-question form and two labelers who answer through the task API.
  researcher = await createUser(ctx.app, "RESEARCHER");
  ada = await createUser(ctx.app, "LABELER", { email: `ada-${Date.now()}@test.rankwise.dev` });
  bo = await createUser(ctx.app, "LABELER", { email: `bo-${Date.now()}@test.rankwise.dev` });
  const project = await createTestProject(ctx.app, researcher, { name: "Explanations — disputes", overlap: 2 });
  projectId = project.id;
  const items = Object.keys(ANSWERS).map((externalId, i) => ({
    external_id: externalId,
    prompt: `Explain idea ${i + 1} to a newcomer.`,
    responses: [
      { id: "clear", content: `A clear explanation of idea ${i + 1}.` },
      { id: "vague", content: `Something about idea ${i + 1}.` },
      { id: "wrong", content: `A wrong explanation of idea ${i + 1}.` },
    ],
  }));
  expect((await importItems(ctx.app, project.id, researcher, items)).statusCode).toBe(200);
  const form = await ctx.app.inject({
    method: "PUT",
    url: `/api/v1/projects/${project.id}/form`,
    headers: researcher.headers,
    payload: { definition: FORM },
  });
  expect(form.statusCode, form.body).toBe(200);
  const externalIds = new Map((await ctx.app.prisma.item.findMany({ where: { projectId } })).map((i) => [i.id, i.externalId]));
  for (const [who, labeler] of [
    ["ada", ada],
    ["bo", bo],
  ] as const) {
    await addLabeler(ctx.app, project.id, labeler);
    for (;;) {
      const res = await ctx.app.inject({ method: "GET", url: `/api/v1/projects/${project.id}/tasks/next`, headers: labeler.headers });
      if (res.statusCode === 204) break;
      expect(res.statusCode, res.body).toBe(200);
      const task = res.json() as { assignmentId: string; item: { id: string } };
      const answer = ANSWERS[externalIds.get(task.item.id) as string]?.[who];
      const sub = await ctx.app.inject({
        method: "POST",
        url: `/api/v1/assignments/${task.assignmentId}/annotations`,
        headers: labeler.headers,
        payload: { answers: answer },
      });
      expect(sub.statusCode, sub.body).toBeLessThan(300);
    }
  }
  expect(await ctx.app.prisma.annotation.count({ where: { projectId } })).toBe(6);
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (err) => pageErrors.push(err.message));
}, 180_000);

afterAll(async () => {
  await harness?.stop();
}, 60_000);

describe("item browser", () => {
  it("finds the disputed item, compares both answers and settles it as a honeypot with one labeler's answer", async () => {
    if (!context || !ctx) throw new Error("setup failed");
    const page = context.pages()[0] ?? (await context.newPage());
    onTestFailed(async () => {
      await page.screenshot({ path: path.join(SCREENSHOTS, "review-failed.png"), fullPage: true }).catch(() => {});
    });

    // --- the Items tab lists every item with counts and disagreement ---
    await signIn(page, researcher, `/projects/${projectId}/items`);
    await expect.poll(() => page.getByTestId("browse-row").count()).toBe(3);
    await expect
      .poll(() =>
        page.locator('[data-testid="browse-row"][data-external-id="review-1"] [data-testid="disagreement"]').getAttribute("data-value"),
      )
      .toBe("1.000");
    await page.getByTestId("item-browser").scrollIntoViewIfNeeded();
    await shot(page, "01-items");

    // --- only the disputed one is left after filtering ---
    await page.getByTestId("browse-status-disputed").check();
    await expect.poll(() => page.getByTestId("browse-row").count()).toBe(1);
    expect(await page.getByTestId("browse-row").getAttribute("data-external-id")).toBe("review-1");
    await shot(page, "02-disputed");

    // --- both answers side by side ---
    await page.getByTestId("browse-open").click();
    await page.waitForURL(new RegExp(`/projects/${projectId}/items/${UUID}$`));
    await expect.poll(() => page.getByTestId("review-annotation").count()).toBe(2);
    const adaColumn = page.locator(`[data-testid="review-annotation"][data-labeler="${ada.email}"]`);
    const boColumn = page.locator(`[data-testid="review-annotation"][data-labeler="${bo.email}"]`);
    expect(await adaColumn.getByTestId("answer-ranking").locator("li").allTextContents()).toEqual(["A", "B", "C"]);
    expect(await boColumn.getByTestId("answer-ranking").locator("li").allTextContents()).toEqual(["C", "B", "A"]);
    expect(await adaColumn.textContent()).toContain("Friendly");
    expect(await boColumn.textContent()).toContain("The wrong one is the most honest here.");
    await shot(page, "03-side-by-side");

    // --- adopt Bo's answer as gold, as a honeypot ---
    await boColumn.getByTestId("review-use-answer").click();
    expect(await boColumn.getAttribute("data-chosen")).toBe("true");
    await page.getByTestId("review-role-select").selectOption("HONEYPOT");
    await page.getByTestId("review-make-gold").click();
    await expect.poll(() => page.getByTestId("review-role").textContent()).toBe("honeypot");
    const editor = page.getByTestId("gold-editor");
    await editor.waitFor();
    await shot(page, "04-gold-editor");
    await editor.getByTestId("gold-save").click();
    await expect.poll(() => page.getByTestId("gold-saved").textContent()).toBe("Gold saved.");
    await expect.poll(() => page.getByTestId("review-has-gold").count()).toBe(1);
    await shot(page, "05-settled");

    // --- the database agrees ---
    const item = await ctx.app.prisma.item.findFirstOrThrow({ where: { projectId, externalId: "review-1" }, include: { gold: true } });
    expect(item.role).toBe("HONEYPOT");
    expect(item.gold?.createdById).toBe(researcher.id);
    expect(item.gold?.answers).toMatchObject(ANSWERS["review-1"]?.bo as object);
    const audit = await ctx.app.prisma.auditLog.findMany({ where: { entityId: item.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => a.action)).toEqual(["item.update", "gold.create"]);
    expect(pageErrors).toEqual([]);
  }, 120_000);
});
