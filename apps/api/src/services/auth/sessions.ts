import type { TRole, TUserKind } from "@rankwise/shared";
import { API_TOKEN_PREFIX, createSecret, hashSecret } from "../../lib/tokens.ts";
import { pgPoolOf, type TDb } from "../../lib/prisma.ts";

export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;
/** lastUsedAt is informational; writing it at most once a minute keeps token auth read-only. */
const LAST_USED_RESOLUTION_MS = 60_000;

export type TAuthUser = {
  id: string;
  email: string;
  name: string;
  role: TRole;
  kind: TUserKind;
  via: "session" | "token";
};

const userSelect = { id: true, email: true, name: true, role: true, kind: true, disabledAt: true } as const;

export async function createSession(db: TDb, userId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = createSecret();
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await db.session.create({ data: { userId, tokenHash: hashSecret(token), expiresAt } });
  return { token, expiresAt };
}

export async function deleteSession(db: TDb, token: string): Promise<void> {
  await db.session.deleteMany({ where: { tokenHash: hashSecret(token) } });
}

type TUserRow = { id: string; email: string; name: string; role: TRole; kind: TUserKind; disabled_at: Date | null };

/**
 * Sessions and API tokens are looked up on every request: through the pg pool under the client (one
 * prepared statement) when there is one, else through Prisma. Both give the same row shape.
 */
async function findSession(db: TDb, tokenHash: string) {
  const pool = pgPoolOf(db);
  if (!pool) return db.session.findUnique({ where: { tokenHash }, include: { user: { select: userSelect } } });
  const { rows } = await pool.query<TUserRow & { expires_at: Date }>({
    name: "auth-resolve-session",
    text: `SELECT s.expires_at, u.id, u.email, u.name, u.role, u.kind, u.disabled_at
           FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.token_hash = $1`,
    values: [tokenHash],
  });
  const r = rows[0];
  return r ? { expiresAt: r.expires_at, user: toUser(r) } : null;
}

async function findApiToken(db: TDb, tokenHash: string) {
  const pool = pgPoolOf(db);
  if (!pool) return db.apiToken.findUnique({ where: { tokenHash }, include: { user: { select: userSelect } } });
  const { rows } = await pool.query<
    TUserRow & { token_id: string; revoked_at: Date | null; expires_at: Date | null; last_used_at: Date | null }
  >({
    name: "auth-resolve-api-token",
    text: `SELECT t.id AS token_id, t.revoked_at, t.expires_at, t.last_used_at, u.id, u.email, u.name, u.role, u.kind, u.disabled_at
           FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1`,
    values: [tokenHash],
  });
  const r = rows[0];
  return r ? { id: r.token_id, revokedAt: r.revoked_at, expiresAt: r.expires_at, lastUsedAt: r.last_used_at, user: toUser(r) } : null;
}

const toUser = (r: TUserRow) => ({ id: r.id, email: r.email, name: r.name, role: r.role, kind: r.kind, disabledAt: r.disabled_at });

export async function resolveSession(db: TDb, token: string): Promise<TAuthUser | null> {
  const session = await findSession(db, hashSecret(token));
  if (!session || session.expiresAt <= new Date() || session.user.disabledAt) return null;
  const { disabledAt: _, ...user } = session.user;
  return { ...user, via: "session" };
}

export async function resolveApiToken(db: TDb, token: string): Promise<TAuthUser | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const row = await findApiToken(db, hashSecret(token));
  const now = new Date();
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now) || row.user.disabledAt) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  const { disabledAt: _, ...user } = row.user;
  return { ...user, via: "token" };
}
