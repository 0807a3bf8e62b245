/**
 * In a real browser: model responses with fenced code in several languages are highlighted by the
 * lazily loaded highlighter (under the strict nonce CSP), a hostile ```html block stays text and
 * runs nothing, unknown languages stay plain, and the page passes axe (token colour contrast too).
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addLabeler, createTestProject, createUser, importItems, PASSWORD, type TTestUser } from "../../apps/api/test/helpers/fixtures.ts";
import { a11ySummary, checkA11y } from "./axe.ts";
import { shot, signIn, startHarness, type THarness } from "./labeler-harness.ts";

const PYTHON_JSON = [
  "Read the file and count words:",
  "",
  "```python",
  "from collections import Counter",
  "",
  "def count_words(path: str) -> Counter:",
  '    """Counts words, case-insensitively."""',
  "    with open(path) as f:  # closes itself",
  "        return Counter(f.read().lower().split())",
  "```",
  "",
  "The result as JSON:",
  "",
  "```json",
  '{ "the": 12, "ok": true, "ratio": 0.5, "tags": null }',
  "```",
].join("\n");

const TS_BASH = [
  "In TypeScript:",
  "",
  "```ts",
  "export async function countWords(path: string): Promise<Map<string, number>> {",
  '  const text = await readFile(path, "utf8");',
  "  const counts = new Map<string, number>();",
  "  for (const w of text.toLowerCase().split(/\\s+/)) counts.set(w, (counts.get(w) ?? 0) + 1);",
  "  return counts; // a Map keeps insertion order",
  "}",
  "```",
  "",
  "Run it:",
  "",
  "```bash",
  "# install, then run",
  'npx tsx count.ts "$HOME/notes.txt" | sort -k2 -nr > out.txt',
  "```",
].join("\n");

const HOSTILE = [
  "Paste this into your page:",
  "",
  "```html",
  "<script>window.__xss = 1</script>",
  '<img src="x" onerror="window.__xss = 2">',
  "```",
  "",
  "```brainfuck",
  "++++[>++++<-]>.",
  "```",
].join("\n");

let harness: THarness | undefined;
let labeler: TTestUser;
let projectId = "";

beforeAll(async () => {
  harness = await startHarness();
  const { ctx } = harness;
  const researcher = await createUser(ctx.app, "RESEARCHER");
  labeler = await createUser(ctx.app, "LABELER");
  const project = await createTestProject(ctx.app, researcher, { name: "Code answers" });
  projectId = project.id;
  await addLabeler(ctx.app, projectId, labeler);
  const imported = await importItems(ctx.app, projectId, researcher, [
    {
      external_id: "code-1",
      prompt: "Count the words in a text file.",
      responses: [
        { id: "py", content: PYTHON_JSON },
        { id: "ts", content: TS_BASH },
        { id: "hostile", content: HOSTILE },
      ],
    },
  ]);
  expect(imported.statusCode, imported.body).toBe(200);
}, 120_000);

afterAll(async () => {
  await harness?.stop();
}, 60_000);

function card(page: Page, id: string) {
  return page.locator(`[data-testid="response-card"][data-response-id="${id}"]`);
}

describe("code in model output", () => {
  it("highlights fenced code lazily, keeps hostile code as text, and passes axe", async () => {
    if (!harness) throw new Error("setup failed");
    const { context, webUrl } = harness;
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (err) => pageErrors.push(err.message));
    const scripts: string[] = [];
    page.on("response", (res) => {
      if (res.request().resourceType() === "script") scripts.push(res.url());
    });
    // Collects CSP violations from the start (init scripts run through DevTools, not as inline scripts).
    await page.addInitScript(() => {
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener("securitypolicyviolation", (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
    });

    await signIn(page, webUrl, labeler.email, PASSWORD);
    await page.goto(`${webUrl}/label/${projectId}`);
    await expect.poll(() => page.locator('[data-testid="response-card"]').count()).toBe(3);

    // Every named language gets token spans once its grammar has loaded.
    for (const [id, lang] of [
      ["py", "python"],
      ["py", "json"],
      ["ts", "ts"],
      ["ts", "bash"],
      ["hostile", "html"],
    ] as const) {
      const code = card(page, id).locator(`pre code.language-${lang}`);
      await expect.poll(() => code.getAttribute("class"), { timeout: 10_000 }).toBe(`language-${lang} hljs`);
      expect(await code.locator("span[class^='hljs-']").count(), `${lang} tokens`).toBeGreaterThan(1);
    }
    const py = card(page, "py").locator("pre code.language-python");
    expect(await py.locator("span.hljs-keyword").allTextContents()).toEqual(
      expect.arrayContaining(["from", "import", "def", "with", "return"]),
    );
    expect(await py.locator("span.hljs-comment").allTextContents()).toEqual(["# closes itself"]);
    const ts = card(page, "ts").locator("pre code.language-ts");
    expect(await ts.locator("span.hljs-keyword").allTextContents()).toEqual(
      expect.arrayContaining(["export", "async", "function", "const"]),
    );
    expect(await ts.locator("span.hljs-built_in").allTextContents()).toEqual(expect.arrayContaining(["string", "number"]));
    // The highlighted text is exactly the source.
    expect(await py.textContent()).toBe(PYTHON_JSON.split("```python\n")[1]?.split("```")[0]);

    // Unknown language: plain, no tokens.
    const unknown = card(page, "hostile").locator("pre code.language-brainfuck");
    expect(await unknown.getAttribute("class")).toBe("language-brainfuck");
    expect(await unknown.locator("span").count()).toBe(0);

    // Hostile HTML: shown as highlighted text, nothing ran, no element made from it.
    const hostile = card(page, "hostile");
    expect(await hostile.locator("pre code.language-html").textContent()).toContain("<script>window.__xss = 1</script>");
    expect(await hostile.locator("pre code.language-html span.hljs-name").allTextContents()).toEqual(["script", "script", "img"]);
    expect(await hostile.locator("script, img").count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
    // Only highlighter classes inside code, and no inline handlers or styles anywhere in responses.
    const foreignClasses = await page
      .locator('[data-testid="response-card"] pre code, [data-testid="response-card"] pre code span')
      .evaluateAll((els) => els.flatMap((el) => [...el.classList]).filter((c) => !/^(hljs(-[a-z_-]+)?|language-[\w+#-]+)$/.test(c)));
    expect(foreignClasses).toEqual([]);
    expect(await page.locator('[data-testid="response-card"] pre [style], [data-testid="response-card"] pre [onerror]').count()).toBe(0);

    // The grammars came as their own same-origin chunks, after the page, and the CSP let them in.
    expect(scripts.every((url) => url.startsWith(webUrl))).toBe(true);
    expect(await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    expect(pageErrors).toEqual([]);

    // Token colours differ from plain text (the theme applies) and pass axe's contrast check.
    const colours = await py.evaluate((el) => ({
      plain: getComputedStyle(el).color,
      keyword: getComputedStyle(el.querySelector(".hljs-keyword") as Element).color,
      comment: getComputedStyle(el.querySelector(".hljs-comment") as Element).color,
    }));
    expect(new Set(Object.values(colours)).size).toBe(3);
    await shot(page, "markdown-code-task");
    await card(page, "ts").scrollIntoViewIfNeeded();
    await shot(page, "markdown-code-ts-card", false);
    expect(a11ySummary(await checkA11y(page, "markdown-code-task"))).toEqual([]);
    await page.close();
  }, 90_000);
});
