/**
 * Labeler quality end to end, in a real browser against the real API: a researcher sets the quality
 * rules and builds a screening test (settings, JSONL import of screening items, gold answers entered
 * with the labeler's own form); two labelers take it, one passes and one fails; the one who passed
 * labels live items with honeypots mixed in; the researcher's Quality tab shows their figures and
 * tier exactly as the API reports them. Throughout, every byte the labelers' browsers receive
 * (HTML, RSC payloads, JSON, JS chunks) is checked for the gold answers' distinctive values.
 * Runs the built web app (`next build` first).
 */
import type { TAgreementReport, TFormDefinitionInput, TLabelerAgreement, TMemberStatus } from "@rankwise/shared";
import type { BrowserContext, Locator, Page, Response } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from "vitest";
import { createUser, importItems, PASSWORD, type TTestUser } from "../../apps/api/test/helpers/fixtures.ts";
import { a11ySummary, checkA11y } from "./axe.ts";
import { shot as harnessShot, signIn, startHarness, type THarness } from "./labeler-harness.ts";

const FORM: TFormDefinitionInput = {
  questions: [
    { id: "overall", type: "ranking", title: "Rank the responses from best to worst", criterion: "helpful" },
    {
      id: "quality",
      type: "rating",
      title: "How correct is each response?",
      min: 1,
      max: 5,
      labels: { "1": "Wrong", "3": "Partly right", "5": "Fully correct" },
      criterion: "honest",
    },
    { id: "why", type: "text", title: "Anything worth noting?", required: false, maxLength: 400 },
  ],
};

type TGold = { overall: string[]; quality: Record<string, number>; why: string };

/** Items whose response ids say which item they are, so the test can answer them in any display order. */
function item(externalId: string, prefix: string, prompt: string, contents: [string, string, string]) {
  return {
    external_id: externalId,
    prompt,
    responses: contents.map((content, i) => ({ id: `${prefix}-${["alpha", "beta", "gamma"][i]}`, content })),
  };
}

const SCREENING = [
  item("screen-arith", "s1", "What is 12 × 12?", ["144.", "124, since 12 × 12 is about 120.", "It is 144: 12 × 10 + 12 × 2 = 120 + 24."]),
  item("screen-capital", "s2", "What is the capital of Australia?", ["Sydney.", "Canberra.", "Canberra — not Sydney, which is larger."]),
  item("screen-boil", "s3", "At what temperature does water boil at sea level?", ["100 °C (212 °F).", "90 °C.", "About 100 °C."]),
];

/** Distinctive gold: orders and notes that appear nowhere else, so finding one anywhere is a leak. */
const SCREENING_GOLD: Record<string, TGold> = {
  "screen-arith": {
    overall: ["s1-gamma", "s1-alpha", "s1-beta"],
    quality: { "s1-alpha": 4, "s1-beta": 1, "s1-gamma": 5 },
    why: "GOLDNOTE-ARITH-7Q2X distributive check",
  },
  "screen-capital": {
    overall: ["s2-gamma", "s2-beta", "s2-alpha"],
    quality: { "s2-alpha": 1, "s2-beta": 4, "s2-gamma": 5 },
    why: "GOLDNOTE-CAPITAL-K9V3 Sydney trap",
  },
  "screen-boil": {
    overall: ["s3-alpha", "s3-gamma", "s3-beta"],
    quality: { "s3-alpha": 5, "s3-beta": 1, "s3-gamma": 4 },
    why: "GOLDNOTE-BOIL-P4M8 units given",
  },
};

const LIVE = Array.from({ length: 6 }, (_, i) =>
  item(`live-${i + 1}`, `l${i + 1}`, `Explain idea number ${i + 1} to a beginner.`, [
    `A short take on idea ${i + 1}.`,
    `A longer, careful explanation of idea ${i + 1} with an example.`,
    `An off-topic answer about something else (${i + 1}).`,
  ]),
);
const HONEYPOTS = [
  item("honey-1", "h1", "What is 9 + 10?", ["21.", "19.", "Nineteen (19)."]),
  item("honey-2", "h2", "Name the largest planet.", ["Jupiter.", "Saturn.", "Jupiter, by mass and size."]),
];
const HONEYPOT_GOLD: Record<string, TGold> = {
  "honey-1": {
    overall: ["h1-gamma", "h1-beta", "h1-alpha"],
    quality: { "h1-alpha": 1, "h1-beta": 5, "h1-gamma": 5 },
    why: "GOLDNOTE-HONEY-ONE-Z7W1",
  },
  "honey-2": {
    overall: ["h2-gamma", "h2-alpha", "h2-beta"],
    quality: { "h2-alpha": 5, "h2-beta": 1, "h2-gamma": 5 },
    why: "GOLDNOTE-HONEY-TWO-R2D5",
  },
};

const ALL_GOLD: TGold[] = [...Object.values(SCREENING_GOLD), ...Object.values(HONEYPOT_GOLD)];

/**
 * The strings that would give a gold answer away, as they would appear serialized: the note, the
 * ranking as `[["x"],["y"],["z"]]`, and the ratings as one object (jsonb orders equal-length keys
 * alphabetically, as here).
 */
const LEAK_MARKERS = ALL_GOLD.flatMap((g) => [
  g.why,
  JSON.stringify(g.overall.map((id) => [id])),
  JSON.stringify(Object.fromEntries(Object.entries(g.quality).sort(([a], [b]) => a.localeCompare(b)))),
]);
const STATUS_LABEL: Record<TMemberStatus, string> = {
  INVITED: "Invited",
  SCREENING: "Screening",
  QUALIFIED: "Qualified",
  FAILED: "Failed screening",
  SUPER_RATER: "Super rater",
  SUSPENDED: "Suspended",
};

let harness: THarness | undefined;
let researcher: TTestUser;
let passer: TTestUser;
let failer: TTestUser;
let peer: TTestUser;
let projectId = "";

function api(method: "GET" | "POST" | "PUT", url: string, user: TTestUser, payload?: unknown) {
  if (!harness) throw new Error("setup failed");
  return harness.ctx.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: user.headers,
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
}

beforeAll(async () => {
  harness = await startHarness();
  const { app } = harness.ctx;
  researcher = await createUser(app, "RESEARCHER");
  passer = await createUser(app, "LABELER", { email: `pat-passes-${Date.now()}@test.rankwise.dev` });
  failer = await createUser(app, "LABELER", { email: `fay-fails-${Date.now()}@test.rankwise.dev` });
  peer = await createUser(app, "LABELER", { email: `pia-peer-${Date.now()}@test.rankwise.dev` });
  const created = await api("POST", "/projects", researcher, {
    name: "Support answers — quality pilot",
    guidelines: "Rank by **correctness**, then clarity. Rate each response for how correct it is.",
    overlap: 2,
    leaseSeconds: 900,
  });
  expect(created.statusCode, created.body).toBe(201);
  projectId = created.json<{ id: string }>().id;
  const form = await api("PUT", `/projects/${projectId}/form`, researcher, { definition: FORM });
  expect(form.statusCode, form.body).toBe(200);
  const live = await importItems(app, projectId, researcher, [...LIVE, ...HONEYPOTS.map((h) => ({ ...h, role: "honeypot" }))]);
  expect(live.statusCode, live.body).toBe(200);
  // Honeypot gold is seeded through the API; the screening test's gold is entered in the browser.
  const honeypots = await app.prisma.item.findMany({ where: { projectId, role: "HONEYPOT" } });
  expect(honeypots).toHaveLength(2);
  for (const h of honeypots) {
    const gold = HONEYPOT_GOLD[h.externalId];
    if (!gold) throw new Error(`no gold for ${h.externalId}`);
    const res = await api("PUT", `/items/${h.id}/gold`, researcher, { answers: goldAnswers(gold) });
    expect(res.statusCode, res.body).toBe(200);
  }
}, 120_000);

afterAll(async () => {
  await harness?.stop();
}, 60_000);

/** Full-page shots start from the top, so the sticky header sits where a person sees it. */
async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await harnessShot(page, name);
}

function goldAnswers(g: TGold) {
  return { overall: g.overall.map((id) => [id]), quality: g.quality, why: g.why };
}

// ---------- browser helpers ----------

/** A fresh page with the HTTP cache off, so every resource the user gets is fetched (and recorded). */
/** One response a browser received, with what its request sent. */
type TReceived = { url: string; body: string; sent: string };

/** A fresh page with the HTTP cache off, so every resource the user gets is fetched (and recorded). */
async function freshPage(context: BrowserContext, name: string): Promise<{ page: Page; bodies: () => Promise<TReceived[]> }> {
  await context.clearCookies();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  const pending: Promise<TReceived>[] = [];
  page.on("response", (res: Response) => {
    const base = { url: res.url(), sent: res.request().postData() ?? "" };
    pending.push(
      res.body().then(
        (b) => ({ ...base, body: b.toString("utf8") }),
        () => ({ ...base, body: "" }),
      ),
    );
  });
  const errors: string[] = [];
  page.on("pageerror", (err) => errors.push(err.message));
  onTestFailed(async () => {
    await shot(page, `quality-failed-${name}`).catch(() => {});
  });
  return {
    page,
    bodies: async () => {
      expect(errors, `uncaught errors in ${name}'s page`).toEqual([]);
      return Promise.all(pending);
    },
  };
}

/**
 * Gold markers found in what a browser received. A response that only echoes what its own request
 * sent (a labeler who answered a honeypot exactly right gets their answer back) is not a leak; the
 * gold notes are never typed by a labeler, so they count everywhere.
 */
function leaksIn(received: TReceived[]): string[] {
  return received.flatMap((r) => LEAK_MARKERS.filter((m) => r.body.includes(m) && !r.sent.includes(m)).map((m) => `${m} in ${r.url}`));
}

function rowIds(scope: Locator): Promise<string[]> {
  return scope.locator('[data-testid="rank-row"]').evaluateAll((els) => els.map((el) => el.getAttribute("data-response-id") ?? ""));
}

/** Places each response with the digit keys (focus its row, press its position), then checks the order. */
async function answerRanking(scope: Locator, order: string[]): Promise<void> {
  for (const [i, id] of order.entries()) {
    await scope.locator(`[data-testid="rank-row"][data-response-id="${id}"]`).focus();
    await scope.page().keyboard.press(String(i + 1));
  }
  expect(await rowIds(scope)).toEqual(order);
}

async function answerRatings(scope: Locator, ratings: Record<string, number>): Promise<void> {
  for (const [id, value] of Object.entries(ratings)) {
    await scope.locator(`input[type="radio"][name$="-quality-${id}"][value="${value}"]`).check({ force: true });
  }
}

/** The gold answer, or (for the labeler who should fail) the ranking reversed and every rating flipped. */
function answersFor(g: TGold, right: boolean): { overall: string[]; quality: Record<string, number> } {
  if (right) return g;
  return { overall: [...g.overall].reverse(), quality: Object.fromEntries(Object.entries(g.quality).map(([k, v]) => [k, 6 - v])) };
}

/** Which screening item a section shows, from its response ids. */
async function externalIdOf(section: Locator, gold: Record<string, TGold>): Promise<string> {
  const ids = await rowIds(section);
  const found = Object.entries(gold).find(([, g]) => g.overall.includes(ids[0] ?? ""));
  if (!found) throw new Error(`unknown item with responses ${ids.join(", ")}`);
  return found[0];
}

async function takeScreening(page: Page, webUrl: string, user: TTestUser, right: boolean, name: string): Promise<void> {
  await signIn(page, webUrl, user.email, PASSWORD);
  await page.getByTestId("start-labeling").click();
  await page.waitForURL(`${webUrl}/label/${projectId}/screening`);
  await page.getByTestId("screening-intro").waitFor();
  expect(await page.getByTestId("screening-intro").textContent()).toContain("Score at least 70%");
  if (right) await shot(page, "quality-03-screening-intro");
  if (right) expect.soft(a11ySummary(await checkA11y(page, "screening-intro")), "axe: screening-intro").toEqual([]);
  await page.getByTestId("screening-start").click();
  await expect.poll(() => page.getByTestId("screening-item").count()).toBe(3);
  expect(await page.getByTestId("screening-timer").textContent()).toMatch(/^\d+:\d\d left$/);
  const sections = await page.getByTestId("screening-item").all();
  for (const [i, section] of sections.entries()) {
    const gold = SCREENING_GOLD[await externalIdOf(section, SCREENING_GOLD)] as TGold;
    const answer = answersFor(gold, right);
    await answerRanking(section, answer.overall);
    await answerRatings(section, answer.quality);
    if (i === 0) await section.getByTestId("text-answer").fill(`${name}'s own note on this one`);
  }
  await expect.poll(() => page.getByTestId("screening-progress").textContent()).toBe("3 of 3 items complete");
  if (right) await shot(page, "quality-04-screening-test");
  if (right) expect.soft(a11ySummary(await checkA11y(page, "screening-test")), "axe: screening-test").toEqual([]);
  await page.getByTestId("screening-submit").click();
  await page.getByTestId("screening-result").waitFor();
}

async function labelLiveQueue(page: Page): Promise<{ live: number; honeypots: string[] }> {
  const seen = { live: 0, honeypots: [] as string[] };
  for (let n = 0; n < 20; n++) {
    const task = page.getByTestId("task");
    const empty = page.getByTestId("queue-empty");
    await expect.poll(async () => (await task.count()) + (await empty.count()), { timeout: 15_000 }).toBeGreaterThan(0);
    if ((await empty.count()) > 0) return seen;
    const assignment = await task.getAttribute("data-assignment-id");
    const ids = await rowIds(task);
    const honey = Object.entries(HONEYPOT_GOLD).find(([, g]) => g.overall.includes(ids[0] ?? ""));
    if (honey) {
      seen.honeypots.push(honey[0]);
      await answerRanking(task, honey[1].overall);
      await answerRatings(task, honey[1].quality);
    } else {
      seen.live += 1;
      // Live items: the careful answer (beta) first, the off-topic one (gamma) last.
      const byRole = (suffix: string) => ids.find((id) => id.endsWith(suffix)) as string;
      await answerRanking(task, [byRole("beta"), byRole("alpha"), byRole("gamma")]);
      await answerRatings(task, { [byRole("alpha")]: 3, [byRole("beta")]: 5, [byRole("gamma")]: 1 });
    }
    if (n === 0) await shot(page, "quality-06-labeling-live");
    await page.getByTestId("submit-answers").click();
    await expect
      .poll(() =>
        page.evaluate(
          () =>
            document.querySelector('[data-testid="task"]')?.getAttribute("data-assignment-id") ??
            (document.querySelector('[data-testid="queue-empty"]') ? "empty" : null),
        ),
      )
      .not.toBe(assignment);
  }
  throw new Error("the queue never ran out");
}

/** The peer labels every live item through the API, close to the passer, so peer agreement and α exist. */
async function peerLabelsEverything(): Promise<void> {
  for (let n = 0; n < 20; n++) {
    const next = await api("GET", `/projects/${projectId}/tasks/next`, peer);
    if (next.statusCode === 204) return;
    expect(next.statusCode, next.body).toBe(200);
    const task = next.json<{ assignmentId: string; item: { responses: { id: string }[] } }>();
    const ids = task.item.responses.map((r) => r.id);
    const byRole = (suffix: string) => ids.find((id) => id.endsWith(suffix)) as string;
    const answers = {
      overall: [[byRole("beta")], [byRole("alpha")], [byRole("gamma")]],
      quality: { [byRole("alpha")]: n % 2 === 0 ? 3 : 2, [byRole("beta")]: 5, [byRole("gamma")]: 1 },
    };
    const res = await api("POST", `/assignments/${task.assignmentId}/annotations`, peer, { answers, durationMs: 20_000 });
    expect(res.statusCode, res.body).toBe(201);
  }
  throw new Error("the peer's queue never ran out");
}

function percentText(x: number | null): string {
  return x === null ? "—" : `${Math.round(x * 100)}%`;
}

describe("labeler quality journey", () => {
  it("screening test set up in the browser, one labeler passes and one fails, honeypots mixed in, figures match the API, gold never leaks", async () => {
    if (!harness) throw new Error("setup failed");
    const { context, webUrl, ctx } = harness;

    // ---------- 1. researcher: quality rules, screening settings, screening items and their gold ----------
    const r = await freshPage(context, "researcher");
    const rp = r.page;
    await signIn(rp, webUrl, researcher.email, PASSWORD);
    await rp.goto(`${webUrl}/projects/${projectId}/quality`);
    const rules = rp.getByTestId("quality-rules");
    await rules.waitFor();
    await rules.getByTestId("quality-honeypot-rate").fill("75");
    await rules.getByTestId("quality-promote-items").fill("1");
    await rules.getByTestId("quality-require-peer").uncheck();
    await rules.getByTestId("quality-rules-save").click();
    await expect.poll(() => rules.getByTestId("quality-rules-message").textContent()).toBe("Rules saved.");
    const savedRules = (await api("GET", `/projects/${projectId}/quality`, researcher)).json();
    expect(savedRules).toMatchObject({ honeypotRate: 0.75, promotion: { minGoldItems: 1, minPeerAgreement: null } });

    await rp.getByTestId("tab-screening").click();
    await rp.waitForURL(`${webUrl}/projects/${projectId}/screening`);
    const settings = rp.getByTestId("screening-settings");
    await settings.waitFor();
    expect(await settings.getByTestId("screening-state").textContent()).toBe("Not set up");
    await settings.getByTestId("screening-pass").fill("70");
    await settings.getByTestId("screening-attempts").fill("1");
    await settings.getByTestId("screening-time-limited").check();
    await settings.getByTestId("screening-minutes").fill("10");
    await settings.getByTestId("screening-save").click();
    await expect.poll(() => settings.getByTestId("screening-message").textContent()).toContain("Saved");
    const test = (await api("GET", `/projects/${projectId}/screening`, researcher)).json();
    expect(test).toMatchObject({
      configured: true,
      enabled: true,
      passThreshold: 0.7,
      maxAttempts: 1,
      timeLimitSeconds: 600,
      showFeedback: true,
    });

    // Screening items arrive as plain JSONL; the tab adds role "screening".
    const list = rp.getByTestId("gold-items-screening");
    await list.getByTestId("gold-import").locator("summary").click();
    await list.getByTestId("gold-import-text").fill(SCREENING.map((s) => JSON.stringify(s)).join("\n"));
    await list.getByTestId("gold-import-submit").click();
    await expect.poll(() => list.getByTestId("gold-import-result").textContent()).toContain("3 items added");
    await expect.poll(() => list.getByTestId("gold-item-row").count()).toBe(3);
    expect(await ctx.app.prisma.item.count({ where: { projectId, role: "SCREENING" } })).toBe(3);

    for (const [n, s] of SCREENING.entries()) {
      const row = list.locator(`[data-testid="gold-item-row"][data-external-id="${s.external_id}"]`);
      expect(await row.getAttribute("data-has-gold")).toBe("false");
      await row.getByTestId("gold-edit").click();
      const editor = rp.getByTestId("gold-editor");
      await editor.waitFor();
      const gold = SCREENING_GOLD[s.external_id] as TGold;
      if (n === 0) {
        // Saving with ratings missing is refused on the spot, on the question.
        await editor.getByTestId("gold-save").click();
        await editor.getByTestId("gold-error").waitFor();
        expect(await editor.locator('[data-question-id="quality"] [data-testid="question-error"]').count()).toBe(1);
      }
      await answerRanking(editor, gold.overall);
      await answerRatings(editor, gold.quality);
      await editor.getByTestId("text-answer").fill(gold.why);
      await editor.getByTestId("gold-save").click();
      await expect
        .poll(() =>
          editor
            .getByTestId("gold-saved")
            .textContent()
            .catch(() => ""),
        )
        .toContain("Gold saved");
      await expect.poll(() => row.getAttribute("data-has-gold")).toBe("true");
      if (n === SCREENING.length - 1) await shot(rp, "quality-01-gold-editor");
    }
    const stored = await ctx.app.prisma.goldAnswer.findMany({ where: { item: { projectId, role: "SCREENING" } }, include: { item: true } });
    expect(Object.fromEntries(stored.map((g) => [g.item.externalId, g.answers]))).toEqual(
      Object.fromEntries(Object.entries(SCREENING_GOLD).map(([k, g]) => [k, goldAnswers(g)])),
    );
    await rp.getByTestId("gold-close").click();
    // Reopened, the editor shows the saved gold (read back from the API).
    const first = SCREENING[0]?.external_id as string;
    await list.locator(`[data-testid="gold-item-row"][data-external-id="${first}"]`).getByTestId("gold-edit").click();
    const reopened = rp.getByTestId("gold-editor");
    await expect
      .poll(() =>
        reopened
          .getByTestId("text-answer")
          .inputValue()
          .catch(() => ""),
      )
      .toBe(SCREENING_GOLD[first]?.why);
    expect(await rowIds(reopened)).toEqual(SCREENING_GOLD[first]?.overall);
    await reopened.getByTestId("gold-close").click();
    await expect.poll(() => rp.getByTestId("screening-counts").textContent()).toContain("3 screening items, 3 with gold");
    await shot(rp, "quality-02-screening-tab");

    // Labelers join while the test is on, so they start Invited. The peer is qualified by hand.
    for (const u of [passer, failer, peer]) {
      const added = await api("POST", `/projects/${projectId}/members`, researcher, { email: u.email });
      expect(added.statusCode, added.body).toBe(201);
      expect(added.json().status).toBe("INVITED");
    }
    const byHand = await api("POST", `/projects/${projectId}/members/${peer.id}/status`, researcher, {
      status: "QUALIFIED",
      reason: "trusted in-house annotator",
    });
    expect(byHand.statusCode, byHand.body).toBe(200);

    // ---------- 2. the labeler who passes: screening, then live work with honeypots ----------
    const p = await freshPage(context, "passer");
    await takeScreening(p.page, webUrl, passer, true, "Pat");
    const passed = p.page.getByTestId("screening-result");
    expect(await passed.getAttribute("data-passed")).toBe("true");
    expect(await p.page.getByTestId("screening-score").textContent()).toBe("100%");
    expect(await p.page.getByTestId("screening-feedback-question").count()).toBe(6); // ranking + rating on 3 items; text is not scored
    expect(await p.page.locator('[data-testid="screening-feedback-question"][data-correct="true"]').count()).toBe(6);
    await shot(p.page, "quality-05-screening-passed");
    expect.soft(a11ySummary(await checkA11y(p.page, "screening-result-passed")), "axe: screening-result-passed").toEqual([]);
    await p.page.getByTestId("screening-start-labeling").click();
    await p.page.waitForURL(`${webUrl}/label/${projectId}`);
    const done = await labelLiveQueue(p.page);
    expect(done.live).toBe(LIVE.length);
    expect(done.honeypots.length, "75% honeypot rate over 6 live tasks").toBeGreaterThan(0);
    await shot(p.page, "quality-07-queue-done");
    const passerBodies = await p.bodies();
    await p.page.close();

    await peerLabelsEverything();

    // ---------- 3. the labeler who fails: wrong answers, one attempt, then a clear message ----------
    const f = await freshPage(context, "failer");
    await takeScreening(f.page, webUrl, failer, false, "Fay");
    const failed = f.page.getByTestId("screening-result");
    expect(await failed.getAttribute("data-passed")).toBe("false");
    const failScore = Number((await f.page.getByTestId("screening-score").textContent())?.replace("%", ""));
    expect(failScore).toBeLessThan(70);
    expect(await f.page.getByTestId("screening-attempts-left").textContent()).toContain("No attempts are left");
    expect(await f.page.locator('[data-testid="screening-feedback-question"][data-correct="false"]').count()).toBeGreaterThan(0);
    await shot(f.page, "quality-08-screening-failed");
    expect.soft(a11ySummary(await checkA11y(f.page, "screening-result-failed")), "axe: screening-result-failed").toEqual([]);
    await f.page.goto(`${webUrl}/label/${projectId}`);
    const notice = f.page.getByTestId("screening-notice");
    await notice.waitFor();
    expect(await notice.getAttribute("data-status")).toBe("FAILED");
    expect(await notice.textContent()).toContain("You did not pass the screening test");
    await shot(f.page, "quality-09-failed-notice");
    expect.soft(a11ySummary(await checkA11y(f.page, "screening-failed-notice")), "axe: screening-failed-notice").toEqual([]);
    const failerBodies = await f.bodies();
    await f.page.close();

    // ---------- 4. researcher: the Quality tab shows what the API reports ----------
    await context.clearCookies();
    await signIn(rp, webUrl, researcher.email, PASSWORD);
    await rp.goto(`${webUrl}/projects/${projectId}/quality`);
    await rp.getByTestId("labeler-table").waitFor();
    const report = (await api("GET", `/projects/${projectId}/agreement`, researcher)).json<TAgreementReport>();
    const reported = (u: TTestUser) => report.labelers.human.find((l) => l.userId === u.id) as TLabelerAgreement;
    const pat = reported(passer);
    expect(pat.status === "QUALIFIED" || pat.status === "SUPER_RATER").toBe(true);
    expect(pat.goldCount).toBe(done.honeypots.length);
    expect(pat.goldAgreement).toBe(1);
    expect(pat.peerAgreement).not.toBeNull();
    const members = (await api("GET", `/projects/${projectId}/quality/members`, researcher)).json<{
      members: { userId: string; status: string }[];
    }>();
    expect(members.members.find((m) => m.userId === failer.id)?.status).toBe("FAILED");

    for (const u of [passer, peer]) {
      const l = reported(u);
      const row = rp.locator(`[data-testid="labeler-row"][data-user-id="${u.id}"]`);
      expect(await row.getAttribute("data-status")).toBe(l.status ?? "");
      const cells = await row.locator("td").allTextContents();
      expect(cells[1]).toBe(STATUS_LABEL[l.status as TMemberStatus]);
      expect(cells[2]).toBe(String(l.annotations));
      expect(cells[3]).toBe(`${percentText(l.goldAgreement)}n=${l.goldCount}`);
      expect(cells[4]).toBe(`${percentText(l.peerAgreement)}n=${l.peerItems}`);
    }
    const alphas = await rp
      .getByTestId("alpha-criterion")
      .evaluateAll((els) => els.map((el) => el.querySelector(".stat-value")?.textContent ?? ""));
    expect(alphas).toEqual(report.criteria.map((c) => (c.human.alpha === null ? "—" : c.human.alpha.toFixed(2))));
    await shot(rp, "quality-10-quality-tab");
    const researcherBodies = await r.bodies();

    // ---------- 5. no gold in anything a labeler received; the researcher's page did get it ----------
    expect(passerBodies.length).toBeGreaterThan(20);
    expect(passerBodies.some((b) => b.url.includes("/_next/static/"))).toBe(true);
    expect(leaksIn(passerBodies), "gold seen by the labeler who passed").toEqual([]);
    expect(leaksIn(failerBodies), "gold seen by the labeler who failed").toEqual([]);
    // The check does find gold: the researcher's browser read it back when the editor was reopened.
    const control = leaksIn(researcherBodies);
    expect(control.some((m) => m.startsWith(`${SCREENING_GOLD[first]?.why} in `) && /\/api\/v1\/items\/[^/]+\/gold$/.test(m))).toBe(true);
  }, 240_000);
});
