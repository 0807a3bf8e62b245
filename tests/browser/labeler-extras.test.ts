/**
 * The labeler's extras, in a real browser against the real API: submit shows the next task from the
 * same response (timed), undo brings the previous task back with its answers (Z and Ctrl+Z), the flag
 * dialog works by keyboard, a response is ranked by dragging it with the mouse, and the researcher
 * finds and resolves the flag in the item browser. Needs `next build` first.
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TTestContext } from "../../apps/api/test/helpers/app.ts";
import { addLabeler, createTestProject, createUser, importItems, PASSWORD, type TTestUser } from "../../apps/api/test/helpers/fixtures.ts";
import { a11ySummary, checkA11y } from "./axe.ts";
import { shot, signIn, startHarness, type THarness } from "./labeler-harness.ts";

/** Long enough that a loaded CI machine still undoes in time; the bar shows whatever the project sets. */
const UNDO_SECONDS = 20;

const ITEMS = Array.from({ length: 4 }, (_, i) => ({
  external_id: `extras-${i + 1}`,
  prompt: `Explain idea number ${i + 1} in one sentence.`,
  responses: [
    { id: "alpha", content: `A short, correct explanation of idea ${i + 1}.` },
    { id: "beta", content: `A longer explanation of idea ${i + 1} that wanders off topic before it gets to the point.` },
    { id: "gamma", content: `An explanation of idea ${i + 1} with a factual mistake in it.` },
  ],
}));

let harness: THarness | undefined;
let ctx: TTestContext | undefined;
let context: BrowserContext | undefined;
let webUrl = "";
let labeler: TTestUser;
let researcher: TTestUser;
let projectId = "";
let page: Page;
const pageErrors: string[] = [];

function rowIds(p: Page): Promise<string[]> {
  return p.locator('[data-testid="rank-row"]').evaluateAll((els) => els.map((el) => el.getAttribute("data-response-id") ?? ""));
}

async function assignmentId(p: Page): Promise<string> {
  return (await p.getByTestId("task").getAttribute("data-assignment-id")) ?? "";
}

function focusedId(p: Page): Promise<string | null> {
  return p.evaluate(() => document.activeElement?.getAttribute("data-response-id") ?? null);
}

/** expect.poll with room for a loaded machine (its default gives up after 1 s). */
const eventually = <T>(fn: () => T | Promise<T>) => expect.poll(fn, { timeout: 10_000 });

const rankingOf = (answer: unknown) => (answer as { ranking?: unknown }).ranking;

async function annotationOf(assignment: string) {
  return ctx?.app.prisma.annotation.findUnique({ where: { assignmentId: assignment } });
}

beforeAll(async () => {
  harness = await startHarness();
  ({ ctx, context, webUrl } = harness);
  researcher = await createUser(ctx.app, "RESEARCHER");
  labeler = await createUser(ctx.app, "LABELER");
  const project = await createTestProject(ctx.app, researcher, { name: "Explanations — extras pilot", overlap: 1 });
  projectId = project.id;
  await ctx.app.prisma.project.update({ where: { id: projectId }, data: { settings: { undoWindowSeconds: UNDO_SECONDS } } });
  await addLabeler(ctx.app, projectId, labeler);
  const imported = await importItems(ctx.app, projectId, researcher, ITEMS);
  expect(imported.statusCode, imported.body).toBe(200);
  page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (err) => pageErrors.push(err.message));
  await signIn(page, webUrl, labeler.email, PASSWORD);
}, 120_000);

afterAll(async () => {
  await harness?.stop();
}, 60_000);

describe("labeler extras", () => {
  it("keyboard: submit shows the next task in one round trip; Z and Ctrl+Z undo with the answers restored; resubmit", async () => {
    if (!ctx) throw new Error("setup failed");
    await page.goto(`${webUrl}/label/${projectId}`);
    const rows = page.locator('[data-testid="rank-row"]');
    await eventually(() => rows.count()).toBe(3);
    const first = await assignmentId(page);
    const [a, b, c] = (await rowIds(page)) as [string, string, string];
    await page.keyboard.press("j");
    expect(await focusedId(page)).toBe(a);
    await page.keyboard.press("Shift+ArrowDown");
    await page.keyboard.press("Shift+ArrowDown"); // a is now last
    const ranked = [b, c, a];
    expect(await rowIds(page)).toEqual(ranked);

    // Enter → the next task on screen: timed, and only the submit itself may reach the API before it shows.
    const apiCalls: string[] = [];
    const otherCalls: string[] = [];
    const onRequest = (req: { url: () => string }) => {
      const url = new URL(req.url());
      if (url.pathname.startsWith("/api/")) apiCalls.push(`${url.pathname}${url.search}`);
      else otherCalls.push(url.pathname);
    };
    page.on("request", onRequest);
    const t0 = Date.now();
    await page.keyboard.press("Enter");
    await page.waitForFunction((id) => {
      const el = document.querySelector('[data-testid="task"]');
      return el && el.getAttribute("data-assignment-id") !== id && el.querySelectorAll('[data-testid="rank-row"]').length === 3;
    }, first);
    const switchMs = Date.now() - t0;
    page.off("request", onRequest);
    // The project's counts are refreshed alongside, in the background; they never hold the next task up.
    const beforeVisible = apiCalls.filter((call) => call !== `/api/v1/projects/${projectId}`);
    console.log(`submit → next task visible: ${switchMs} ms; API calls before it showed: ${apiCalls.join(", ")}`);
    expect(beforeVisible).toEqual([`/api/v1/assignments/${first}/annotations?next=1`]);
    // The task UI's JavaScript was fetched with the first task and is warm: switching downloads none.
    expect(otherCalls.filter((p) => p.endsWith(".js"))).toEqual([]);
    const second = await assignmentId(page);
    expect(rankingOf((await annotationOf(first))?.answer)).toEqual(ranked.map((id) => [id]));

    // The undo bar with its countdown.
    const bar = page.getByTestId("undo-bar");
    await eventually(() => bar.isVisible()).toBe(true);
    const left = Number.parseInt((await page.getByTestId("undo-countdown").textContent()) ?? "", 10);
    expect(left).toBeGreaterThan(0);
    expect(left).toBeLessThanOrEqual(UNDO_SECONDS);
    expect(await bar.textContent()).toMatch(/Submitted\s*Undo/);
    await eventually(() => page.getByTestId("live-region").textContent()).toContain("Press Z to undo");
    await page.waitForTimeout(300); // the bar's fade-in
    await shot(page, "extras-01-undo-bar", false);
    expect.soft(a11ySummary(await checkA11y(page, "extras-undo-bar")), "axe: extras-undo-bar").toEqual([]);

    // Z: the first task is back, as ranked, and its answer is gone from the database.
    await eventually(() => focusedId(page)).not.toBeNull();
    await page.keyboard.press("z");
    await eventually(() => assignmentId(page)).toBe(first);
    await eventually(() => rowIds(page)).toEqual(ranked);
    await eventually(() => bar.count()).toBe(0);
    expect(await annotationOf(first)).toBeNull();
    expect((await ctx.app.prisma.assignment.findUniqueOrThrow({ where: { id: first } })).status).toBe("LEASED");
    expect((await ctx.app.prisma.assignment.findUniqueOrThrow({ where: { id: second } })).status).toBe("EXPIRED");
    await eventually(() => page.getByTestId("live-region").textContent()).toContain("Answer taken back");
    await shot(page, "extras-02-undone", false);

    // Change one thing and resubmit; then Ctrl+Z takes that back too, and Enter submits it for good.
    await eventually(() => focusedId(page)).not.toBeNull();
    await page.locator(`[data-testid="rank-row"][data-response-id="${a}"]`).focus();
    await page.keyboard.press("Shift+ArrowUp"); // b, a, c
    const reranked = [b, a, c];
    expect(await rowIds(page)).toEqual(reranked);
    await page.keyboard.press("Enter");
    await eventually(() => assignmentId(page)).not.toBe(first);
    expect(rankingOf((await annotationOf(first))?.answer)).toEqual(reranked.map((id) => [id]));
    await eventually(() => focusedId(page)).not.toBeNull();
    await page.keyboard.press("Control+z");
    await eventually(() => assignmentId(page)).toBe(first);
    await eventually(() => rowIds(page)).toEqual(reranked);
    expect(await annotationOf(first)).toBeNull();
    await eventually(() => focusedId(page)).not.toBeNull();
    await page.keyboard.press("Enter");
    await eventually(() => assignmentId(page)).not.toBe(first);
    const stored = await ctx.app.prisma.annotation.findMany({ where: { labelerId: labeler.id } });
    expect(stored.map((s) => [s.assignmentId, rankingOf(s.answer)])).toEqual([[first, reranked.map((id) => [id])]]);

    // The ? overlay lists the new shortcuts.
    await page.keyboard.press("?");
    const overlay = page.getByTestId("shortcut-overlay");
    await eventually(() => overlay.evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    const overlayText = (await overlay.textContent()) ?? "";
    expect(overlayText).toContain("Undo the last submit");
    expect(overlayText).toContain("Flag this item");
    await page.keyboard.press("Escape");
  }, 120_000);

  it("flags the item by keyboard: f opens the dialog, a digit picks the reason, Ctrl+Enter sends; the task stays", async () => {
    if (!ctx) throw new Error("setup failed");
    const current = await assignmentId(page);
    const itemId = (await ctx.app.prisma.assignment.findUniqueOrThrow({ where: { id: current } })).itemId;
    await page.locator('[data-testid="rank-row"]').first().focus();
    await page.keyboard.press("f");
    const dialog = page.getByTestId("flag-dialog");
    await eventually(() => dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    await eventually(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe("broken");
    // Enter without a reason for Other asks for a note, in the dialog.
    await page.keyboard.press("5");
    await page.keyboard.press("Enter");
    await eventually(() => dialog.getByRole("alert").textContent()).toBe("Say briefly why in the note.");
    await shot(page, "extras-03-flag-dialog-error", false);
    expect.soft(a11ySummary(await checkA11y(page, "extras-flag-dialog")), "axe: extras-flag-dialog").toEqual([]);
    await page.locator('[data-testid="flag-reason-other"]').focus();
    await page.keyboard.press("3"); // harmful
    expect(await page.locator('[data-testid="flag-reason-harmful"]').isChecked()).toBe(true);
    await page.keyboard.press("Tab");
    await page.keyboard.type("Gives unsafe medical advice");
    await page.keyboard.press("Control+Enter");
    await eventually(() => dialog.evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
    await eventually(() => page.getByTestId("flag-status").textContent()).toContain("Harmful");
    expect(await assignmentId(page)).toBe(current); // still the same task
    // Focus goes back to where it was, so the keyboard flow continues.
    await eventually(() => focusedId(page)).not.toBeNull();
    const flags = await ctx.app.prisma.itemFlag.findMany({ where: { itemId } });
    expect(flags.map((f) => [f.userId, f.reason, f.note])).toEqual([[labeler.id, "harmful", "Gives unsafe medical advice"]]);
    await shot(page, "extras-04-flagged", false);
    expect.soft(a11ySummary(await checkA11y(page, "extras-flagged")), "axe: extras-flagged").toEqual([]);
  }, 60_000);

  it("ranks by dragging a response card with the mouse and stores that ranking", async () => {
    if (!ctx) throw new Error("setup failed");
    const current = await assignmentId(page);
    const before = await rowIds(page);
    expect(before).toHaveLength(3);
    const [x, y, z] = before as [string, string, string];
    const handle = (id: string) => page.locator(`[data-testid="rank-row"][data-response-id="${id}"]`);
    const from = await handle(z).boundingBox();
    const to = await handle(x).boundingBox();
    if (!from || !to) throw new Error("no handle boxes");
    const start = { x: from.x + 14, y: from.y + from.height / 2 };
    await page.mouse.move(start.x, start.y);
    await page.mouse.down();
    // Past the 4 px activation distance first, then in small steps to above the first row.
    await page.mouse.move(start.x, start.y - 6, { steps: 2 });
    const targetY = to.y + to.height * 0.25;
    await page.mouse.move(start.x, targetY, { steps: 12 });
    await page.mouse.move(start.x, targetY - 2, { steps: 2 });
    await shot(page, "extras-05-dragging", false);
    await page.mouse.up();
    await eventually(() => rowIds(page)).toEqual([z, x, y]);
    await page.getByTestId("submit-answers").click();
    await eventually(() => assignmentId(page)).not.toBe(current);
    expect(rankingOf((await annotationOf(current))?.answer)).toEqual([[z], [x], [y]]);
  }, 60_000);

  it("the researcher finds the flagged item in the item browser and resolves it", async () => {
    if (!ctx) throw new Error("setup failed");
    await page.goto(`${webUrl}/label`);
    await page.getByTestId("sign-out").click();
    await page.waitForURL(/\/login/);
    await signIn(page, webUrl, researcher.email, PASSWORD);
    await page.goto(`${webUrl}/projects/${projectId}/items`);
    await page.getByTestId("browse-status-flagged").check();
    const rows = page.getByTestId("browse-row");
    await eventually(() => rows.count()).toBe(1);
    expect(await page.getByTestId("browse-flags").first().textContent()).toBe("1");
    await shot(page, "extras-06-browse-flagged");
    expect.soft(a11ySummary(await checkA11y(page, "extras-browse-flagged")), "axe: extras-browse-flagged").toEqual([]);
    await page.getByTestId("browse-open").first().click();
    const flagRows = page.getByTestId("flag-row");
    await eventually(() => flagRows.count()).toBe(1);
    expect(await flagRows.first().textContent()).toContain("Gives unsafe medical advice");
    await shot(page, "extras-07-item-flags");
    expect.soft(a11ySummary(await checkA11y(page, "extras-item-flags")), "axe: extras-item-flags").toEqual([]);
    await page.getByTestId("flags-resolve-note").fill("Reviewed: removed from the next batch");
    await page.getByTestId("flags-resolve").click();
    await eventually(() => page.getByTestId("flags-resolved").textContent()).toBe("1 flag resolved.");
    expect(await flagRows.first().getAttribute("data-resolved")).toBe("true");
    const audit = await ctx.app.prisma.auditLog.findFirstOrThrow({ where: { projectId, action: "item.flags.resolve" } });
    expect(audit.data).toMatchObject({ note: "Reviewed: removed from the next batch" });
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
