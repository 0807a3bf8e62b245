import type { TItemAnnotations, TMessage, TResponse } from "@rankwise/shared";
import { notFound } from "../../lib/app-error.ts";
import type { TDb } from "../../lib/prisma.ts";
import { loadCurrentForm } from "./browse-items.ts";
import { computeDisagreement } from "./item-disagreement.ts";
import { listItemFlags } from "./item-flags.ts";

/** An item and every annotation of it, oldest first, with who answered and their tier in the project, and its flags. */
export async function loadItemAnnotations(db: TDb, projectId: string, itemId: string): Promise<TItemAnnotations> {
  const item = await db.item.findFirst({
    where: { id: itemId, projectId },
    include: {
      gold: { select: { itemId: true } },
      annotations: {
        orderBy: [{ createdAt: "asc" }, { id: "asc" }],
        include: { labeler: true, formVersion: { select: { version: true } } },
      },
    },
  });
  if (!item) throw notFound("Item");
  const members = await db.projectMember.findMany({
    where: { projectId, userId: { in: item.annotations.map((a) => a.labelerId) } },
    select: { userId: true, status: true },
  });
  const tiers = new Map(members.map((m) => [m.userId, m.status]));
  const responses = item.responses as TResponse[];
  const [form, flags] = await Promise.all([loadCurrentForm(db, projectId), listItemFlags(db, item.id)]);
  return {
    item: {
      id: item.id,
      projectId: item.projectId,
      externalId: item.externalId,
      role: item.role,
      superRatersOnly: item.superRatersOnly,
      hasGold: item.gold !== null,
      prompt: item.prompt as TMessage[],
      responses,
      metadata: item.metadata as Record<string, unknown>,
      skips: item.skipCount,
      disagreement: computeDisagreement(
        form,
        responses.map((r) => r.id),
        item.annotations.map((a) => a.answer as Record<string, unknown>),
      ),
    },
    annotations: item.annotations.map((a) => ({
      id: a.id,
      labeler: {
        id: a.labeler.id,
        name: a.labeler.name,
        email: a.labeler.email,
        kind: a.labeler.kind,
        tier: tiers.get(a.labelerId) ?? null,
      },
      answers: a.answer as Record<string, unknown>,
      formVersion: a.formVersion?.version ?? null,
      durationMs: a.durationMs,
      displayOrder: Array.isArray(a.displayOrder) ? (a.displayOrder as unknown[]).filter((x): x is string => typeof x === "string") : [],
      createdAt: a.createdAt.toISOString(),
    })),
    flags,
  };
}
