import type { TAdminUser, TAdminUpdateUserRequest } from "@rankwise/shared";
import { AppError, notFound } from "../../lib/app-error.ts";
import type { TPrisma } from "../../lib/prisma.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { unlockUser } from "../auth/login-lockout.ts";
import { adminUserSelect, countActiveTokens, toAdminUser } from "./to-admin-user.ts";

/**
 * Changes a user's role, name or disabled state. Disabling ends every session and revokes every token
 * in the same transaction, so nothing the user held keeps working. Admins cannot lock themselves out.
 */
export async function updateUser(prisma: TPrisma, actorId: string, userId: string, input: TAdminUpdateUserRequest): Promise<TAdminUser> {
  if (userId === actorId && input.disabled === true) throw new AppError("CONFLICT", "You cannot disable your own account");
  if (userId === actorId && input.role !== undefined && input.role !== "ADMIN") {
    throw new AppError("CONFLICT", "You cannot remove your own admin role");
  }
  const updated = await prisma.$transaction(async (tx) => {
    const before = await tx.user.findUnique({ where: { id: userId }, select: adminUserSelect });
    if (!before) throw notFound("User");
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    if (input.role !== undefined && input.role !== before.role) changes.role = { from: before.role, to: input.role };
    if (input.name !== undefined && input.name !== before.name) changes.name = { from: before.name, to: input.name };
    const disable = input.disabled === true && !before.disabledAt;
    const enable = input.disabled === false && before.disabledAt !== null;
    // Enabling also lifts a login lockout (too many wrong passwords).
    if (input.disabled === false && (await unlockUser(tx, userId))) {
      await recordAudit(tx, { actorId, projectId: null, action: "user.unlock", entity: "user", entityId: userId });
    }
    if (Object.keys(changes).length === 0 && !disable && !enable) return before;

    const now = new Date();
    const row = await tx.user.update({
      where: { id: userId },
      data: {
        ...(changes.role ? { role: input.role } : {}),
        ...(changes.name ? { name: input.name } : {}),
        ...(disable ? { disabledAt: now } : enable ? { disabledAt: null } : {}),
      },
      select: adminUserSelect,
    });
    if (Object.keys(changes).length > 0) {
      await recordAudit(tx, { actorId, projectId: null, action: "user.update", entity: "user", entityId: userId, data: changes });
    }
    if (disable) {
      const sessions = await tx.session.deleteMany({ where: { userId } });
      const tokens = await tx.apiToken.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: now } });
      await recordAudit(tx, {
        actorId,
        projectId: null,
        action: "user.disable",
        entity: "user",
        entityId: userId,
        data: { sessionsEnded: sessions.count, tokensRevoked: tokens.count },
      });
    }
    if (enable) await recordAudit(tx, { actorId, projectId: null, action: "user.enable", entity: "user", entityId: userId });
    return row;
  });
  const tokens = await countActiveTokens(prisma, [userId]);
  return toAdminUser(updated, tokens.get(userId) ?? 0);
}
