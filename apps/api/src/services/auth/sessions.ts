import type { TRole, TUserKind } from "@rankwise/shared";
import { API_TOKEN_PREFIX, createSecret, hashSecret } from "../../lib/tokens.ts";
import type { TDb } from "../../lib/prisma.ts";

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

export async function resolveSession(db: TDb, token: string): Promise<TAuthUser | null> {
  const session = await db.session.findUnique({ where: { tokenHash: hashSecret(token) }, include: { user: { select: userSelect } } });
  if (!session || session.expiresAt <= new Date() || session.user.disabledAt) return null;
  const { disabledAt: _, ...user } = session.user;
  return { ...user, via: "session" };
}

export async function resolveApiToken(db: TDb, token: string): Promise<TAuthUser | null> {
  if (!token.startsWith(API_TOKEN_PREFIX)) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashSecret(token) }, include: { user: { select: userSelect } } });
  const now = new Date();
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now) || row.user.disabledAt) return null;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  const { disabledAt: _, ...user } = row.user;
  return { ...user, via: "token" };
}
