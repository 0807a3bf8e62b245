import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";

const ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

export type TTestDatabase = { name: string; url: string; drop: () => Promise<void> };

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A fresh, fully migrated database cloned from the run's template; drop it in afterAll. */
export async function createTestDatabase(): Promise<TTestDatabase> {
  const template = inject("templateDatabase");
  const name = `rw_test_${randomBytes(6).toString("hex")}`;
  // Cloning fails while another session is connected to the template; retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
      break;
    } catch (err) {
      if (attempt >= 20 || !/being accessed by other users/.test((err as Error).message)) throw err;
      await new Promise((r) => setTimeout(r, 100 + attempt * 50));
    }
  }
  return {
    name,
    url: `postgresql://postgres@127.0.0.1:5432/${name}`,
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

declare module "vitest" {
  export interface ProvidedContext {
    /** Set by tests/global-setup.ts: the migrated database each test file clones. */
    templateDatabase: string;
  }
}
