import type { TAdminUser } from "@rankwise/shared";
import type { TDb } from "../../lib/prisma.ts";

export const adminUserSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  kind: true,
  createdAt: true,
  disabledAt: true,
  passwordHash: true,
} as const;

type TAdminUserRow = {
  id: string;
  email: string;
  name: string;
  role: TAdminUser["role"];
  kind: TAdminUser["kind"];
  createdAt: Date;
  disabledAt: Date | null;
  passwordHash: string | null;
};

/** Never lets the password hash out: only whether one is set. */
export function toAdminUser(row: TAdminUserRow, activeTokens: number): TAdminUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    kind: row.kind,
    createdAt: row.createdAt.toISOString(),
    disabledAt: row.disabledAt?.toISOString() ?? null,
    hasPassword: row.passwordHash !== null,
    activeTokens,
  };
}

/** Unrevoked, unexpired tokens per user. */
export async function countActiveTokens(db: TDb, userIds: string[]): Promise<Map<string, number>> {
  if (userIds.length === 0) return new Map();
  const now = new Date();
  const groups = await db.apiToken.groupBy({
    by: ["userId"],
    where: { userId: { in: userIds }, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
    _count: { _all: true },
  });
  return new Map(groups.map((g) => [g.userId, g._count._all]));
}
