/**
 * Every researcher console, admin and labeler page from 1280 px down to tablet width (1024, 768):
 * no horizontal page overflow and no visible element past the viewport's right edge (wide tables
 * scroll inside their own container), axe-clean at 768, a screenshot of each page at 768.
 * Setup goes through the API and the shared fixtures; runs the built web app (`next build` first).
 */
import type { Worker } from "bullmq";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runExport, seedMixedProject, startExportWorker } from "../../apps/api/test/helpers/export-fixtures.ts";
import { createUser, importItems, PASSWORD, type TTestUser } from "../../apps/api/test/helpers/fixtures.ts";
import { a11ySummary, checkA11y } from "./axe.ts";
import { shot, signIn, startHarness, type THarness } from "./labeler-harness.ts";

const WIDTHS = [1280, 1024, 768] as const;
const HEIGHT = 1000;

/** Content that pushes layouts: a long unbroken token, a wide table and long code lines. */
const WIDE_RESPONSE = [
  `See https://example.com/${"a-very-long-path-segment/".repeat(8)}for details.`,
  "",
  "| model | prompt tokens | completion tokens | latency p50 | latency p95 | cost per 1k | notes on the run |",
  "| --- | --- | --- | --- | --- | --- | --- |",
  "| large-2026-03 | 1 204 | 388 | 812 ms | 1 944 ms | $0.0123 | warm cache, eu-west, batch of sixteen |",
  "",
  "```python",
  `result = compute_everything(${Array.from({ length: 12 }, (_, i) => `argument_${i}=value_${i}`).join(", ")})`,
  "```",
].join("\n");

let harness: THarness | undefined;
let worker: Worker | undefined;
let admin: TTestUser;
let labeler: TTestUser;
let projectId = "";
let itemId = "";

beforeAll(async () => {
  harness = await startHarness({ viewport: { width: 1280, height: HEIGHT } });
  const { ctx } = harness;
  harness.context.setDefaultTimeout(20_000);
  const app = ctx.app;
  const api = async (method: "POST" | "PUT", url: string, payload: unknown) => {
    const res = await app.inject({ method, url: `/api/v1${url}`, headers: admin.headers, payload: payload as object });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.json();
  };
  admin = await createUser(app, "ADMIN", { email: "ada.admin@test.rankwise.dev" });
  labeler = await createUser(app, "LABELER", { email: "lee.labeler@test.rankwise.dev" });

  // Items, a multi-type form and annotations from three labelers (the export tests' project).
  const mixed = await seedMixedProject(app, admin);
  projectId = mixed.project.id;
  itemId = mixed.items.capital;
  await app.prisma.project.update({ where: { id: projectId }, data: { name: "Support answers — helpfulness and honesty, March pilot" } });
  const wide = await importItems(app, projectId, admin, [
    {
      external_id: "wide-content-with-a-rather-long-external-identifier-0001",
      prompt: `Summarise the benchmark run ${"and explain every column ".repeat(6)}`,
      responses: [
        { id: "wide", model: "large-2026-03", content: WIDE_RESPONSE },
        { id: "short", model: "small-2026-03", content: "The large model is slower but cheaper per token." },
      ],
    },
  ]);
  expect(wide.statusCode, wide.body).toBe(200);
  await app.prisma.projectMember.create({ data: { projectId, userId: labeler.id, status: "QUALIFIED" } });

  // A screening test with gold on the screening item, an export, an API token: each leaves an audit row.
  await api("PUT", `/items/${mixed.items.screen}/gold`, { answers: { rank: [["s1"], ["s2"]] } });
  await api("PUT", `/projects/${projectId}/screening`, { passThreshold: 0.5, maxAttempts: 2, enabled: true });
  worker = startExportWorker(ctx);
  await runExport(app, admin.headers, projectId);
  await api("POST", "/tokens", { name: "Nightly export pipeline (training cluster eu-west)" });
}, 180_000);

afterAll(async () => {
  await worker?.close();
  await harness?.stop();
}, 60_000);

type TOverflow = { scrollWidth: number; innerWidth: number; offenders: string[] };

/**
 * The page's horizontal overflow: the document's scroll width against the viewport, and every
 * element whose right edge passes it (even a hidden one: it still makes the page scroll) (outermost only; content inside a scroll or clip
 * container that fits is that container's business).
 */
function measureOverflow(page: Page): Promise<TOverflow> {
  return page.evaluate(() => {
    const vw = window.innerWidth;
    /**
     * Inside a scroll or clip container that itself fits, an element may extend past the edge. An
     * absolutely positioned element escapes every such container up to its containing block (its
     * nearest positioned ancestor): a visually hidden label in a wide table's last column makes the
     * page scroll unless the table's scroll container is positioned.
     */
    const clipped = (el: Element): boolean => {
      let escapes = getComputedStyle(el).position === "absolute";
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (escapes && style.position !== "static") escapes = style.position === "absolute";
        else if (escapes) continue;
        if (style.overflowX !== "visible" && p.getBoundingClientRect().right <= vw + 0.5) return true;
      }
      return false;
    };
    const describe = (el: Element, right: number) => {
      const id = el.id ? `#${el.id}` : "";
      const testid = el.getAttribute("data-testid") ? `[data-testid=${el.getAttribute("data-testid")}]` : "";
      const cls = typeof el.className === "string" && el.className ? `.${el.className.trim().split(/\s+/).join(".")}` : "";
      const style = getComputedStyle(el);
      const how = style.visibility === "hidden" ? " (hidden)" : style.position === "absolute" ? " (absolute)" : "";
      return `${el.tagName.toLowerCase()}${id}${testid}${cls}${how} right=${Math.round(right)} "${(el.textContent ?? "").trim().slice(0, 40)}"`;
    };
    const offenders: Element[] = [];
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      const r = el.getBoundingClientRect();
      if ((r.width === 0 && r.height === 0) || r.right <= vw + 0.5) continue;
      // Fixed elements never make the page scroll.
      if (getComputedStyle(el).position === "fixed" || clipped(el)) continue;
      if (offenders.some((o) => o.contains(el))) continue;
      offenders.push(el);
    }
    return {
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: vw,
      offenders: offenders.map((el) => describe(el, el.getBoundingClientRect().right)),
    };
  });
}

/** Opens `path` and waits until its data has arrived (no request in flight, nothing busy). */
async function open(page: Page, path: string): Promise<void> {
  const webUrl = harness?.webUrl ?? "";
  await page.goto(`${webUrl}${path}`);
  await page.waitForLoadState("networkidle");
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), undefined, { timeout: 10_000 }).catch(() => {});
  await page.waitForTimeout(150); // lazily loaded chunks (highlighter, charts) settle
}

async function checkPage(page: Page, name: string, path: string, width: number, landsOn = path): Promise<void> {
  await open(page, path);
  expect(new URL(page.url()).pathname, `${name} landed elsewhere`).toBe(landsOn);
  const result = await measureOverflow(page);
  expect.soft(result, `${name} at ${width}px overflows`).toEqual({ scrollWidth: result.innerWidth, innerWidth: width, offenders: [] });
  if (width === 768) {
    await shot(page, `responsive-768-${name}`);
    expect.soft(a11ySummary(await checkA11y(page, `responsive-768-${name}`)), `axe: ${name} at 768`).toEqual([]);
  }
}

describe("console, admin and labeler pages from 1280 px to tablet width", () => {
  for (const width of WIDTHS) {
    it(`fit ${width} px without horizontal overflow`, async () => {
      if (!harness) throw new Error("setup failed");
      const page = await harness.context.newPage();
      await page.setViewportSize({ width, height: HEIGHT });
      const pageErrors: string[] = [];
      page.on("pageerror", (err) => pageErrors.push(err.message));

      await harness.context.clearCookies();
      await signIn(page, harness.webUrl, admin.email, PASSWORD);
      // The project's overview is its first tab: the items browser.
      await checkPage(page, "overview", `/projects/${projectId}`, width, `/projects/${projectId}/items`);
      const consolePages: [string, string][] = [
        ["projects", "/projects"],
        ["new-project", "/projects/new"],
        ["items", `/projects/${projectId}/items`],
        ["item", `/projects/${projectId}/items/${itemId}`],
        ["form", `/projects/${projectId}/form`],
        ["members", `/projects/${projectId}/members`],
        ["screening", `/projects/${projectId}/screening`],
        ["quality", `/projects/${projectId}/quality`],
        ["exports", `/projects/${projectId}/exports`],
        ["audit", `/projects/${projectId}/audit`],
        ["tokens", "/settings/tokens"],
        ["admin", "/admin"],
      ];
      for (const [name, path] of consolePages) await checkPage(page, name, path, width);

      await harness.context.clearCookies();
      await signIn(page, harness.webUrl, labeler.email, PASSWORD);
      await checkPage(page, "label-home", "/label", width);
      await checkPage(page, "label-task", `/label/${projectId}`, width);
      expect(await page.getByTestId("task").count(), "the labeler got a task").toBe(1);

      expect(pageErrors).toEqual([]);
      await page.close();
    }, 240_000);
  }
});
