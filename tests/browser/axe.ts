/**
 * Accessibility checks in the browser tests: injects axe-core into the page under test, runs the
 * WCAG 2.0/2.1 A and AA rules on the whole document and returns the serious and critical
 * violations (printing a readable summary when there are any). Assert on the returned list.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { Page } from "playwright-core";

const require = createRequire(import.meta.url);
let axeSource: string | undefined;

export type TA11yViolation = {
  id: string;
  impact: string;
  help: string;
  helpUrl: string;
  targets: string[];
};

type TAxeResult = {
  violations: {
    id: string;
    impact?: string | null;
    help: string;
    helpUrl: string;
    nodes: { target: unknown[]; any?: { data?: unknown }[] }[];
  }[];
};

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
const BLOCKING = new Set(["serious", "critical"]);
/** Each check also leaves its findings in test-results/a11y/<context>.json. */
const RESULTS = path.resolve(import.meta.dirname, "../../test-results/a11y");

/** For color-contrast findings: the colours and ratio axe measured. */
function contrastNote(data: unknown): string {
  const d = data as { fgColor?: string; bgColor?: string; contrastRatio?: number } | undefined;
  return d?.fgColor && d.bgColor ? ` (${d.fgColor} on ${d.bgColor}, ${d.contrastRatio}:1)` : "";
}

/** Runs axe-core on `page`; `context` names the page state in the summary. */
export async function checkA11y(page: Page, context: string): Promise<TA11yViolation[]> {
  const injected = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === "object");
  if (!injected) {
    axeSource ??= readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
    // Evaluated through DevTools, not as an inline <script>: the app's CSP (rightly) blocks those.
    await page.evaluate(axeSource);
  }
  const result = await page.evaluate(
    (values) =>
      (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<unknown> } }).axe.run(document, {
        runOnly: { type: "tag", values },
        resultTypes: ["violations"],
      }),
    TAGS,
  );
  const violations = (result as TAxeResult).violations
    .filter((v) => BLOCKING.has(v.impact ?? ""))
    .map((v) => ({
      id: v.id,
      impact: v.impact ?? "",
      help: v.help,
      helpUrl: v.helpUrl,
      targets: v.nodes.map((n) => n.target.map(String).join(" ") + contrastNote(n.any?.[0]?.data)),
    }));
  mkdirSync(RESULTS, { recursive: true });
  const file = `${context.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}.json`;
  writeFileSync(path.join(RESULTS, file), `${JSON.stringify({ context, violations }, null, 2)}\n`);
  if (violations.length > 0) {
    const lines = violations.map(
      (v) => `  - ${v.id} [${v.impact}] ${v.help} (${v.targets.length}):\n${v.targets.map((t) => `      ${t}`).join("\n")}`,
    );
    console.log(`axe: ${violations.length} serious/critical rule(s) failing on "${context}":\n${lines.join("\n")}`);
  }
  return violations;
}

/** The failing rule ids with their node counts, for a compact assertion message. */
export function a11ySummary(violations: TA11yViolation[]): string[] {
  return violations.map((v) => `${v.id} (${v.impact}) ×${v.targets.length}: ${v.targets.slice(0, 3).join(" | ")}`);
}
