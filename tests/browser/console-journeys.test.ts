/**
 * The researcher and engineer console, end to end in a real browser against the real API and an
 * in-process export worker: a researcher creates a project, imports JSONL (watching the upload
 * progress, then a table of bad lines), adds a labeler and builds a multi-type form; an engineer
 * previews, runs, watches and downloads an export, then creates and revokes an API token.
 * Runs the built web app (`next build` first); start-up and teardown are the shared harness's.
 */
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TExport, TFormDefinition } from "@rankwise/shared";
import { type Job, Worker } from "bullmq";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { createExportHandler } from "../../apps/api/src/jobs/export-handler.ts";
import { EXPORT_QUEUE } from "../../apps/api/src/jobs/queues.ts";
import { createRedis } from "../../apps/api/src/lib/connections.ts";
import type { TTestContext } from "../../apps/api/test/helpers/app.ts";
import { addLabeler, createTestProject, createUser, importItems, PASSWORD, type TTestUser } from "../../apps/api/test/helpers/fixtures.ts";
import { a11ySummary, checkA11y } from "./axe.ts";
import { shot as harnessShot, signIn as harnessSignIn, startHarness, type THarness } from "./labeler-harness.ts";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

let harness: THarness | undefined;
let ctx: TTestContext | undefined;
let worker: Worker | undefined;
let context: BrowserContext | undefined;
let tmpDir: string | undefined;
let webUrl = "";
let researcher: TTestUser;
let engineer: TTestUser;
let labeler: TTestUser;
let exportProjectId = "";
const pageErrors: string[] = [];

const shot = (page: Page, name: string, fullPage = true) => harnessShot(page, `console-${name}`, fullPage);

/** What the browser showed when a step failed, for whoever reads the failure. */
function shotOnFailure(page: Page, name: string): void {
  onTestFailed(async () => {
    await harnessShot(page, `console-failed-${name}`).catch(() => {});
  });
}

/** Opens `target` signed out, signs in on the page it redirects to and comes back. */
const signIn = (page: Page, user: TTestUser, target: string) => harnessSignIn(page, webUrl, user.email, PASSWORD, { from: target });

/** Every distinct aria-valuenow a progress bar matching `selector` takes, recorded in the page. */
async function recordProgress(page: Page, selector: string): Promise<void> {
  await page.evaluate((sel) => {
    const w = window as unknown as { __progress: string[] };
    w.__progress = [];
    const seen = () => {
      for (const el of Array.from(document.querySelectorAll(sel))) {
        const v = `${el.getAttribute("aria-valuenow") ?? "-"}:${el.closest("[data-phase],[data-status]")?.getAttribute("data-phase") ?? el.closest("[data-status]")?.getAttribute("data-status") ?? ""}`;
        if (w.__progress.at(-1) !== v) w.__progress.push(v);
      }
    };
    new MutationObserver(seen).observe(document.body, { subtree: true, childList: true, attributes: true });
  }, selector);
}

function recordedProgress(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __progress: string[] }).__progress);
}

/** 1200 valid items, plus three bad lines: invalid JSON (line 3), one response (line 7), a repeated id (last). */
function importFile(): { text: string; good: number } {
  const filler = "Reward models learn from careful comparisons. ".repeat(8);
  const good = Array.from({ length: 1200 }, (_, i) =>
    JSON.stringify({
      external_id: `support-${i + 1}`,
      prompt: [{ role: "user", content: `Customer question ${i + 1}: how do I reset my password? ${filler}` }],
      responses: [
        { id: "a", model: "m-small", content: `Go to Settings → Security and choose “Reset password”. (${i})` },
        { id: "b", model: "m-large", content: `1. Open the sign-in page.\n2. Click “Forgot password”.\n3. Follow the email link. (${i})` },
      ],
    }),
  );
  const lines = [...good];
  lines.splice(2, 0, "{ this is not json");
  lines.splice(6, 0, JSON.stringify({ external_id: "lonely", prompt: "Only one answer?", responses: [{ content: "Yes." }] }));
  lines.push(good[0] as string);
  return { text: `${lines.join("\n")}\n`, good: good.length };
}

beforeAll(async () => {
  harness = await startHarness({ viewport: { width: 1360, height: 900 } });
  ({ ctx, context, webUrl } = harness);
  context.setDefaultTimeout(20_000);
  tmpDir = await mkdtemp(path.join(os.tmpdir(), "rankwise-console-"));

  // 1. The API with a researcher, an engineer, a labeler, and a project whose items are already ranked.
  researcher = await createUser(ctx.app, "RESEARCHER");
  engineer = await createUser(ctx.app, "ENGINEER");
  labeler = await createUser(ctx.app, "LABELER");
  const second = await createUser(ctx.app, "LABELER");
  const project = await createTestProject(ctx.app, researcher, { name: "Preference pilot — ready to export", overlap: 2 });
  exportProjectId = project.id;
  const items = Array.from({ length: 8 }, (_, i) => ({
    external_id: `pilot-${i + 1}`,
    prompt: `Explain idea ${i + 1} to a newcomer.`,
    responses: [
      { id: "clear", content: `A clear explanation of idea ${i + 1}.` },
      { id: "vague", content: `Something about idea ${i + 1}.` },
      { id: "wrong", content: `A wrong explanation of idea ${i + 1}.` },
    ],
  }));
  expect((await importItems(ctx.app, project.id, researcher, items)).statusCode).toBe(200);
  // The ranking measures "helpful", so agreement has a criterion to trend over.
  const form = await ctx.app.inject({
    method: "PUT",
    url: `/api/v1/projects/${project.id}/form`,
    headers: researcher.headers,
    payload: { definition: { questions: [{ id: "ranking", type: "ranking", title: "Rank the explanations", criterion: "helpful" }] } },
  });
  expect(form.statusCode, form.body).toBe(200);
  for (const l of [labeler, second]) {
    await addLabeler(ctx.app, project.id, l);
    for (;;) {
      const res = await ctx.app.inject({ method: "GET", url: `/api/v1/projects/${project.id}/tasks/next`, headers: l.headers });
      if (res.statusCode === 204) break;
      const task = res.json() as { assignmentId: string };
      const sub = await ctx.app.inject({
        method: "POST",
        url: `/api/v1/assignments/${task.assignmentId}/annotations`,
        headers: l.headers,
        payload: { ranking: [["clear"], ["vague"], ["wrong"]] },
      });
      expect(sub.statusCode, sub.body).toBe(201);
    }
  }

  // 2. An export worker in this process. Each progress report waits a moment, so a person (and
  //    this test) can watch a running export move instead of seeing it finish at once.
  const handler = createExportHandler({ prisma: ctx.app.prisma, exportDir: ctx.config.EXPORT_DIR, batchSize: 2, logError: () => {} });
  worker = new Worker(
    EXPORT_QUEUE,
    async (job: Job) => {
      const report = job.updateProgress.bind(job);
      job.updateProgress = async (p) => {
        await new Promise((r) => setTimeout(r, 300));
        return report(p);
      };
      return handler(job);
    },
    { connection: createRedis(ctx.config.REDIS_URL, { maxRetriesPerRequest: null }), prefix: ctx.config.QUEUE_PREFIX },
  );

  const page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (err) => pageErrors.push(err.message));
}, 180_000);

afterAll(async () => {
  await worker?.close();
  await harness?.stop();
  if (tmpDir) await rm(tmpDir, { recursive: true, force: true }).catch(() => {});
}, 60_000);

describe("researcher console", () => {
  it("creates a project, imports JSONL with progress and line errors, adds a labeler, builds and saves a form", async () => {
    if (!context || !ctx || !tmpDir) throw new Error("setup failed");
    const page = context.pages()[0] ?? (await context.newPage());
    shotOnFailure(page, "researcher");

    // --- projects list → new project ---
    await signIn(page, researcher, "/projects");
    await expect.poll(() => page.getByTestId("project-row").count()).toBe(1);
    await shot(page, "01-projects");
    expect.soft(a11ySummary(await checkA11y(page, "console-projects")), "axe: console-projects").toEqual([]);
    await page.getByTestId("new-project").click();
    await page.waitForURL(`${webUrl}/projects/new`);
    await expect.poll(() => page.getByTestId("create-project").isEnabled()).toBe(true);
    await page.getByTestId("create-project").click(); // no name yet
    await expect.poll(() => page.getByTestId("field-error").first().textContent()).toBe("Required");
    await page.getByTestId("project-name").fill("Support answers — helpfulness v2");
    await shot(page, "02-new-project");
    await page.getByTestId("create-project").click();
    await page.waitForURL(new RegExp(`/projects/${UUID}/items$`));
    const projectId = /\/projects\/([^/]+)\/items/.exec(page.url())?.[1] ?? "";
    expect(await page.getByTestId("project-title").textContent()).toBe("Support answers — helpfulness v2");
    expect(await page.getByTestId("overview-items").textContent()).toBe("0");

    // --- import: throttled upload shows progress, then every bad line in a table ---
    const file = importFile();
    const filePath = path.join(tmpDir, "support-items.jsonl");
    await writeFile(filePath, file.text);
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: 256 * 1024,
    });
    await page.getByTestId("import-file").setInputFiles(filePath);
    await expect.poll(() => page.getByTestId("import-file-name").textContent()).toContain("support-items.jsonl");
    await recordProgress(page, '[data-testid="import-progress"] [role="progressbar"]');
    await page.getByTestId("import-start").click();
    await expect
      .poll(() => page.locator('[data-testid="import-progress"][data-phase="sending"] [role="progressbar"]').getAttribute("aria-valuenow"))
      .toMatch(/^[1-9]\d?$/);
    await shot(page, "03-import-progress", false);
    await page.getByTestId("import-rejected").waitFor();
    await cdp.send("Network.emulateNetworkConditions", { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    const steps = await recordedProgress(page);
    const sending = steps.filter((s) => s.endsWith(":sending")).map((s) => Number(s.split(":")[0]));
    expect(
      sending.some((v) => v > 0 && v < 100),
      `progress seen: ${steps.join(" ")}`,
    ).toBe(true);
    expect(sending).toEqual([...sending].sort((a, b) => a - b)); // it only moves forward
    expect(steps).toContain("-:processing");
    const errorRows = page.getByTestId("line-error");
    await expect.poll(() => errorRows.count()).toBe(3);
    const lineErrors = await errorRows.evaluateAll((rows) =>
      rows.map((r) => Array.from(r.querySelectorAll("td"), (td) => td.textContent ?? "")),
    );
    expect(lineErrors.map((r) => r[0])).toEqual(["3", "7", String(file.good + 3)]);
    expect(lineErrors[0]?.[1]).toMatch(/invalid JSON/);
    expect(lineErrors[1]?.[1]).toMatch(/at least 2 responses/);
    expect(lineErrors[2]?.[1]).toMatch(/already appears on line 1/);
    expect(await ctx.app.prisma.item.count({ where: { projectId } })).toBe(0); // all or nothing
    await shot(page, "04-import-line-errors");

    await page.getByTestId("import-skip-retry").click();
    await page.getByTestId("import-result").waitFor();
    expect(await page.getByTestId("import-created").textContent()).toBe(file.good.toLocaleString("en-US"));
    expect(await page.getByTestId("import-skipped").textContent()).toBe("3");
    await expect.poll(() => page.getByTestId("line-error").count()).toBe(3);
    await expect.poll(() => page.getByTestId("overview-items").textContent(), { timeout: 10_000 }).toBe(file.good.toLocaleString("en-US"));
    expect(await ctx.app.prisma.item.count({ where: { projectId } })).toBe(file.good);
    await shot(page, "05-import-done");

    // --- members: a wrong email is explained; a labeler is added ---
    await page.getByTestId("tab-members").click();
    await page.waitForURL(`${webUrl}/projects/${projectId}/members`);
    await page.getByTestId("members-empty").waitFor();
    await page.getByTestId("member-email").fill("nobody@nowhere.test");
    await page.getByTestId("member-add").click();
    await expect.poll(() => page.locator('[id$="-email-error"]').textContent()).toContain("No account uses nobody@nowhere.test");
    await page.getByTestId("member-email").fill(labeler.email);
    await page.getByTestId("member-add").click();
    await expect.poll(() => page.getByTestId("member-row").count()).toBe(1);
    expect(await page.getByTestId("member-row").textContent()).toContain(labeler.email);
    await shot(page, "06-members");

    // --- form builder: six more question types, a condition, a field error, a reorder, save ---
    await page.getByTestId("tab-form").click();
    await page.waitForURL(`${webUrl}/projects/${projectId}/form`);
    const cards = page.getByTestId("q-card");
    await expect.poll(() => cards.count()).toBe(1);
    for (const type of ["pairwise", "rating", "choice", "text", "rules", "steps"]) await page.getByTestId(`add-${type}`).click();
    await expect.poll(() => cards.count()).toBe(7);
    // The newest question is open with its title focused: retitle the steps question by typing.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute("data-testid"))).toBe("q-title-input");
    await page.keyboard.press("Control+A");
    await page.keyboard.type("Label each step of the best answer");

    // Rating: a max below the min is reported at the field and blocks saving.
    await cards.nth(2).getByTestId("q-toggle").click();
    await page.getByTestId("q-rating-max").fill("0");
    await expect.poll(() => cards.nth(2).getByTestId("field-error").textContent()).toBe("Must be higher than the lowest score");
    await expect.poll(() => page.getByTestId("builder-problems").textContent()).toBe("1 problem");
    await page.getByTestId("form-save").click();
    await expect.poll(() => page.getByTestId("error-block").textContent()).toContain("Fix 1 problem before saving");
    await shot(page, "07-form-field-error");
    expect.soft(a11ySummary(await checkA11y(page, "console-form-builder-error")), "axe: console-form-builder-error").toEqual([]);
    await page.getByTestId("q-rating-max").fill("5");
    await expect.poll(() => page.getByTestId("builder-problems").count()).toBe(0);

    // Text: shown only when the choice question is answered "no".
    await cards.nth(4).getByTestId("q-toggle").click();
    await cards.nth(4).getByTestId("q-condition-toggle").check();
    const conditionOptions = cards.nth(4).getByTestId("q-condition-options");
    await conditionOptions.getByLabel("Yes").uncheck();
    await conditionOptions.getByLabel("No").check();
    // Steps moves above rules with the keyboard-reachable button.
    await cards.nth(6).getByTestId("q-move-up").click();
    await expect
      .poll(() => cards.evaluateAll((els) => els.map((e) => e.getAttribute("data-question-type"))))
      .toEqual(["ranking", "pairwise", "rating", "choice", "text", "steps", "rules"]);
    await expect.poll(() => page.getByTestId("builder-live").textContent()).toContain("to position 6 of 7");
    // The live preview renders the draft with the labeler's own form renderer.
    await expect.poll(() => page.getByTestId("form-preview").textContent()).toContain("Label each step of the best answer");
    await page.getByTestId("form-save").click();
    await expect.poll(() => page.getByTestId("form-saved").textContent()).toBe("Saved as version 1.");
    await shot(page, "08-form-saved");
    expect.soft(a11ySummary(await checkA11y(page, "console-form-builder-saved")), "axe: console-form-builder-saved").toEqual([]);

    const saved = await ctx.app.prisma.formVersion.findMany({ where: { projectId }, orderBy: { version: "asc" } });
    expect(saved).toHaveLength(1);
    const definition = saved[0]?.definition as TFormDefinition;
    expect(definition.questions.map((q) => q.type)).toEqual(["ranking", "pairwise", "rating", "choice", "text", "steps", "rules"]);
    const rating = definition.questions[2];
    expect(rating?.type === "rating" && [rating.min, rating.max]).toEqual([1, 5]);
    expect(definition.questions[4]?.condition).toEqual({ questionId: "choice", equals: "no" });
    expect(definition.questions[5]?.title).toBe("Label each step of the best answer");

    // Once a labeler holds a task on version 1, saving keeps it and makes version 2.
    const lease = await ctx.app.inject({ method: "GET", url: `/api/v1/projects/${projectId}/tasks/next`, headers: labeler.headers });
    expect(lease.statusCode, lease.body).toBe(200);
    await cards.nth(0).getByTestId("q-toggle").click();
    await cards.nth(0).getByTestId("q-title-input").fill("Rank the answers, best first");
    await page.getByTestId("form-save").click();
    await expect
      .poll(() => page.getByTestId("form-saved").textContent())
      .toContain("Saved as version 2. Version 1 is already answered or being answered");
    await expect.poll(() => page.getByTestId("form-versions").locator("li").count()).toBe(2);
    expect(await ctx.app.prisma.formVersion.count({ where: { projectId } })).toBe(2);
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it("reviews agreement and labeler quality, and promotes a labeler with a reason", async () => {
    if (!context || !ctx) throw new Error("setup failed");
    const page = context.pages()[0] ?? (await context.newPage());
    shotOnFailure(page, "quality");
    // Gold scores come from screening and honeypots; set them directly for this project's two labelers.
    const members = await ctx.app.prisma.projectMember.findMany({ where: { projectId: exportProjectId }, orderBy: { createdAt: "asc" } });
    for (const [i, m] of members.entries()) {
      await ctx.app.prisma.projectMember.update({
        where: { projectId_userId: { projectId: exportProjectId, userId: m.userId } },
        data: { goldAgreement: [0.92, 0.71][i] ?? 0.5, goldCount: 12 },
      });
    }

    await page.goto(`${webUrl}/projects/${exportProjectId}/quality`);
    await page.getByTestId("quality-dashboard").waitFor();
    // Both labelers ranked every item the same way: perfect agreement.
    await expect.poll(() => page.getByTestId("alpha-criterion").textContent()).toContain("1.00");
    expect(await page.getByTestId("alpha-questions").textContent()).toContain("1.00");
    const rows = page.getByTestId("labeler-row");
    await expect.poll(() => rows.count()).toBe(2);
    // The charts are drawn by the chart library, loaded on demand.
    await expect
      .poll(() => page.getByTestId("chart-trend").locator("svg.recharts-surface").count(), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId("chart-scatter").locator(".recharts-scatter-symbol").count()).toBe(2);
    await expect.poll(() => page.getByTestId("chart-distribution").locator(".recharts-bar-rectangle").count()).toBeGreaterThan(0);

    const first = rows.first();
    const userId = (await first.getAttribute("data-user-id")) ?? "";
    await first.getByTestId("labeler-promote").click();
    await page.getByTestId("tier-save").click(); // no reason yet
    await expect.poll(() => page.getByTestId("tier-form").getByRole("alert").textContent()).toContain("Say why");
    await page.getByTestId("tier-reason").fill("Gold agreement 92% over 12 items");
    await page.getByTestId("tier-save").click();
    await expect
      .poll(() => page.locator(`[data-testid="labeler-row"][data-user-id="${userId}"]`).getAttribute("data-status"))
      .toBe("SUPER_RATER");
    await expect.poll(() => page.getByTestId("tier-changes").textContent()).toContain("Gold agreement 92% over 12 items");
    const member = await ctx.app.prisma.projectMember.findUniqueOrThrow({
      where: { projectId_userId: { projectId: exportProjectId, userId } },
    });
    expect(member.status).toBe("SUPER_RATER");
    await shot(page, "09-quality");
    expect(pageErrors).toEqual([]);
  }, 120_000);
});

describe("engineer console", () => {
  it("previews, runs, watches and downloads an export; creates and revokes a token", async () => {
    if (!context || !ctx) throw new Error("setup failed");
    const page = context.pages()[0] ?? (await context.newPage());
    shotOnFailure(page, "engineer");
    await page.goto(`${webUrl}/projects`);
    await page.getByTestId("sign-out").click();
    await page.waitForURL(/\/login/);

    // --- engineers see projects, but only what they may do: exports ---
    await signIn(page, engineer, "/projects");
    expect(await page.getByTestId("new-project").count()).toBe(0);
    await page.getByRole("link", { name: "Preference pilot — ready to export" }).click();
    await page.waitForURL(`${webUrl}/projects/${exportProjectId}/exports`);
    expect(await page.locator('nav[aria-label="Project sections"] a').allTextContents()).toEqual(["Exports"]);
    await page.goto(`${webUrl}/projects/${exportProjectId}/items`);
    await page.getByTestId("researchers-only").waitFor();
    await page.goto(`${webUrl}/projects/${exportProjectId}/exports`);
    await page.getByTestId("exports-empty").waitFor();

    // --- the spec, with a live count preview per split ---
    await page.getByTestId("export-split-train").fill("75");
    await page.getByTestId("export-split-test").fill("30");
    await expect.poll(() => page.getByTestId("export-split-sum").textContent()).toContain("The splits must add up to 100% (now 105%)");
    await page.getByTestId("export-split-test").fill("25");
    // The preview waits for typing to pause, asks the API, then settles.
    await expect.poll(() => page.getByTestId("export-preview").getAttribute("aria-busy")).toBe("true");
    await expect.poll(() => page.getByTestId("export-preview").getAttribute("aria-busy"), { timeout: 10_000 }).toBe("false");
    const previewRows = Number((await page.getByTestId("export-preview-rows").textContent())?.replace(/,/g, ""));
    const splitCount = async (s: string) =>
      Number((await page.getByTestId(`export-preview-${s}`).locator(".num").textContent())?.replace(/,/g, ""));
    // 8 items × 2 labelers × 3 pairs, and the two labelers agree: dedupe keeps 24 rows.
    expect(previewRows).toBe(24);
    expect((await splitCount("train")) + (await splitCount("test"))).toBe(24);
    expect(await splitCount("test")).toBeGreaterThan(0);
    await shot(page, "10-export-preview");
    expect.soft(a11ySummary(await checkA11y(page, "console-export-preview")), "axe: console-export-preview").toEqual([]);

    // --- run it and watch it move ---
    await recordProgress(page, '[data-testid="export-item"] [role="progressbar"]');
    await page.getByTestId("export-start").click();
    const item = page.getByTestId("export-item").first();
    await expect.poll(() => item.getAttribute("data-status"), { timeout: 15_000 }).toBe("RUNNING");
    await expect.poll(() => item.getByTestId("export-progress").getAttribute("aria-valuenow"), { timeout: 10_000 }).toMatch(/^[1-9]\d?$/);
    await shot(page, "11-export-running", false);
    await expect.poll(() => item.getAttribute("data-status"), { timeout: 30_000 }).toBe("COMPLETED");
    const seen = await recordedProgress(page);
    expect(
      seen.some((s) => /^([1-9]\d?):RUNNING$/.test(s)),
      `progress seen: ${seen.join(" ")}`,
    ).toBe(true);
    const exportId = (await item.getAttribute("data-export-id")) ?? "";
    const apiView = (
      await ctx.app.inject({ method: "GET", url: `/api/v1/exports/${exportId}`, headers: engineer.headers })
    ).json() as TExport;
    expect(apiView.files.reduce((n, f) => n + f.rows, 0)).toBe(previewRows);

    // A trainer reports in: the run and its latest metrics show under the export.
    const run = await ctx.app.prisma.trainingRun.create({ data: { exportId, projectId: exportProjectId } });
    const event = await ctx.app.inject({
      method: "POST",
      url: `/api/v1/training-runs/${run.id}/events`,
      headers: engineer.headers,
      payload: { status: "RUNNING", step: 120, metrics: { loss: 0.41, accuracy: 0.83 }, trainer: "trl on gpu-node-3" },
    });
    expect(event.statusCode, event.body).toBe(201);

    // --- details: files, download, code, manifest, training runs ---
    const detail = item.getByTestId("export-detail");
    if (!(await detail.isVisible())) await item.getByTestId("export-toggle").click();
    await item.getByTestId("export-files").waitFor();
    const [download] = await Promise.all([page.waitForEvent("download"), item.getByTestId("download-train").click()]);
    const bytes = await readFile((await download.path()) ?? "");
    const trainFile = apiView.files.find((f) => f.split === "train");
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(trainFile?.sha256);
    const rows = bytes
      .toString("utf8")
      .trim()
      .split("\n")
      .map(
        (l) =>
          JSON.parse(l) as { prompt: { role: string; content: string }[]; chosen: { content: string }[]; rejected: { content: string }[] },
      );
    expect(rows).toHaveLength(trainFile?.rows ?? -1);
    for (const row of rows) {
      expect(Object.keys(row)).toEqual(["prompt", "chosen", "rejected"]);
      expect(row.prompt[0]?.content).toMatch(/^Explain idea \d to a newcomer\.$/);
      // Every labeler ranked clear > vague > wrong.
      const order = ["A clear", "Something about", "A wrong"];
      const rank = (text = "") => order.findIndex((o) => text.startsWith(o));
      expect(rank(row.chosen[0]?.content)).toBeLessThan(rank(row.rejected[0]?.content));
    }

    await item.getByTestId("snippet-tab-python").click();
    const python = (await item.getByTestId("snippet-code").textContent()) ?? "";
    expect(python).toContain('load_dataset("json", data_files=data_files)');
    expect(python).toContain(`${webUrl}/api/v1/exports/${exportId}`);
    await item.getByTestId("snippet-tab-trainer").click();
    expect(await item.getByTestId("snippet-code").textContent()).toContain("RewardTrainer(");
    await item.getByTestId("snippet-tab-curl").click();
    expect(await item.getByTestId("snippet-code").textContent()).toContain(`${trainFile?.sha256}  train.jsonl`);
    await item.getByTestId("manifest-toggle").click();
    await expect.poll(() => item.getByTestId("manifest").textContent()).toContain(`"export_id": "${exportId}"`);
    // Re-open so the training runs are read again, now that one exists.
    await item.getByTestId("export-toggle").click();
    await item.getByTestId("export-toggle").click();
    await expect.poll(() => item.getByTestId("training-runs").textContent()).toContain("loss=0.4100");
    await item.getByTestId("snippet-tab-python").click();
    await shot(page, "12-export-done");
    expect.soft(a11ySummary(await checkA11y(page, "console-export-done")), "axe: console-export-done").toEqual([]);

    // --- every project's exports in one list ---
    await page.locator('nav[aria-label="Main"]').getByRole("link", { name: "Exports" }).click();
    await page.waitForURL(`${webUrl}/exports`);
    await expect.poll(() => page.getByTestId("export-item").count()).toBe(1);
    await shot(page, "13-all-exports");
    expect.soft(a11ySummary(await checkA11y(page, "console-all-exports")), "axe: console-all-exports").toEqual([]);

    // --- an API token: shown once, works, revoked, stops working ---
    await page.getByRole("link", { name: "API tokens" }).click();
    await page.waitForURL(`${webUrl}/settings/tokens`);
    const before = await page.getByTestId("token-row").count(); // the fixture's own token
    await page.getByTestId("token-name").fill("gpu cluster");
    await page.getByTestId("token-create").click();
    const secret = (await page.getByTestId("token-secret").textContent()) ?? "";
    expect(secret.length).toBeGreaterThan(20);
    await expect.poll(() => page.getByTestId("token-row").count()).toBe(before + 1);
    const me = await fetch(`${webUrl}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { user: { email: string } }).user.email).toBe(engineer.email);
    await shot(page, "14-token-created");

    await page.reload();
    expect(await page.getByTestId("token-secret").count()).toBe(0); // never shown again
    const row = page.locator('[data-testid="token-row"]', { hasText: "gpu cluster" });
    await expect.poll(() => row.locator("td").nth(3).textContent()).toMatch(/UTC$/); // last used: just now
    await row.getByTestId("token-revoke").click();
    await row.getByTestId("token-revoke-confirm").click();
    await expect.poll(() => row.getAttribute("data-state")).toBe("revoked");
    expect((await fetch(`${webUrl}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(401);
    await shot(page, "15-token-revoked");

    // --- a running export can be cancelled, and finished ones deleted ---
    await page.goto(`${webUrl}/projects/${exportProjectId}/exports`);
    await expect.poll(() => page.getByTestId("export-start").isEnabled()).toBe(true);
    await page.getByTestId("export-start").click();
    const newest = page.getByTestId("export-item").first();
    await expect.poll(() => newest.getAttribute("data-export-id")).not.toBe(exportId);
    const cancelledId = (await newest.getAttribute("data-export-id")) ?? "";
    await newest.getByTestId("export-cancel").click();
    await expect.poll(() => newest.getAttribute("data-status"), { timeout: 15_000 }).toBe("CANCELLED");
    expect(await newest.getByTestId("export-cancel").count()).toBe(0);
    await newest.getByTestId("export-delete").click(); // its details are open: it was just started here
    await newest.getByTestId("export-delete-confirm").click();
    await expect.poll(() => page.getByTestId("export-item").count()).toBe(1);
    const done = page.getByTestId("export-item").first();
    await done.getByTestId("export-toggle").click();
    await done.getByTestId("export-delete").click();
    await done.getByTestId("export-delete-confirm").click();
    await page.getByTestId("exports-empty").waitFor();
    expect(await ctx.app.prisma.export.count({ where: { id: { in: [exportId, cancelledId] } } })).toBe(0);
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
