import type { TApiToken, TCreatedToken } from "@rankwise/shared";
import { notFound } from "../../lib/app-error.ts";
import type { TDb } from "../../lib/prisma.ts";
import { API_TOKEN_PREFIX, createSecret, hashSecret } from "../../lib/tokens.ts";

type TTokenRow = {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
};

export function toApiToken(row: TTokenRow): TApiToken {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

export async function createApiToken(db: TDb, userId: string, name: string, expiresInDays?: number): Promise<TCreatedToken> {
  const token = createSecret(API_TOKEN_PREFIX);
  const row = await db.apiToken.create({
    data: {
      userId,
      name,
      tokenHash: hashSecret(token),
      prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
      expiresAt: expiresInDays ? new Date(Date.now() + expiresInDays * 86_400_000) : null,
    },
  });
  return { ...toApiToken(row), token };
}

export async function listApiTokens(db: TDb, userId: string): Promise<TApiToken[]> {
  const rows = await db.apiToken.findMany({ where: { userId }, orderBy: { createdAt: "desc" } });
  return rows.map(toApiToken);
}

/** Revoking is idempotent; a token of another user is reported as not found. */
export async function revokeApiToken(db: TDb, userId: string, tokenId: string): Promise<TApiToken> {
  const row = await db.apiToken.findFirst({ where: { id: tokenId, userId } });
  if (!row) throw notFound("Token");
  if (row.revokedAt) return toApiToken(row);
  return toApiToken(await db.apiToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } }));
}
