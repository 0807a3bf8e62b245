import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
// @ts-expect-error plain ESM helper without types
import { prismaEnv, repoRoot } from "../scripts/prisma-env.mjs";

const ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";
export type TBenchDb = { url: string; drop: () => Promise<void> };

/** A fresh database migrated with the committed migrations, dropped afterwards. */
export async function createBenchDatabase(): Promise<TBenchDb> {
  const name = `rw_bench_${randomBytes(4).toString("hex")}`;
  const admin = async (sql: string) => {
    const c = new pg.Client({ connectionString: ADMIN_URL });
    await c.connect();
    await c.query(sql).finally(() => c.end());
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = `postgresql://postgres@127.0.0.1:5432/${name}`;
  execFileSync("node_modules/.bin/prisma", ["migrate", "deploy"], {
    cwd: repoRoot,
    env: { ...prismaEnv(), DATABASE_URL: url },
    stdio: "pipe",
  });
  return { url, drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
