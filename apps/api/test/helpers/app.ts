import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { buildApp, type TApp } from "../../src/app.ts";
import { loadConfig, type TConfig } from "../../src/config.ts";
import { createTestDatabase, type TTestDatabase } from "./db.ts";

export type TTestContext = { app: TApp; db: TTestDatabase; config: TConfig; close: () => Promise<void> };

/**
 * The production app, built with production options, on its own database, export folder and
 * queue prefix. Call `close()` in afterAll: it also removes the queue's Redis keys.
 */
export async function buildTestApp(overrides: Record<string, string> = {}): Promise<TTestContext> {
  const db = await createTestDatabase();
  const exportDir = await mkdtemp(path.join(tmpdir(), "rankwise-exports-"));
  const config = loadConfig({
    NODE_ENV: "test",
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "silent",
    DATABASE_URL: db.url,
    EXPORT_DIR: exportDir,
    QUEUE_PREFIX: `rw-test-${randomBytes(4).toString("hex")}`,
    // Tests create QUEUED export rows and run their jobs by hand: no outbox relay timer unless asked for.
    OUTBOX_RELAY_INTERVAL_MS: "0",
    ...overrides,
  });
  const app = await buildApp(config);
  await app.ready();
  return {
    app,
    db,
    config,
    close: async () => {
      await app.exportQueue.obliterate({ force: true }).catch(() => {});
      await app.close();
      await db.drop();
      await rm(exportDir, { recursive: true, force: true });
    },
  };
}
