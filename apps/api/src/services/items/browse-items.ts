import { type TFormDefinition, type TItemBrowseList, type TItemBrowseQuery, type TResponse, ZFormDefinition } from "@rankwise/shared";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { TDb } from "../../lib/prisma.ts";
import { computeDisagreement } from "./item-disagreement.ts";

/** Items scanned per round while looking for disputed ones (disagreement is computed here, not in SQL). */
const SCAN_BATCH = 200;

/** The project's current form, or null before one is saved. */
export async function loadCurrentForm(db: TDb, projectId: string): Promise<TFormDefinition | null> {
  const version = await db.formVersion.findFirst({ where: { projectId }, orderBy: { version: "desc" } });
  if (!version) return null;
  const parsed = ZFormDefinition.safeParse(version.definition);
  return parsed.success ? parsed.data : null;
}

function statusWhere(status: TItemBrowseQuery["status"], overlap: number): Prisma.ItemWhereInput {
  switch (status) {
    case "unlabeled":
      return { doneCount: 0, activeCount: 0 };
    case "in_progress":
      return { activeCount: { gt: 0 }, doneCount: { lt: overlap } };
    case "complete":
      return { doneCount: { gte: overlap } };
    case "skipped":
      return { skipCount: { gt: 0 } };
    case "flagged":
      return { flags: { some: { resolvedAt: null } } };
    // Disagreement needs two answers at least.
    case "disputed":
      return { doneCount: { gte: 2 } };
    default:
      return {};
  }
}

/** One page of a project's items with answer, skip and open flag counts and a disagreement score, in import order. */
export async function browseItems(db: TDb, project: { id: string; overlap: number }, query: TItemBrowseQuery): Promise<TItemBrowseList> {
  const form = await loadCurrentForm(db, project.id);
  const where: Prisma.ItemWhereInput = { projectId: project.id, ...statusWhere(query.status, project.overlap) };
  const batch = query.status === "disputed" ? SCAN_BATCH : query.limit + 1;
  const out: TItemBrowseList["items"] = [];
  let after = query.after;
  for (;;) {
    const rows = await db.item.findMany({
      where: { ...where, ...(after !== undefined ? { seq: { gt: after } } : {}) },
      orderBy: { seq: "asc" },
      take: batch,
      include: {
        gold: { select: { itemId: true } },
        annotations: { select: { answer: true } },
        _count: { select: { flags: { where: { resolvedAt: null } } } },
      },
    });
    for (const r of rows) {
      const responseIds = (r.responses as TResponse[]).map((x) => x.id);
      const disagreement = computeDisagreement(
        form,
        responseIds,
        r.annotations.map((a) => a.answer as Record<string, unknown>),
      );
      if (query.status === "disputed" && (disagreement === null || disagreement < query.threshold)) continue;
      out.push({
        id: r.id,
        seq: r.seq,
        externalId: r.externalId,
        role: r.role,
        hasGold: r.gold !== null,
        answers: r.annotations.length,
        skips: r.skipCount,
        flags: r._count.flags,
        disagreement,
      });
      if (out.length > query.limit) break;
    }
    const last = rows[rows.length - 1];
    if (out.length > query.limit || rows.length < batch || !last) break;
    after = last.seq;
  }
  const page = out.slice(0, query.limit);
  return { overlap: project.overlap, items: page, nextCursor: out.length > query.limit ? (page[page.length - 1]?.seq ?? null) : null };
}
