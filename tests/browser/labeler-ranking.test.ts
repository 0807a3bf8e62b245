/**
 * End to end, in a real browser: a labeler signs in, ranks two tasks with the keyboard only
 * (one with a tie), submits both, reaches "queue empty", and the database holds exactly the
 * rankings entered. Runs the built web app (`next build` first) against the real API.
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TTestContext } from "../../apps/api/test/helpers/app.ts";
import { addLabeler, createTestProject, createUser, importItems, PASSWORD, type TTestUser } from "../../apps/api/test/helpers/fixtures.ts";
import { a11ySummary, checkA11y } from "./axe.ts";
import { shot, startHarness, type THarness } from "./labeler-harness.ts";

const ITEMS = [
  {
    external_id: "browser-1",
    prompt: [
      { role: "system", content: "You are a concise Python tutor." },
      { role: "user", content: "How do I reverse a list in Python?" },
    ],
    responses: [
      {
        id: "slice",
        content:
          "Use slicing:\n\n```python\nreversed_items = items[::-1]\n```\n\nThis returns a **new** list and leaves `items` unchanged.",
      },
      {
        id: "method",
        content:
          "Call `items.reverse()`. It reverses the list *in place* and returns `None`:\n\n- no copy is made\n- the original order is lost",
      },
      {
        id: "unsafe",
        content:
          'Try this trick: <img src="x" onerror="window.__xss = 1"> and <script>window.__xss = 2</script> or [click here](javascript:window.__xss=3)',
      },
    ],
  },
  {
    external_id: "browser-2",
    prompt: "Write a haiku about autumn.",
    responses: [
      { id: "h1", content: "Crisp leaves drift and fall\nthe maple lets go of red\nwind carries the rest" },
      { id: "h2", content: "Autumn is a season that comes after summer and before winter." },
      { id: "h3", content: "*Orange light, short days*\n\ngeese stitch the sky going south\n\nthe porch swing stays still" },
    ],
  },
];

let harness: THarness | undefined;
let ctx: TTestContext | undefined;
let context: BrowserContext | undefined;
let webUrl = "";
let labeler: TTestUser;
let researcher: TTestUser;
let projectId = "";

/** The response ids in the ranking list, top to bottom. */
function rowIds(page: Page): Promise<string[]> {
  return page.locator('[data-testid="rank-row"]').evaluateAll((els) => els.map((el) => el.getAttribute("data-response-id") ?? ""));
}

function rowRanks(page: Page): Promise<string[]> {
  return page.locator('[data-testid="rank-row"]').evaluateAll((els) => els.map((el) => el.getAttribute("data-rank") ?? ""));
}

function focusedId(page: Page): Promise<string | null> {
  return page.evaluate(() => document.activeElement?.getAttribute("data-response-id") ?? null);
}

async function assignmentId(page: Page): Promise<string> {
  return (await page.getByTestId("task").getAttribute("data-assignment-id")) ?? "";
}

beforeAll(async () => {
  // The API on its own fresh database, the built web app, and Chromium.
  harness = await startHarness();
  ({ ctx, context, webUrl } = harness);
  researcher = await createUser(ctx.app, "RESEARCHER");
  labeler = await createUser(ctx.app, "LABELER");
  const project = await createTestProject(ctx.app, researcher, { name: "Python answers — preference pilot" });
  projectId = project.id;
  await addLabeler(ctx.app, projectId, labeler);
  const imported = await importItems(ctx.app, projectId, researcher, ITEMS);
  expect(imported.statusCode, imported.body).toBe(200);
}, 120_000);

afterAll(async () => {
  await harness?.stop();
}, 60_000);

describe("labeler ranks with the keyboard", () => {
  it("signs in, ranks two tasks (one tie), submits both, reaches queue empty, and stores exactly that", async () => {
    if (!context || !ctx) throw new Error("setup failed");
    const page = context.pages()[0] ?? (await context.newPage());
    const foreign: string[] = [];
    page.on("request", (req) => {
      const url = req.url();
      if (!url.startsWith(webUrl) && !url.startsWith("data:") && !url.startsWith("about:")) foreign.push(url);
    });
    const pageErrors: string[] = [];
    page.on("pageerror", (err) => pageErrors.push(err.message));

    // --- sign in (a wrong password first: the API's message is shown) ---
    await page.goto(`${webUrl}/label`);
    await page.waitForURL(/\/login\?next=%2Flabel/);
    // The submit button is enabled once React has hydrated the form.
    await expect.poll(() => page.getByTestId("login-submit").isEnabled()).toBe(true);
    expect.soft(a11ySummary(await checkA11y(page, "login")), "axe: login").toEqual([]);
    await page.getByTestId("login-email").fill(labeler.email);
    await page.getByTestId("login-password").fill("not the password");
    await page.getByTestId("login-password").press("Enter");
    await expect.poll(() => page.getByTestId("login-error").textContent()).toBe("Wrong email or password");
    await shot(page, "01-login-error", false);
    expect.soft(a11ySummary(await checkA11y(page, "login-error")), "axe: login-error").toEqual([]);
    await page.getByTestId("login-password").fill(PASSWORD);
    await page.getByTestId("login-password").press("Enter");
    await page.waitForURL(`${webUrl}/label`);

    // --- labeler home ---
    await expect.poll(() => page.getByTestId("label-project").count()).toBe(1);
    await shot(page, "02-label-home");
    expect.soft(a11ySummary(await checkA11y(page, "labeler-home")), "axe: labeler-home").toEqual([]);
    await page.getByTestId("start-labeling").click();
    await page.waitForURL(`${webUrl}/label/${projectId}`);

    // --- task 1: keyboard only ---
    const rows = page.locator('[data-testid="rank-row"]');
    await expect.poll(() => rows.count()).toBe(3);
    const first = await assignmentId(page);
    const shown1 = await rowIds(page);
    expect([...shown1].sort()).toEqual(["method", "slice", "unsafe"]);
    await shot(page, "03-task-initial");
    expect.soft(a11ySummary(await checkA11y(page, "task-initial")), "axe: task-initial").toEqual([]);

    // Untrusted markdown: rendered, never executed, raw HTML shown as text, no remote image.
    const unsafeCard = page.locator('[data-testid="response-card"][data-response-id="unsafe"]');
    await expect.poll(() => unsafeCard.textContent()).toContain('<img src="x" onerror="window.__xss = 1">');
    expect(await unsafeCard.locator("img, script").count()).toBe(0);
    expect(await unsafeCard.locator("a[href^='javascript']").count()).toBe(0);
    expect(await page.locator('[data-response-id="slice"] pre code').count()).toBe(1);

    const [a, b, c] = shown1 as [string, string, string];
    await page.keyboard.press("j"); // from the page: focus the first response
    expect(await focusedId(page)).toBe(a);
    await page.keyboard.press("j");
    await page.keyboard.press("ArrowDown");
    expect(await focusedId(page)).toBe(c);
    await page.keyboard.press("Shift+ArrowUp");
    expect(await focusedId(page)).toBe(c); // focus follows the moved response
    await page.keyboard.press("Shift+ArrowUp");
    expect(await rowIds(page)).toEqual([c, a, b]);
    expect(await focusedId(page)).toBe(c);
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    expect(await focusedId(page)).toBe(b);
    await page.keyboard.press("t"); // b tied with a
    expect(await rowRanks(page)).toEqual(["1", "2", "2"]);
    expect(await focusedId(page)).toBe(b);
    await expect.poll(() => page.getByTestId("live-region").textContent()).toContain("tied with");
    await shot(page, "04-task-ranked-with-tie");
    expect.soft(a11ySummary(await checkA11y(page, "task-ranked-with-tie")), "axe: task-ranked-with-tie").toEqual([]);

    // The shortcut overlay opens with ? and closes with Esc, giving focus back.
    await page.keyboard.press("?");
    await expect.poll(() => page.getByTestId("shortcut-overlay").evaluate((d) => (d as HTMLDialogElement).open)).toBe(true);
    await shot(page, "05-shortcuts", false);
    expect.soft(a11ySummary(await checkA11y(page, "task-shortcut-overlay")), "axe: task-shortcut-overlay").toEqual([]);
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByTestId("shortcut-overlay").evaluate((d) => (d as HTMLDialogElement).open)).toBe(false);
    expect(await focusedId(page)).toBe(b);

    // Tablet width keeps everything reachable (ranking panel below the responses).
    await page.setViewportSize({ width: 820, height: 1100 });
    await shot(page, "06-task-tablet");
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.locator(`[data-testid="rank-row"][data-response-id="${b}"]`).focus();

    await page.keyboard.press("Enter"); // submit
    await expect.poll(() => assignmentId(page), { timeout: 15_000 }).not.toBe(first);
    const second = await assignmentId(page);

    // --- task 2: focus is already on the first response ---
    await expect.poll(() => rows.count()).toBe(3);
    const shown2 = await rowIds(page);
    expect([...shown2].sort()).toEqual(["h1", "h2", "h3"]);
    const [x, y, z] = shown2 as [string, string, string];
    await expect.poll(() => focusedId(page)).toBe(x);
    await page.keyboard.press("Alt+ArrowDown"); // x below y
    expect(await rowIds(page)).toEqual([y, x, z]);
    await page.keyboard.press("ArrowDown"); // focus z
    expect(await focusedId(page)).toBe(z);
    await page.keyboard.press("Shift+K"); // z above x
    expect(await rowIds(page)).toEqual([y, z, x]);
    expect(await rowRanks(page)).toEqual(["1", "2", "3"]);
    await shot(page, "07-task-second");
    await page.keyboard.press("Control+Enter");

    // --- queue empty ---
    await expect.poll(() => page.getByTestId("queue-empty").isVisible(), { timeout: 15_000 }).toBe(true);
    await expect.poll(() => page.getByTestId("queue-empty").textContent()).toContain("Queue empty — nothing left to label in this project");
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe("H2");
    await shot(page, "08-queue-empty");
    expect.soft(a11ySummary(await checkA11y(page, "queue-empty")), "axe: queue-empty").toEqual([]);

    // --- the database holds exactly what was entered ---
    const annotations = await ctx.app.prisma.annotation.findMany({ where: { labelerId: labeler.id }, orderBy: { createdAt: "asc" } });
    expect(annotations.map((r) => r.assignmentId)).toEqual([first, second]);
    const rankingOf = (answer: unknown) => {
      const a = answer as { ranking?: unknown; answers?: { ranking?: unknown } };
      return a.ranking ?? a.answers?.ranking;
    };
    expect(rankingOf(annotations[0]?.answer)).toEqual([[c], [a, b]]);
    expect(rankingOf(annotations[1]?.answer)).toEqual([[y], [z], [x]]);
    for (const row of annotations) {
      expect(row.idempotencyKey).toMatch(/^[0-9a-f-]{36}$/);
      expect(row.durationMs).toBeGreaterThan(0);
    }

    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(foreign, "the browser must only talk to the web origin").toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 120_000);

  it("a researcher sees the project list with counts and can sign out", async () => {
    if (!context) throw new Error("setup failed");
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(`${webUrl}/label`);
    await page.getByTestId("sign-out").click();
    await page.waitForURL(/\/login/);
    await expect.poll(() => page.getByTestId("login-submit").isEnabled()).toBe(true);
    await page.getByTestId("login-email").fill(researcher.email);
    await page.getByTestId("login-password").fill(PASSWORD);
    await page.getByTestId("login-submit").click();
    await page.waitForURL(`${webUrl}/projects`);
    const row = page.getByTestId("project-row");
    await expect.poll(() => row.count()).toBe(1);
    const text = (await row.textContent()) ?? "";
    expect(text).toContain("Python answers — preference pilot");
    expect(await page.locator('[role="progressbar"]').getAttribute("aria-valuenow")).toBe("100");
    await shot(page, "09-projects");
    // `/` sends a signed-in researcher home.
    await page.goto(webUrl);
    await page.waitForURL(`${webUrl}/projects`);
  }, 60_000);
});
