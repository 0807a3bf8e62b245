import type { TAdminUserList, TAdminUserListQuery } from "@rankwise/shared";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { TDb } from "../../lib/prisma.ts";
import { adminUserSelect, countActiveTokens, toAdminUser } from "./to-admin-user.ts";

/** Every user, newest first, searched by email or name and filtered by role, kind and status. */
export async function listUsers(db: TDb, query: TAdminUserListQuery): Promise<TAdminUserList> {
  const where: Prisma.UserWhereInput = {
    ...(query.q
      ? { OR: [{ email: { contains: query.q, mode: "insensitive" } }, { name: { contains: query.q, mode: "insensitive" } }] }
      : {}),
    ...(query.role ? { role: query.role } : {}),
    ...(query.kind ? { kind: query.kind } : {}),
    ...(query.status === "active" ? { disabledAt: null } : query.status === "disabled" ? { disabledAt: { not: null } } : {}),
  };
  const [rows, total] = await Promise.all([
    db.user.findMany({
      where,
      select: adminUserSelect,
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
    db.user.count({ where }),
  ]);
  const tokens = await countActiveTokens(
    db,
    rows.map((r) => r.id),
  );
  return { users: rows.map((r) => toAdminUser(r, tokens.get(r.id) ?? 0)), total, page: query.page, pageSize: query.pageSize };
}
