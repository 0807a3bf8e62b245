import type { TAdminToken, TAdminTokenList, TAdminTokenListQuery, TCreatedToken } from "@rankwise/shared";
import type { Prisma } from "../../generated/prisma/client.ts";
import { AppError, notFound } from "../../lib/app-error.ts";
import type { TPrisma } from "../../lib/prisma.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { createApiToken, toApiToken } from "../auth/api-tokens.ts";

const tokenSelect = {
  id: true,
  name: true,
  prefix: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
  user: { select: { id: true, email: true, name: true, kind: true, disabledAt: true } },
} as const;

type TTokenWithOwner = Prisma.ApiTokenGetPayload<{ select: typeof tokenSelect }>;

function toAdminToken(row: TTokenWithOwner): TAdminToken {
  const { user, ...token } = row;
  return {
    ...toApiToken(token),
    owner: { id: user.id, email: user.email, name: user.name, kind: user.kind, disabled: user.disabledAt !== null },
  };
}

/** Every user's tokens, newest first: metadata only, never the secret or its hash. */
export async function listAllTokens(prisma: TPrisma, query: TAdminTokenListQuery): Promise<TAdminTokenList> {
  const where: Prisma.ApiTokenWhereInput = {
    ...(query.userId ? { userId: query.userId } : {}),
    ...(query.status === "active" ? { revokedAt: null } : query.status === "revoked" ? { revokedAt: { not: null } } : {}),
  };
  const [rows, total] = await Promise.all([
    prisma.apiToken.findMany({
      where,
      select: tokenSelect,
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
    prisma.apiToken.count({ where }),
  ]);
  return { tokens: rows.map(toAdminToken), total, page: query.page, pageSize: query.pageSize };
}

/** Revokes anyone's token; revoking twice changes nothing and records nothing. */
export async function revokeAnyToken(prisma: TPrisma, actorId: string, tokenId: string): Promise<TAdminToken> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.apiToken.findUnique({ where: { id: tokenId }, select: tokenSelect });
    if (!row) throw notFound("Token");
    if (row.revokedAt) return toAdminToken(row);
    const updated = await tx.apiToken.update({ where: { id: tokenId }, data: { revokedAt: new Date() }, select: tokenSelect });
    await recordAudit(tx, {
      actorId,
      projectId: null,
      action: "token.revoke",
      entity: "api_token",
      entityId: tokenId,
      data: { ownerId: row.user.id, name: row.name, prefix: row.prefix },
    });
    return toAdminToken(updated);
  });
}

/** Issues a token for another user (how AI users authenticate); the secret is returned this once. */
export async function issueTokenFor(
  prisma: TPrisma,
  actorId: string,
  userId: string,
  input: { name: string; expiresInDays?: number },
): Promise<TCreatedToken> {
  return prisma.$transaction(async (tx) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { id: true, disabledAt: true } });
    if (!user) throw notFound("User");
    if (user.disabledAt) throw new AppError("CONFLICT", "Enable the user before issuing them a token");
    const created = await createApiToken(tx, userId, input.name, input.expiresInDays);
    await recordAudit(tx, {
      actorId,
      projectId: null,
      action: "token.create",
      entity: "api_token",
      entityId: created.id,
      data: { ownerId: userId, name: input.name, prefix: created.prefix },
    });
    return created;
  });
}
