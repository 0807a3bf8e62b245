/**
 * In a real browser, with the production build: every page carries a strict, nonce-based
 * Content-Security-Policy (fresh nonce per request, no 'unsafe-inline' scripts) and the other
 * security headers; the label page and the console still render and hydrate under it with no CSP
 * violation; and hostile markdown in a response (script, img onerror, javascript: link, iframes)
 * stays inert: no script runs, no dialog opens, no frame loads.
 */
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TTestContext } from "../../apps/api/test/helpers/app.ts";
import { addLabeler, createTestProject, createUser, importItems, PASSWORD, type TTestUser } from "../../apps/api/test/helpers/fixtures.ts";
import { shot, signIn, startHarness, type THarness } from "./labeler-harness.ts";

const HOSTILE =
  'Look: <img src="x" onerror="window.__xss = 1; alert(1)"> <script>window.__xss = 2; alert(2)</script> ' +
  '[click here](javascript:window.__xss=3) <iframe src="javascript:parent.__xss=4"></iframe> ' +
  '<iframe srcdoc="<script>parent.__xss=5</script>"></iframe> <svg onload="window.__xss=6"></svg> ' +
  '<a href="data:text/html,<script>alert(7)</script>">data link</a>';

let harness: THarness | undefined;
let ctx: TTestContext;
let context: BrowserContext;
let webUrl = "";
let labeler: TTestUser;
let researcher: TTestUser;
let projectId = "";

type TWatch = { violations: string[]; consoleErrors: string[]; dialogs: string[]; pageErrors: string[] };

/** Records CSP violations (reported in the page), console errors, dialogs and page errors. */
async function watch(page: Page): Promise<TWatch> {
  const w: TWatch = { violations: [], consoleErrors: [], dialogs: [], pageErrors: [] };
  await page.exposeFunction("__reportCspViolation", (v: string) => w.violations.push(v));
  // Init scripts run through DevTools before any page script, so the CSP does not stop this one.
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      (window as unknown as { __reportCspViolation: (v: string) => void }).__reportCspViolation(
        `${e.violatedDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile}:${e.lineNumber})`,
      );
    });
  });
  page.on("console", (m) => {
    if (m.type() === "error") w.consoleErrors.push(m.text());
  });
  page.on("dialog", (d) => {
    w.dialogs.push(d.message());
    void d.dismiss();
  });
  page.on("pageerror", (e) => w.pageErrors.push(e.message));
  return w;
}

beforeAll(async () => {
  harness = await startHarness();
  ({ ctx, context, webUrl } = harness);
  researcher = await createUser(ctx.app, "RESEARCHER");
  labeler = await createUser(ctx.app, "LABELER");
  const project = await createTestProject(ctx.app, researcher, { name: "CSP check" });
  projectId = project.id;
  await addLabeler(ctx.app, projectId, labeler);
  const imported = await importItems(ctx.app, projectId, researcher, [
    {
      external_id: "hostile",
      prompt: `Which is safer? ${HOSTILE}`,
      responses: [
        { id: "evil", content: HOSTILE },
        { id: "plain", content: "A plain, harmless answer." },
      ],
    },
  ]);
  expect(imported.statusCode, imported.body).toBe(200);
}, 120_000);

afterAll(async () => {
  await harness?.stop();
}, 60_000);

describe("security headers and CSP in the browser", () => {
  it("sends a strict CSP with a fresh nonce per request, and the other security headers", async () => {
    const policies: string[] = [];
    for (const path of ["/login", "/login"]) {
      const res = await fetch(`${webUrl}${path}`, { redirect: "manual" });
      expect(res.status).toBe(200);
      const csp = res.headers.get("content-security-policy") ?? "";
      policies.push(csp);
      const scriptSrc = csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "";
      expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{16,}'/);
      expect(scriptSrc).toContain("'strict-dynamic'");
      expect(scriptSrc).not.toContain("'unsafe-inline'");
      expect(scriptSrc).not.toContain("'unsafe-eval'");
      for (const directive of [
        "default-src 'self'",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "frame-src 'none'",
      ]) {
        expect(csp).toContain(directive);
      }
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
      expect(res.headers.get("permissions-policy")).toContain("camera=()");
      expect(res.headers.get("x-powered-by")).toBeNull();
      // Every inline script Next emits carries this request's nonce.
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
      const html = await res.text();
      const inline = [...html.matchAll(/<script(?![^>]*\bsrc=)([^>]*)>/g)];
      expect(inline.length).toBeGreaterThan(0);
      for (const [, attrs] of inline) expect(attrs).toContain(`nonce="${nonce}"`);
    }
    expect(policies[0]).not.toBe(policies[1]);
    // The API proxy gets the static headers too.
    const api = await fetch(`${webUrl}/api/healthz`);
    expect(api.headers.get("x-content-type-options")).toBe("nosniff");
    expect(api.headers.get("x-frame-options")).toBe("DENY");
  });

  it("renders and hydrates the label page under the CSP; hostile markdown runs nothing, opens no dialog, loads no frame", async () => {
    const page = await context.newPage();
    const w = await watch(page);
    // signIn waits for the login button to be enabled, which only hydrated React does: scripts ran.
    await signIn(page, webUrl, labeler.email, PASSWORD);
    await page.goto(`${webUrl}/label/${projectId}`);
    const rows = page.locator('[data-testid="rank-row"]');
    await expect.poll(() => rows.count()).toBe(2);
    const card = page.locator('[data-testid="response-card"][data-response-id="evil"]');
    await expect.poll(() => card.textContent()).toContain("<script>");
    await shot(page, "security-label-page");

    expect(await page.locator("main iframe, main script, main svg[onload], main img[onerror]").count()).toBe(0);
    expect(await page.locator("a[href^='javascript:'], a[href^='data:']").count()).toBe(0);
    expect(page.frames()).toHaveLength(1);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(w.dialogs).toEqual([]);
    expect(w.violations).toEqual([]);
    expect(w.consoleErrors.filter((e) => /Content Security Policy|Refused/i.test(e))).toEqual([]);
    expect(w.pageErrors).toEqual([]);

    // The policy is really enforced: an inline handler (what an injected onerror/onclick would be) is refused.
    await page.evaluate(() => {
      const probe = document.createElement("button");
      probe.id = "csp-probe";
      probe.textContent = "probe";
      probe.setAttribute("onclick", "window.__xss = 98");
      document.body.append(probe);
    });
    await page.locator("#csp-probe").click();
    await expect.poll(() => [...w.violations, ...w.consoleErrors].join("\n")).toMatch(/Content Security Policy|script-src/);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await page.close();
  });

  it("renders the console (projects, a project, the item browser) with no CSP violation", async () => {
    const page = await context.newPage();
    await context.clearCookies();
    const w = await watch(page);
    await signIn(page, webUrl, researcher.email, PASSWORD);
    await page.goto(`${webUrl}/projects`);
    await expect.poll(() => page.getByText("CSP check").count()).toBeGreaterThan(0);
    await page.goto(`${webUrl}/projects/${projectId}`);
    await expect.poll(() => page.locator("main").textContent()).toContain("CSP check");
    await page.waitForLoadState("networkidle");
    await shot(page, "security-console-project");
    await page.goto(`${webUrl}/projects/${projectId}/items`);
    await expect.poll(() => page.locator("main").textContent()).toContain("hostile");
    await page.waitForLoadState("networkidle");
    expect(w.violations).toEqual([]);
    expect(w.consoleErrors.filter((e) => /Content Security Policy|Refused/i.test(e))).toEqual([]);
    expect(w.pageErrors).toEqual([]);
    expect(w.dialogs).toEqual([]);
    await page.close();
  });

  it("serves the API's Swagger UI under the API's own CSP, rendered and without violations", async () => {
    const address = ctx.app.server.address();
    if (!address || typeof address === "string") throw new Error("API is not listening");
    const page = await context.newPage();
    const w = await watch(page);
    const res = await page.goto(`http://127.0.0.1:${address.port}/api/docs/`);
    expect(res?.headers()["content-security-policy"]).toMatch(/script-src 'self'/);
    await expect.poll(() => page.locator(".swagger-ui .info .title").textContent(), { timeout: 15_000 }).toContain("Rankwise API");
    await expect.poll(() => page.locator(".opblock").count()).toBeGreaterThan(20);
    await shot(page, "security-api-docs", false);
    expect(w.violations).toEqual([]);
    expect(w.consoleErrors.filter((e) => /Content Security Policy|Refused/i.test(e))).toEqual([]);
    expect(w.pageErrors).toEqual([]);
    await page.close();
  });
});
