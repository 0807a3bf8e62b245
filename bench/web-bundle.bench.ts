import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import vm from "node:vm";
import { gzipSync } from "node:zlib";

const WEB_DIR = path.resolve(import.meta.dirname, "../apps/web");
const NEXT_DIR = path.join(WEB_DIR, ".next");
/** The labeling page: what a labeler waits for before the first task appears. */
const ROUTE = "/(app)/label/[projectId]/page";
export const LABEL_PAGE_BUDGET_KB = 150;

type TFigure = { name: string; value: number; unit: string };

/** `page_client-reference-manifest.js` assigns a JSON object to a global; run it in an empty context to read it. */
async function readClientReferenceManifest(file: string): Promise<{ entryJSFiles?: Record<string, string[]> }> {
  const sandbox: { globalThis?: unknown; __RSC_MANIFEST?: Record<string, unknown> } = {};
  sandbox.globalThis = sandbox;
  vm.runInNewContext(await readFile(file, "utf8"), sandbox, { timeout: 1000 });
  const manifest = sandbox.__RSC_MANIFEST?.[ROUTE];
  if (!manifest) throw new Error(`${file} has no entry for ${ROUTE}`);
  return manifest as { entryJSFiles?: Record<string, string[]> };
}

/**
 * The JavaScript files the labeling page loads on first load, from the production build's own
 * manifests: the route's build manifest (`rootMainFiles`: the framework and Turbopack runtime) and its
 * client reference manifest (`entryJSFiles`: the chunks of every layout, boundary and the page itself
 * on that route). `polyfillFiles` are `nomodule` scripts that modern browsers skip, and chunks loaded
 * later with next/dynamic are not listed in either, so neither counts.
 */
export async function labelPageFirstLoadFiles(): Promise<string[]> {
  const routeDir = path.join(NEXT_DIR, "server/app", ROUTE);
  const buildManifest = JSON.parse(await readFile(path.join(routeDir, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
  const crm = await readClientReferenceManifest(`${routeDir}_client-reference-manifest.js`);
  const files = new Set(buildManifest.rootMainFiles);
  for (const chunks of Object.values(crm.entryJSFiles ?? {})) for (const chunk of chunks) files.add(chunk);
  return [...files].filter((f) => f.endsWith(".js"));
}

function ensureBuilt(log: (line: string) => void): void {
  if (existsSync(path.join(NEXT_DIR, "BUILD_ID"))) return;
  log("apps/web has no production build: running `next build`");
  const res = spawnSync("npm", ["run", "build", "-w", "@rankwise/web"], { cwd: path.resolve(WEB_DIR, "../.."), stdio: "inherit" });
  if (res.status !== 0) throw new Error(`next build failed (exit ${res.status})`);
}

/**
 * Sums the gzipped size (zlib default level, as a server would send it) of the labeling page's
 * first-load JavaScript and compares it with the budget. Over budget, the figures are still printed
 * and the run fails.
 */
export async function runWebBundleBench(log: (line: string) => void = console.log, budgetKb = LABEL_PAGE_BUDGET_KB): Promise<TFigure[]> {
  ensureBuilt(log);
  const files = await labelPageFirstLoadFiles();
  let raw = 0;
  let gzip = 0;
  for (const file of files) {
    const body = await readFile(path.join(NEXT_DIR, file));
    raw += body.length;
    gzip += gzipSync(body).length;
  }
  const gzipKb = gzip / 1024;
  if (gzipKb > budgetKb) {
    log(`FAIL: the labeling page's first-load JS is ${gzipKb.toFixed(1)} kB gzipped, over its ${budgetKb} kB budget`);
    process.exitCode = 1;
  }
  return [
    { name: `/label/[projectId] first-load JS, gzipped (${files.length} files)`, value: gzipKb, unit: "kB" },
    { name: "same, uncompressed", value: raw / 1024, unit: "kB" },
    { name: `share of the ${budgetKb} kB budget`, value: gzipKb / budgetKb, unit: "ratio" },
  ];
}
