import type { TFlagReason, TFlagRequest, TItemFlag, TMyFlag } from "@rankwise/shared";
import { notFound } from "../../lib/app-error.ts";
import type { TDb, TPrisma } from "../../lib/prisma.ts";
import { recordAudit } from "../audit/record-audit.ts";

const FLAG_INCLUDE = {
  user: { select: { id: true, name: true, email: true } },
  resolvedBy: { select: { id: true, name: true } },
} as const;

type TFlagRow = {
  id: string;
  reason: string;
  note: string | null;
  createdAt: Date;
  resolvedAt: Date | null;
  user: { id: string; name: string; email: string };
  resolvedBy: { id: string; name: string } | null;
};

function toItemFlag(row: TFlagRow): TItemFlag {
  return {
    id: row.id,
    reason: row.reason as TFlagReason,
    note: row.note,
    user: row.user,
    createdAt: row.createdAt.toISOString(),
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    resolvedBy: row.resolvedBy,
  };
}

/**
 * A labeler flags the item of one of their assignments (held, answered or skipped). One flag per
 * item and labeler: flagging again replaces the reason and note and reopens a resolved flag.
 */
export async function flagItem(
  prisma: TPrisma,
  input: { assignmentId: string; labelerId: string; request: TFlagRequest },
): Promise<TMyFlag> {
  const assignment = await prisma.assignment.findUnique({
    where: { id: input.assignmentId },
    select: { labelerId: true, itemId: true, projectId: true },
  });
  if (!assignment || assignment.labelerId !== input.labelerId) throw notFound("Assignment");
  const note = input.request.note ? input.request.note : null;
  const row = await prisma.itemFlag.upsert({
    where: { itemId_userId: { itemId: assignment.itemId, userId: input.labelerId } },
    create: { projectId: assignment.projectId, itemId: assignment.itemId, userId: input.labelerId, reason: input.request.reason, note },
    update: { reason: input.request.reason, note, resolvedAt: null, resolvedById: null },
  });
  return { itemId: row.itemId, reason: row.reason as TFlagReason, note: row.note, createdAt: row.createdAt.toISOString() };
}

/** An item's flags for researchers: open ones first, then newest first. */
export async function listItemFlags(db: TDb, itemId: string): Promise<TItemFlag[]> {
  const rows = await db.itemFlag.findMany({
    where: { itemId },
    include: FLAG_INCLUDE,
    orderBy: [{ resolvedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }, { id: "asc" }],
  });
  return rows.map(toItemFlag);
}

/** Marks every open flag of the item resolved by the actor, in the audit log too. Resolving nothing is a no-op. */
export async function resolveItemFlags(
  prisma: TPrisma,
  input: { projectId: string; itemId: string; actorId: string; note?: string },
): Promise<{ resolved: number; flags: TItemFlag[] }> {
  return prisma.$transaction(async (tx) => {
    const item = await tx.item.findFirst({ where: { id: input.itemId, projectId: input.projectId }, select: { id: true } });
    if (!item) throw notFound("Item");
    const open = await tx.itemFlag.findMany({ where: { itemId: item.id, resolvedAt: null }, select: { id: true, reason: true } });
    // Re-checked on the locked rows: a concurrent resolve of the same flags counts them once.
    const { count } = await tx.itemFlag.updateMany({
      where: { id: { in: open.map((f) => f.id) }, resolvedAt: null },
      data: { resolvedAt: new Date(), resolvedById: input.actorId },
    });
    if (count > 0) {
      await recordAudit(tx, {
        actorId: input.actorId,
        projectId: input.projectId,
        action: "item.flags.resolve",
        entity: "item",
        entityId: item.id,
        data: { flagIds: open.map((f) => f.id), reasons: open.map((f) => f.reason), note: input.note ?? null },
      });
    }
    return { resolved: count, flags: await listItemFlags(tx, item.id) };
  });
}
