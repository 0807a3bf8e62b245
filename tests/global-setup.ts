import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
// @ts-expect-error plain ESM helper without types
import { prismaEnv, repoRoot } from "../scripts/prisma-env.mjs";

export const ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres";

/** Hash of every migration, so a schema change gets a fresh template. */
function migrationsHash(): string {
  const dir = path.join(repoRoot, "prisma/migrations");
  const hash = createHash("sha256");
  for (const name of readdirSync(dir).sort()) {
    if (name.endsWith(".toml")) continue;
    hash.update(name).update(readFileSync(path.join(dir, name, "migration.sql")));
  }
  return hash.digest("hex").slice(0, 12);
}

/**
 * Builds one migrated template database per migration set (with `prisma migrate deploy`, never
 * `db push`); each test file then clones it in milliseconds with CREATE DATABASE ... TEMPLATE.
 */
export default async function setup(project: TestProject) {
  const template = `rw_template_${migrationsHash()}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [template]);
    if (exists.rowCount === 0) {
      const building = `${template}_building_${process.pid}`;
      await admin.query(`CREATE DATABASE ${building}`);
      execFileSync("npx", ["prisma", "migrate", "deploy"], {
        cwd: repoRoot,
        env: { ...prismaEnv(), DATABASE_URL: `postgresql://postgres@127.0.0.1:5432/${building}` },
        stdio: "pipe",
      });
      // Renaming makes the template appear atomically for concurrent runs.
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${template}`).catch(async () => {
        await admin.query(`DROP DATABASE IF EXISTS ${building}`);
      });
    }
  } finally {
    await admin.end();
  }
  project.provide("templateDatabase", template);
}
