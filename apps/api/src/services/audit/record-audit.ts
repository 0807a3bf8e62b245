import type { TDb } from "../../lib/prisma.ts";

export type TAuditEntry = {
  actorId: string | null;
  projectId: string | null;
  /** Dotted verb, e.g. "gold.set", "member.status.set". */
  action: string;
  entity: string;
  entityId?: string | null;
  data?: Record<string, unknown>;
};

/** Appends one row to the audit log; call it inside the transaction that made the change. */
export async function recordAudit(db: TDb, entry: TAuditEntry): Promise<void> {
  await db.auditLog.create({
    data: {
      actorId: entry.actorId,
      projectId: entry.projectId,
      action: entry.action,
      entity: entry.entity,
      entityId: entry.entityId ?? null,
      data: (entry.data ?? {}) as object,
    },
  });
}
