import type { TMemberStatus, TTierChange } from "@rankwise/shared";
import type { ProjectMember, TierChange } from "../../generated/prisma/client.ts";
import { notFound } from "../../lib/app-error.ts";
import type { TDb, TPrisma } from "../../lib/prisma.ts";
import { recordAudit } from "../audit/record-audit.ts";

export function toTierChange(row: TierChange): TTierChange {
  return {
    userId: row.userId,
    from: row.from,
    to: row.to,
    reason: row.reason,
    changedById: row.changedById,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Locks the membership row for the rest of the transaction; null when the user is not a member. */
export async function lockMember(tx: TDb, projectId: string, userId: string): Promise<ProjectMember | null> {
  const rows = await tx.$queryRaw<{ status: TMemberStatus }[]>`
    SELECT status FROM project_members WHERE project_id = ${projectId}::uuid AND user_id = ${userId}::uuid FOR UPDATE`;
  if (rows.length === 0) return null;
  return tx.projectMember.findUniqueOrThrow({ where: { projectId_userId: { projectId, userId } } });
}

/**
 * Moves a member to another tier and records it (automatic when `actorId` is null). The caller
 * holds the member's row lock (see {@link lockMember}) and passes the status it read under it.
 */
export async function changeMemberStatus(
  tx: TDb,
  change: { projectId: string; userId: string; from: TMemberStatus; to: TMemberStatus; reason: string; actorId: string | null },
): Promise<TierChange> {
  await tx.projectMember.update({
    where: { projectId_userId: { projectId: change.projectId, userId: change.userId } },
    data: { status: change.to },
  });
  return tx.tierChange.create({
    data: {
      projectId: change.projectId,
      userId: change.userId,
      from: change.from,
      to: change.to,
      reason: change.reason,
      changedById: change.actorId,
    },
  });
}

/** When the member's tier last changed (any reason); the tier rules only look at gold scored after it. */
export async function lastTierChange(db: TDb, projectId: string, userId: string) {
  return db.tierChange.findFirst({ where: { projectId, userId }, orderBy: { createdAt: "desc" }, select: { id: true, createdAt: true } });
}

/**
 * A researcher sets a member's status by hand, with a reason: recorded as a tier change with who did
 * it, and in the audit log. Setting the status the member already has changes and records nothing.
 */
export async function setMemberStatusByHand(
  prisma: TPrisma,
  input: { projectId: string; userId: string; status: TMemberStatus; reason: string; actorId: string },
): Promise<{ member: ProjectMember; change: TierChange | null }> {
  return prisma.$transaction(async (tx) => {
    const member = await lockMember(tx, input.projectId, input.userId);
    if (!member) throw notFound("Member");
    if (member.status === input.status) return { member, change: null };
    const change = await changeMemberStatus(tx, {
      projectId: input.projectId,
      userId: input.userId,
      from: member.status,
      to: input.status,
      reason: input.reason,
      actorId: input.actorId,
    });
    await recordAudit(tx, {
      actorId: input.actorId,
      projectId: input.projectId,
      action: "member.status.set",
      entity: "project_member",
      entityId: input.userId,
      data: { from: member.status, to: input.status, reason: input.reason, tierChangeId: change.id },
    });
    return { member: { ...member, status: input.status }, change };
  });
}
