/**
 * What the labeler browser tests share: the real API on a random port (own database), the built
 * web app (`next start`, needs `next build` first) proxying to it, and Debian Chromium with a
 * throwaway profile. `stop()` ends only what `start()` began.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { buildTestApp, type TTestContext } from "../../apps/api/test/helpers/app.ts";

export const ROOT = path.resolve(import.meta.dirname, "../..");
const WEB_DIR = path.join(ROOT, "apps/web");
export const SCREENSHOTS = path.join(ROOT, "test-results/screenshots");
const CHROMIUM = "/usr/bin/chromium";

export type THarness = {
  ctx: TTestContext;
  context: BrowserContext;
  webUrl: string;
  stop: () => Promise<void>;
};

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export function assertBuilt(): void {
  if (!existsSync(path.join(WEB_DIR, ".next/BUILD_ID"))) {
    throw new Error(
      "apps/web has no production build (.next/BUILD_ID is missing). Run `npm run build -w @rankwise/web` (or `npm test`, which builds first).",
    );
  }
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}; install it with \`apt-get install -y chromium\`.`);
}

/** Starts the API (fixtures can be added through `ctx.app` before or after), the web app and Chromium. */
export async function startHarness(opts: { viewport?: { width: number; height: number } } = {}): Promise<THarness> {
  assertBuilt();
  await mkdir(SCREENSHOTS, { recursive: true });
  const ctx = await buildTestApp();
  let next: ChildProcess | undefined;
  let nextOutput = "";
  let context: BrowserContext | undefined;
  let userDataDir: string | undefined;

  const stop = async () => {
    await context?.close().catch(() => {});
    if (userDataDir) await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
    if (next?.pid !== undefined && next.exitCode === null) {
      const exited = new Promise((r) => next?.once("exit", r));
      try {
        process.kill(-next.pid, "SIGTERM");
      } catch {
        next.kill("SIGTERM");
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      if (next.exitCode === null) {
        try {
          process.kill(-next.pid, "SIGKILL");
        } catch {
          // already gone
        }
      }
    }
    await ctx.close();
  };

  try {
    const apiAddress = await ctx.app.listen({ port: 0, host: "127.0.0.1" });
    const port = await freePort();
    const webUrl = `http://127.0.0.1:${port}`;
    const localBin = path.join(WEB_DIR, "node_modules/.bin/next");
    const nextBin = existsSync(localBin) ? localBin : path.join(ROOT, "node_modules/.bin/next");
    next = spawn(nextBin, ["start", "-p", String(port), "-H", "127.0.0.1"], {
      cwd: WEB_DIR,
      env: { ...process.env, API_URL: apiAddress, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true, // its own process group, so cleanup reaches any child it starts
    });
    const collect = (d: Buffer) => {
      nextOutput += d.toString();
    };
    next.stdout?.on("data", collect);
    next.stderr?.on("data", collect);

    const deadline = Date.now() + 60_000;
    for (;;) {
      if (next.exitCode !== null) throw new Error(`next start exited (${next.exitCode}):\n${nextOutput}`);
      const up = await fetch(`${webUrl}/login`, { redirect: "manual" }).then(
        (res) => res.status < 500,
        () => false,
      );
      if (up) break;
      if (Date.now() > deadline) throw new Error(`next start did not answer on ${webUrl} within 60 s:\n${nextOutput}`);
      await new Promise((r) => setTimeout(r, 250));
    }

    userDataDir = await mkdtemp(path.join(os.tmpdir(), "rankwise-chromium-"));
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: opts.viewport ?? { width: 1280, height: 900 },
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    });
    context.setDefaultTimeout(15_000);
    return { ctx, context, webUrl, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

export async function shot(page: Page, name: string, fullPage = true): Promise<void> {
  // Full-page shots start from the top, so sticky bars sit where a person sees them.
  if (fullPage) await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage });
}

/**
 * Signs in through the login form (waiting for hydration first). With `from`, opens that page signed
 * out, expects the redirect to sign-in and, after signing in, the way back to it.
 */
export async function signIn(page: Page, webUrl: string, email: string, password: string, opts: { from?: string } = {}): Promise<void> {
  if (opts.from) {
    await page.goto(`${webUrl}${opts.from}`);
    await page.waitForURL(/\/login\?next=/);
  } else {
    await page.goto(`${webUrl}/login`);
  }
  await page.waitForFunction(() => !(document.querySelector('[data-testid="login-submit"]') as HTMLButtonElement | null)?.disabled);
  await page.getByTestId("login-email").fill(email);
  await page.getByTestId("login-password").fill(password);
  await page.getByTestId("login-password").press("Enter");
  if (opts.from) await page.waitForURL(`${webUrl}${opts.from}`);
  else await page.waitForURL((url) => !url.pathname.startsWith("/login"));
}
