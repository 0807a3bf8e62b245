import type { TAuditEntry, TAuditPage, TAuditQuery } from "@rankwise/shared";
import type { Prisma } from "../../generated/prisma/client.ts";
import { AppError } from "../../lib/app-error.ts";
import type { TDb } from "../../lib/prisma.ts";

type TCursor = { createdAt: Date; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The position after the last row of a page: its time and id, opaque to clients. */
function encodeCursor(row: TCursor): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString("base64url");
}

function decodeCursor(cursor: string): TCursor {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as unknown[];
    const createdAt = new Date(String(at));
    if (typeof at === "string" && typeof id === "string" && UUID.test(id) && !Number.isNaN(createdAt.getTime())) {
      return { createdAt, id };
    }
  } catch {
    // fall through
  }
  throw new AppError("BAD_REQUEST", "Invalid cursor: pass the nextCursor of the previous page");
}

/**
 * Audit rows newest first with keyset pagination on (created_at, id), so a page never repeats or skips
 * rows that were added while someone reads. `scope.projectId` (null for rows outside any project, such
 * as user administration) limits the rows; undefined reads every row (admins).
 */
export async function listAudit(db: TDb, scope: { projectId?: string }, query: TAuditQuery): Promise<TAuditPage> {
  const scoped: Prisma.AuditLogWhereInput = scope.projectId ? { projectId: scope.projectId } : {};
  const cursor = query.cursor ? decodeCursor(query.cursor) : null;
  const where: Prisma.AuditLogWhereInput = {
    AND: [
      scoped,
      query.action ? { OR: [{ action: query.action }, { action: { startsWith: `${query.action}.` } }] } : {},
      query.entity ? { entity: query.entity } : {},
      query.actorId ? { actorId: query.actorId } : {},
      cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {},
    ],
  };
  const [rows, actions, entities] = await Promise.all([
    db.auditLog.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: query.limit + 1,
      include: { actor: { select: { id: true, name: true, email: true } } },
    }),
    db.auditLog.groupBy({ by: ["action"], where: scoped, orderBy: { action: "asc" }, take: 200 }),
    db.auditLog.groupBy({ by: ["entity"], where: scoped, orderBy: { entity: "asc" }, take: 200 }),
  ]);
  const page = rows.slice(0, query.limit);
  const projectIds = [...new Set(page.map((r) => r.projectId).filter((id): id is string => id !== null))];
  const projects = projectIds.length
    ? await db.project.findMany({ where: { id: { in: projectIds } }, select: { id: true, name: true } })
    : [];
  const names = new Map(projects.map((p) => [p.id, p.name]));
  const last = page.at(-1);
  return {
    entries: page.map(
      (r): TAuditEntry => ({
        id: r.id,
        createdAt: r.createdAt.toISOString(),
        actor: r.actor,
        project: r.projectId ? { id: r.projectId, name: names.get(r.projectId) ?? "(deleted project)" } : null,
        action: r.action,
        entity: r.entity,
        entityId: r.entityId,
        data: isRecord(r.data) ? r.data : { value: r.data },
      }),
    ),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
    actions: actions.map((a) => a.action),
    entities: entities.map((e) => e.entity),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
