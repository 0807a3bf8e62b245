import type { TCreatedInvitation, TInvitation, TInvitationList, TInvitationListQuery, TRole } from "@rankwise/shared";
import type { Prisma } from "../../generated/prisma/client.ts";
import { AppError, notFound } from "../../lib/app-error.ts";
import type { TDb, TPrisma } from "../../lib/prisma.ts";
import { createSecret, hashSecret } from "../../lib/tokens.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { invitationSelect, toInvitation, whereStatus } from "./invitation-views.ts";

const DAY_MS = 24 * 3600 * 1000;

export type TNewInvitation = { email: string; name?: string; role: TRole; projectId?: string; expiresInDays: number };

/**
 * Creates an invitation and returns its secret this once (only its SHA-256 is stored). Someone who
 * already has an account is added as a member instead, so that is refused. A newer invitation for the
 * same email and project replaces any pending one, so only the latest link works.
 */
export async function createInvitation(prisma: TPrisma, actorId: string, input: TNewInvitation): Promise<TCreatedInvitation> {
  const email = input.email.toLowerCase();
  const secret = createSecret();
  return prisma.$transaction(async (tx) => {
    if (input.projectId) {
      const project = await tx.project.findUnique({ where: { id: input.projectId }, select: { id: true } });
      if (!project) throw notFound("Project");
    }
    const existing = await tx.user.findUnique({ where: { email }, select: { id: true } });
    if (existing) {
      throw new AppError(
        "CONFLICT",
        input.projectId ? `${email} already has an account: add them as a member instead` : `${email} already has an account`,
      );
    }
    const now = new Date();
    const superseded = await tx.invitation.updateMany({
      where: { email, projectId: input.projectId ?? null, ...whereStatus("pending", now) },
      data: { revokedAt: now },
    });
    const row = await tx.invitation.create({
      data: {
        email,
        name: input.name ?? null,
        role: input.role,
        projectId: input.projectId ?? null,
        tokenHash: hashSecret(secret),
        invitedById: actorId,
        expiresAt: new Date(now.getTime() + input.expiresInDays * DAY_MS),
      },
      select: invitationSelect,
    });
    await recordAudit(tx, {
      actorId,
      projectId: input.projectId ?? null,
      action: "invitation.create",
      entity: "invitation",
      entityId: row.id,
      data: { email, role: input.role, expiresAt: row.expiresAt.toISOString(), supersededInvitations: superseded.count },
    });
    return { invitation: toInvitation(row), secret, path: `/invite/${secret}` };
  });
}

/** Invitations newest first, all of them (admins) or one project's; never the secret. */
export async function listInvitations(db: TDb, scope: { projectId?: string }, query: TInvitationListQuery): Promise<TInvitationList> {
  const where: Prisma.InvitationWhereInput = {
    ...(scope.projectId ? { projectId: scope.projectId } : {}),
    ...whereStatus(query.status),
  };
  const [rows, total] = await Promise.all([
    db.invitation.findMany({
      where,
      select: invitationSelect,
      orderBy: [{ createdAt: "desc" }, { id: "asc" }],
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    }),
    db.invitation.count({ where }),
  ]);
  return { invitations: rows.map(toInvitation), total, page: query.page, pageSize: query.pageSize };
}

/**
 * Revokes a pending invitation (its link stops working at once). Revoking twice changes nothing;
 * an accepted invitation cannot be revoked (disable the user instead). With `projectId`, only that
 * project's invitations are found.
 */
export async function revokeInvitation(
  prisma: TPrisma,
  actorId: string,
  invitationId: string,
  scope: { projectId?: string } = {},
): Promise<TInvitation> {
  return prisma.$transaction(async (tx) => {
    const row = await tx.invitation.findUnique({ where: { id: invitationId }, select: { ...invitationSelect, projectId: true } });
    if (!row || (scope.projectId && row.projectId !== scope.projectId)) throw notFound("Invitation");
    if (row.acceptedAt) throw new AppError("CONFLICT", "This invitation was already accepted; disable the user instead");
    if (row.revokedAt) return toInvitation(row);
    const updated = await tx.invitation.update({ where: { id: invitationId }, data: { revokedAt: new Date() }, select: invitationSelect });
    await recordAudit(tx, {
      actorId,
      projectId: row.projectId,
      action: "invitation.revoke",
      entity: "invitation",
      entityId: invitationId,
      data: { email: row.email, role: row.role },
    });
    return toInvitation(updated);
  });
}
