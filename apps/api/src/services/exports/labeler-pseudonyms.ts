import { createHmac, randomBytes } from "node:crypto";
import type { TDb } from "../../lib/prisma.ts";

/** Where the per-project pseudonym salt lives; keep it when rewriting project settings. */
export const EXPORT_SALT_KEY = "exportSalt";

/**
 * The project's pseudonym salt (32 random bytes, hex), created on first use and kept in
 * `projects.settings.exportSalt`, which the API never returns. Concurrent first uses agree: only the
 * first write lands and everyone reads it back.
 */
export async function loadExportSalt(db: TDb, projectId: string): Promise<string> {
  const salt = randomBytes(32).toString("hex");
  await db.$executeRaw`
    UPDATE projects SET settings = jsonb_set(CASE WHEN jsonb_typeof(settings) = 'object' THEN settings ELSE '{}'::jsonb END, '{exportSalt}', to_jsonb(${salt}::text))
    WHERE id = ${projectId}::uuid AND NOT (settings ? 'exportSalt')`;
  const rows = await db.$queryRaw<
    { salt: string | null }[]
  >`SELECT settings->>'exportSalt' AS salt FROM projects WHERE id = ${projectId}::uuid`;
  const stored = rows[0]?.salt;
  if (!stored) throw new Error(`Project ${projectId} has no export salt`);
  return stored;
}

/**
 * A labeler's pseudonym in one project's exports: `lab_` + the first 64 bits of HMAC-SHA256(salt,
 * labeler id). Stable across exports of the project, different across projects, and not reversible
 * without the salt, which never leaves the database.
 */
export function labelerPseudonym(salt: string, labelerId: string): string {
  return `lab_${createHmac("sha256", salt).update(labelerId).digest("hex").slice(0, 16)}`;
}
