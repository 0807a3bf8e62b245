/**
 * The admin area end to end in a real browser against the real API: an admin creates a researcher
 * (the generated password is shown once and works), changes a role, disables a user (their sessions
 * and tokens stop working) and revokes another user's API token; every step is checked in the database.
 * Runs the built web app (`next build` first).
 */
import path from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import type { TTestContext } from "../../apps/api/test/helpers/app.ts";
import { createUser, loginCookie, PASSWORD, type TTestUser } from "../../apps/api/test/helpers/fixtures.ts";
import { a11ySummary, checkA11y } from "./axe.ts";
import { SCREENSHOTS, startHarness, type THarness } from "./labeler-harness.ts";

let harness: THarness | undefined;
let ctx: TTestContext | undefined;
let context: BrowserContext | undefined;
let webUrl = "";
let admin: TTestUser;
let engineer: TTestUser;
let labeler: TTestUser;
let engineerTokenId = "";
let engineerToken = "";
const pageErrors: string[] = [];

/** Full-page shots start from the top, so sticky bars sit where a person sees them. */
async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOTS, `admin-${name}.png`), fullPage });
}

/** What the browser showed when a step failed, for whoever reads the failure. */
function shotOnFailure(page: Page, name: string): void {
  onTestFailed(async () => {
    await page.screenshot({ path: path.join(SCREENSHOTS, `admin-failed-${name}.png`), fullPage: true }).catch(() => {});
  });
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

  // 1. The API with an admin, an engineer holding a token, and a labeler who is signed in somewhere.
  admin = await createUser(ctx.app, "ADMIN", { email: "ada.admin@test.rankwise.dev" });
  engineer = await createUser(ctx.app, "ENGINEER", { email: "eli.engineer@test.rankwise.dev" });
  labeler = await createUser(ctx.app, "LABELER", { email: "lea.labeler@test.rankwise.dev" });
  await createUser(ctx.app, "LABELER", { kind: "AI", email: "judge-model@test.rankwise.dev" });
  const created = await ctx.app.inject({
    method: "POST",
    url: "/api/v1/tokens",
    headers: engineer.headers,
    payload: { name: "gpu cluster" },
  });
  engineerTokenId = created.json().id;
  engineerToken = created.json().token;
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (err) => pageErrors.push(err.message));
}, 180_000);

afterAll(async () => {
  await harness?.stop();
}, 60_000);

describe("admin console", () => {
  it("creates a researcher, changes a role, disables a user and revokes a token", async () => {
    if (!context || !ctx) throw new Error("setup failed");
    const prisma = ctx.app.prisma;
    const page = context.pages()[0] ?? (await context.newPage());
    shotOnFailure(page, "journey");

    // --- the admin lands on /admin from the header link ---
    await signIn(page, admin, "/projects");
    await page.getByRole("link", { name: "Admin", exact: true }).click();
    await page.waitForURL(`${webUrl}/admin`);
    await expect.poll(() => page.getByTestId("admin-user-row").count()).toBe(4);
    await expect.poll(() => page.getByTestId("admin-token-row").count()).toBe(5); // one "test" token each, and "gpu cluster"
    await shot(page, "01-overview");
    expect.soft(a11ySummary(await checkA11y(page, "admin-overview")), "axe: admin-overview").toEqual([]);

    // --- create a researcher with a generated password, shown once ---
    await page.getByTestId("admin-new-user").click();
    await page.getByTestId("admin-user-create").click(); // nothing filled in yet
    await expect.poll(() => page.getByTestId("field-error").count()).toBeGreaterThan(0);
    await page.getByTestId("admin-user-email").fill("Rosa.Researcher@test.rankwise.dev");
    await page.getByTestId("admin-user-name").fill("Rosa Researcher");
    await page.getByTestId("admin-user-role").selectOption("RESEARCHER");
    await expect.poll(() => page.getByTestId("field-error").count()).toBe(0); // errors clear as fields are fixed
    await shot(page, "02-create-dialog", false);
    expect.soft(a11ySummary(await checkA11y(page, "admin-create-dialog")), "axe: admin-create-dialog").toEqual([]);
    await page.getByTestId("admin-user-create").click();
    const secret = (await page.getByTestId("admin-secret").textContent()) ?? "";
    expect(secret).toMatch(/^[A-Za-z0-9_-]{24}$/);
    await shot(page, "03-password-once", false);
    const rosa = await prisma.user.findUniqueOrThrow({ where: { email: "rosa.researcher@test.rankwise.dev" } });
    expect(rosa).toMatchObject({ role: "RESEARCHER", kind: "HUMAN", disabledAt: null });
    await loginCookie(ctx.app, rosa.email, secret);
    await page.getByTestId("admin-secret-done").click();
    await expect.poll(() => page.getByTestId("admin-user-row").count()).toBe(5);
    expect(await page.getByText(secret).count()).toBe(0);

    // --- search, then change her role ---
    await page.getByTestId("admin-user-search").fill("nobody-by-that-name");
    await page.getByTestId("admin-users-empty").waitFor();
    await page.getByTestId("admin-user-search").fill("rosa");
    await expect.poll(() => page.getByTestId("admin-user-row").count()).toBe(1);
    await page.getByTestId("admin-user-row").getByTestId("admin-user-role-select").selectOption("ENGINEER");
    await expect.poll(async () => (await prisma.user.findUniqueOrThrow({ where: { id: rosa.id } })).role).toBe("ENGINEER");
    await page.getByTestId("admin-user-search").fill("");
    await page.getByTestId("admin-filter-kind").selectOption("AI");
    await expect.poll(() => page.getByTestId("admin-user-row").count()).toBe(1);
    await page.getByTestId("admin-filter-kind").selectOption("");

    // --- disable the labeler: her session and token stop working ---
    const labelerCookie = await loginCookie(ctx.app, labeler.email, PASSWORD);
    const lea = page.locator(`[data-testid="admin-user-row"][data-email="${labeler.email}"]`);
    await lea.getByTestId("admin-user-disable").click();
    await shot(page, "04-disable-confirm");
    await lea.getByTestId("admin-user-disable-confirm").click();
    await expect.poll(() => lea.getByTestId("admin-user-status").textContent()).toBe("Disabled");
    expect((await prisma.user.findUniqueOrThrow({ where: { id: labeler.id } })).disabledAt).not.toBeNull();
    expect(await prisma.session.count({ where: { userId: labeler.id } })).toBe(0);
    expect(await prisma.apiToken.count({ where: { userId: labeler.id, revokedAt: null } })).toBe(0);
    expect((await fetch(`${webUrl}/api/v1/me`, { headers: { cookie: labelerCookie } })).status).toBe(401);
    expect((await fetch(`${webUrl}/api/v1/me`, { headers: labeler.headers })).status).toBe(401);
    // The admin's own row offers neither a role change nor disabling.
    const self = page.locator(`[data-testid="admin-user-row"][data-user-id="${admin.id}"]`);
    expect(await self.getByTestId("admin-user-role-select").isDisabled()).toBe(true);
    expect(await self.getByTestId("admin-user-disable").count()).toBe(0);
    await shot(page, "05-disabled");

    // --- revoke the engineer's token ---
    await expect.poll(() => page.getByTestId("admin-token-row").count()).toBe(4); // the labeler's went with her
    const row = page.locator(`[data-testid="admin-token-row"][data-token-id="${engineerTokenId}"]`);
    await row.getByTestId("admin-token-revoke").click();
    await row.getByTestId("admin-token-revoke-confirm").click();
    await expect.poll(() => row.getAttribute("data-state")).toBe("revoked");
    expect((await prisma.apiToken.findUniqueOrThrow({ where: { id: engineerTokenId } })).revokedAt).not.toBeNull();
    expect((await fetch(`${webUrl}/api/v1/me`, { headers: { authorization: `Bearer ${engineerToken}` } })).status).toBe(401);
    await row.scrollIntoViewIfNeeded();
    await shot(page, "06-token-revoked");
    expect.soft(a11ySummary(await checkA11y(page, "admin-after")), "axe: admin-after").toEqual([]);

    // --- an AI user gets an API token instead of a password, shown once ---
    await page.getByTestId("admin-new-user").click();
    await page.getByTestId("admin-user-email").fill("critic-model@test.rankwise.dev");
    await page.getByTestId("admin-user-name").fill("critic-model");
    await page.getByTestId("admin-user-kind").selectOption("AI");
    expect(await page.getByTestId("admin-pw-generate").count()).toBe(0);
    await page.getByTestId("admin-user-create").click();
    const aiToken = (await page.getByTestId("admin-secret").textContent()) ?? "";
    expect(aiToken).toMatch(/^rw_/);
    await shot(page, "07-ai-token-once", false);
    const me = await fetch(`${webUrl}/api/v1/me`, { headers: { authorization: `Bearer ${aiToken}` } });
    expect(await me.json()).toMatchObject({ user: { email: "critic-model@test.rankwise.dev", kind: "AI", role: "LABELER" } });
    await page.keyboard.press("Escape");
    await expect.poll(() => page.getByText(aiToken).count()).toBe(0); // Esc closes the dialog and drops the secret
    await expect.poll(() => page.getByTestId("admin-token-row").count()).toBe(4); // reloaded: the 3 still active and the new one

    // --- every change is in the audit log ---
    const actions = (await prisma.auditLog.findMany({ where: { actorId: admin.id } })).map((r) => r.action).sort();
    expect(actions).toEqual(["token.create", "token.revoke", "user.create", "user.create", "user.disable", "user.update"]);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it("is not offered to other roles", async () => {
    if (!context) throw new Error("setup failed");
    await context.clearCookies();
    const page = context.pages()[0] ?? (await context.newPage());
    shotOnFailure(page, "non-admin");
    await signIn(page, engineer, "/projects");
    expect(await page.getByRole("link", { name: "Admin", exact: true }).count()).toBe(0);
    await page.goto(`${webUrl}/admin`);
    await page.waitForURL(`${webUrl}/projects`);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
