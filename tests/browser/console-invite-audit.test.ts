/**
 * Invitations and the audit trail end to end in a real browser against the real API: an admin invites
 * a researcher, who accepts signed out and invites a labeler from the project's members page; the
 * labeler accepts signed out and lands on the screening test; the researcher then reads all of it in
 * the project's audit tab. Runs the built web app (`next build` first).
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import type { TTestContext } from "../../apps/api/test/helpers/app.ts";
import { createTestProject, createUser, importItems, makeItems, PASSWORD, type TTestUser } from "../../apps/api/test/helpers/fixtures.ts";
import { a11ySummary, checkA11y } from "./axe.ts";
import { shot as harnessShot, signIn, startHarness, type THarness } from "./labeler-harness.ts";

let harness: THarness | undefined;
let ctx: TTestContext;
let webUrl = "";
let admin: TTestUser;
let projectId = "";
const pageErrors: string[] = [];

const RESEARCHER = { email: "rae.searcher@test.rankwise.dev", name: "Rae Searcher", password: "rae's long passphrase" };
const LABELER = { email: "lin.labeler@test.rankwise.dev", name: "Lin Labeler", password: "lin's long passphrase" };
const GOLD_MARK = "gold-secret-order";

const shot = (page: Page, name: string, fullPage = true) => harnessShot(page, `invite-${name}`, fullPage);

function shotOnFailure(page: Page, name: string): void {
  onTestFailed(async () => {
    await harnessShot(page, `invite-failed-${name}`).catch(() => {});
  });
}

async function api(method: "PUT" | "POST", url: string, payload: object) {
  const res = await ctx.app.inject({ method, url: `/api/v1${url}`, headers: admin.headers, payload });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res;
}

async function page(): Promise<Page> {
  if (!harness) throw new Error("setup failed");
  return harness.context.pages()[0] ?? (await harness.context.newPage());
}

/** Creates an invitation in the open form and returns its link, shown once. */
async function createInvitation(p: Page, fields: { email: string; name: string; role?: string }): Promise<string> {
  const form = p.getByTestId("invitation-form");
  await form.getByTestId("invitation-email").fill(fields.email);
  await form.getByTestId("invitation-name").fill(fields.name);
  if (fields.role) await form.getByTestId("invitation-role").selectOption(fields.role);
  await form.getByTestId("invitation-create").click();
  const box = p.getByTestId("invitation-link-box");
  await box.waitFor();
  expect(await box.textContent()).toContain(`Send this link to ${fields.email}`);
  const link = (await box.getByTestId("invitation-link").textContent()) ?? "";
  expect(link).toMatch(new RegExp(`^${webUrl}/invite/[A-Za-z0-9_-]{43}$`));
  return link;
}

/** Opens an invitation link signed out and accepts it. */
async function accept(p: Page, link: string, who: { name: string; password: string }, shotName?: string): Promise<void> {
  await harness?.context.clearCookies();
  await p.goto(link);
  await expect.poll(() => p.getByTestId("invite-submit").isEnabled()).toBe(true);
  if (shotName) {
    // The policy is checked before anything is sent: a short password and a mismatch are explained.
    await p.getByTestId("invite-password").fill("short");
    await p.getByTestId("invite-confirm").fill("short");
    await p.getByTestId("invite-submit").click();
    await expect.poll(() => p.getByTestId("invite-field-error").first().textContent()).toBe("Use at least 12 characters.");
    await shot(p, `${shotName}-error`);
    await p.getByTestId("invite-password").fill(who.password);
    await p.getByTestId("invite-confirm").fill(`${who.password}!`);
    await p.getByTestId("invite-submit").click();
    await expect.poll(() => p.getByTestId("invite-field-error").first().textContent()).toBe("The two passwords differ.");
  }
  await p.getByTestId("invite-name").fill(who.name);
  await p.getByTestId("invite-password").fill(who.password);
  await p.getByTestId("invite-confirm").fill(who.password);
  await p.getByTestId("invite-submit").click();
  await p.waitForURL((url) => !url.pathname.startsWith("/invite/"));
}

beforeAll(async () => {
  harness = await startHarness({ viewport: { width: 1360, height: 900 } });
  ({ ctx, webUrl } = harness);
  harness.context.setDefaultTimeout(20_000);
  admin = await createUser(ctx.app, "ADMIN", { email: "ada.admin@test.rankwise.dev" });
  // A project whose screening test is on, with two screening items that have gold answers.
  projectId = (await createTestProject(ctx.app, admin, { name: "Support answers — helpfulness" })).id;
  await api("PUT", `/projects/${projectId}/form`, {
    definition: { questions: [{ id: "ranking", type: "ranking", title: "Rank the answers", criterion: "helpful" }] },
  });
  const items = makeItems(2, 3, "screen").map((line) => ({ ...line, role: "screening" }));
  expect((await importItems(ctx.app, projectId, admin, items)).statusCode).toBe(200);
  for (const item of await ctx.app.prisma.item.findMany({ where: { projectId } })) {
    await api("PUT", `/items/${item.id}/gold`, { answers: { ranking: [["r1"], ["r2"], ["r3"]] } });
  }
  // A gold change whose data a researcher may read in the audit trail (and nobody else).
  await ctx.app.prisma.auditLog.updateMany({ where: { action: "gold.create" }, data: { data: { after: { note: GOLD_MARK } } } });
  await api("PUT", `/projects/${projectId}/screening`, { passThreshold: 0.5, maxAttempts: 2, enabled: true });
  (await page()).on("pageerror", (err) => pageErrors.push(err.message));
}, 120_000);

afterAll(async () => {
  await harness?.stop();
}, 60_000);

describe("invitations and the audit trail", () => {
  it("admin invites a researcher, who invites a labeler; both accept signed out; the audit tab shows it all", async () => {
    const p = await page();
    shotOnFailure(p, "journey");

    // 1. The admin invites a researcher from the admin page.
    await signIn(p, webUrl, admin.email, PASSWORD, { from: "/admin" });
    await p.getByTestId("invitations-empty").waitFor();
    const researcherLink = await createInvitation(p, { email: RESEARCHER.email, name: RESEARCHER.name, role: "RESEARCHER" });
    await expect.poll(() => p.getByTestId("invitation-row").count()).toBe(1);
    expect(await p.getByTestId("invitation-row").getAttribute("data-status")).toBe("pending");
    await p.getByTestId("invitation-link-box").scrollIntoViewIfNeeded();
    await shot(p, "01-admin-link", false);
    await p.getByTestId("invitation-link-done").click();
    await p.getByTestId("invitation-form").waitFor();
    expect(await p.getByTestId("invitation-link-box").count()).toBe(0); // shown once only

    // 2. The researcher opens the link signed out: the page says what the invitation is for.
    await harness?.context.clearCookies();
    await p.goto(researcherLink);
    expect(await p.getByTestId("invite-summary").textContent()).toBe(
      `${RESEARCHER.email} is invited as a researcher. Choose your name and a password to create your account.`,
    );
    expect(await p.getByTestId("invite-name").inputValue()).toBe(RESEARCHER.name);
    await expect.poll(() => p.getByTestId("invite-submit").isEnabled()).toBe(true);
    await shot(p, "02-invite-page");
    expect(a11ySummary(await checkA11y(p, "invite-page")), "axe: invite page").toEqual([]);
    await accept(p, researcherLink, RESEARCHER, "03-invite-page");
    await p.waitForURL(`${webUrl}/projects`);
    const researcher = await ctx.app.prisma.user.findUniqueOrThrow({ where: { email: RESEARCHER.email } });
    expect(researcher).toMatchObject({ role: "RESEARCHER", name: RESEARCHER.name });

    // 3. The used link no longer works, and says so without telling why.
    await p.goto(researcherLink);
    await p.getByTestId("invite-invalid").waitFor();
    await shot(p, "04-used-link");

    // 4. The researcher invites a labeler from the project's members page.
    await p.goto(`${webUrl}/projects/${projectId}/members`);
    await p.getByTestId("invitations-empty").waitFor();
    const labelerLink = await createInvitation(p, { email: LABELER.email, name: LABELER.name });
    await expect.poll(() => p.getByTestId("invitation-row").count()).toBe(1);
    await shot(p, "05-members-invite");
    expect(a11ySummary(await checkA11y(p, "members-invite")), "axe: members invite").toEqual([]);

    // 5. The labeler accepts signed out and lands on the screening test that is due.
    await accept(p, labelerLink, LABELER);
    await p.waitForURL(`${webUrl}/label/${projectId}/screening`);
    await p.getByTestId("screening-intro").waitFor();
    await shot(p, "06-labeler-screening");
    const labeler = await ctx.app.prisma.user.findUniqueOrThrow({ where: { email: LABELER.email } });
    const member = await ctx.app.prisma.projectMember.findUniqueOrThrow({ where: { projectId_userId: { projectId, userId: labeler.id } } });
    expect(member.status).toBe("INVITED");
    // Labelers cannot read the audit trail, gold notes least of all.
    const fromLabeler = await p.evaluate(async (url) => {
      const res = await fetch(url);
      return { status: res.status, body: await res.text() };
    }, `/api/v1/projects/${projectId}/audit`);
    expect(fromLabeler.status).toBe(403);
    expect(fromLabeler.body).not.toContain(GOLD_MARK);
    await p.goto(`${webUrl}/label`);
    await p.getByTestId("label-project").waitFor();
    expect(await p.getByTestId("label-project").textContent()).toContain("Support answers — helpfulness");

    // 6. The researcher reads it all in the project's audit tab, filters it and opens a row's details.
    await harness?.context.clearCookies();
    await signIn(p, webUrl, RESEARCHER.email, RESEARCHER.password);
    await p.goto(`${webUrl}/projects/${projectId}/members`);
    await p.getByTestId("tab-audit").click();
    await p.waitForURL(`${webUrl}/projects/${projectId}/audit`);
    await expect.poll(() => p.getByTestId("audit-row").count()).toBeGreaterThanOrEqual(5);
    const actions = await p.getByTestId("audit-row").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action")));
    expect(actions.slice(0, 2)).toEqual(["invitation.accept", "invitation.create"]);
    expect(actions).toContain("screening.save");
    expect(actions).toContain("gold.create");
    const acceptRow = p.locator('[data-testid="audit-row"][data-action="invitation.accept"]');
    expect(await acceptRow.getByTestId("audit-summary").textContent()).toBe(
      `${LABELER.email} created their account and joined the project (screening test due)`,
    );
    expect(await acceptRow.textContent()).toContain(LABELER.name);
    await shot(p, "07-audit-tab");
    expect(a11ySummary(await checkA11y(p, "audit-tab")), "axe: audit tab").toEqual([]);

    await p.getByTestId("audit-filter-action").selectOption("gold.create");
    await expect.poll(() => p.getByTestId("audit-row").count()).toBe(2);
    const goldRow = p.getByTestId("audit-row").first();
    await goldRow.locator("summary").click();
    expect(await goldRow.getByTestId("audit-data").textContent()).toContain(GOLD_MARK);
    await shot(p, "08-audit-filtered");
    await p.getByTestId("audit-filter-action").selectOption("");
    await p.getByTestId("audit-filter-actor").selectOption({ label: `${RESEARCHER.name} (${RESEARCHER.email})` });
    await expect.poll(() => p.getByTestId("audit-row").count()).toBe(1);
    expect(await p.getByTestId("audit-row").getAttribute("data-action")).toBe("invitation.create");

    // 7. The admin's audit section shows the researcher's account too, and the invitation as accepted.
    await harness?.context.clearCookies();
    await signIn(p, webUrl, admin.email, PASSWORD, { from: "/admin" });
    await expect.poll(() => p.locator('[data-testid="invitation-row"][data-status="accepted"]').count()).toBe(2);
    const adminAudit = p.getByTestId("audit-trail");
    await adminAudit.getByTestId("audit-filter-action").selectOption("user.create");
    await expect.poll(() => adminAudit.getByTestId("audit-row").count()).toBe(2);
    expect(await adminAudit.getByTestId("audit-summary").allTextContents()).toEqual([
      `${LABELER.email} as labeler (from an invitation)`,
      `${RESEARCHER.email} as researcher (from an invitation)`,
    ]);
    await adminAudit.scrollIntoViewIfNeeded();
    await shot(p, "09-admin-audit", false);
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
