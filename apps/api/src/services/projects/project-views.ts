import { type TCriterion, type TProject, ZCriterion } from "@rankwise/shared";
import type { TDb } from "../../lib/prisma.ts";
import type { Project } from "../../generated/prisma/client.ts";

type TCountsRow = { project_id: string; items: bigint; annotations: bigint; completed: bigint };

/**
 * Item, annotation and completion counts for many projects in one query (no N+1). Only live items
 * count: screening and honeypot items are never "done", and labelers see these counts, so counting
 * gold items would show them how many there are.
 */
export async function loadProjectCounts(db: TDb, projectIds: string[]) {
  if (projectIds.length === 0) return new Map<string, TProject["counts"]>();
  const rows = await db.$queryRaw<TCountsRow[]>`
    SELECT i.project_id, count(*) AS items, coalesce(sum(i.done_count), 0)::bigint AS annotations,
           count(*) FILTER (WHERE i.done_count >= p.overlap) AS completed
    FROM items i JOIN projects p ON p.id = i.project_id
    WHERE i.project_id = ANY(${projectIds}::uuid[]) AND i.role = 'LIVE'
    GROUP BY i.project_id`;
  const counts = new Map<string, TProject["counts"]>();
  for (const r of rows) {
    const items = Number(r.items);
    const completedItems = Number(r.completed);
    counts.set(r.project_id, { items, annotations: Number(r.annotations), completedItems, completion: items ? completedItems / items : 0 });
  }
  return counts;
}

const EMPTY_COUNTS = { items: 0, annotations: 0, completedItems: 0, completion: 0 };

export function toProject(row: Project, counts: TProject["counts"] = EMPTY_COUNTS): TProject {
  return {
    id: row.id,
    name: row.name,
    guidelines: row.guidelines,
    criteria: ZCriterion.array().parse(row.criteria) as TCriterion[],
    overlap: row.overlap,
    leaseSeconds: row.leaseSeconds,
    createdAt: row.createdAt.toISOString(),
    counts,
  };
}
