import {
  buildAnswerSchema,
  type TAnswers,
  type TGoldAnswer,
  type TItemQuality,
  type TResponse,
  type TUpdateItemRequest,
} from "@rankwise/shared";
import type { GoldAnswer, Item } from "../../generated/prisma/client.ts";
import { AppError, notFound } from "../../lib/app-error.ts";
import type { TDb, TPrisma } from "../../lib/prisma.ts";
import type { TAuthUser } from "../auth/sessions.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { getCurrentForm, parseForm } from "../forms/form-versions.ts";
import { assertProjectAccess } from "../projects/project-access.ts";

export function toGoldAnswer(row: GoldAnswer): TGoldAnswer {
  return { itemId: row.itemId, answers: row.answers as TAnswers, createdById: row.createdById, updatedAt: row.updatedAt.toISOString() };
}

export function toItemQuality(row: Item & { gold?: { itemId: string } | null }): TItemQuality {
  return {
    id: row.id,
    projectId: row.projectId,
    externalId: row.externalId,
    role: row.role,
    superRatersOnly: row.superRatersOnly,
    hasGold: Boolean(row.gold),
  };
}

/** The item, if the user may manage its project; 404 for an unknown item. */
export async function loadManagedItem(db: TDb, user: TAuthUser, itemId: string) {
  const item = await db.item.findUnique({ where: { id: itemId }, include: { gold: { select: { itemId: true } } } });
  if (!item) throw notFound("Item");
  await assertProjectAccess(db, user, item.projectId, "manage");
  return item;
}

/**
 * Saves the researchers' answer for a gold item, checked against the project's current form and the
 * item (response ids, step counts, evidence spans). Audit-logged with the previous answer.
 */
export async function setGoldAnswer(prisma: TPrisma, user: TAuthUser, itemId: string, answers: TAnswers): Promise<TGoldAnswer> {
  const item = await loadManagedItem(prisma, user, itemId);
  const form = parseForm(await getCurrentForm(prisma, item.projectId));
  const checked = buildAnswerSchema(form, { responses: item.responses as TResponse[] }).safeParse(answers);
  if (!checked.success) {
    const issues = checked.error.issues.map((i) => ({
      path: ["body", "answers", ...i.path.map((p) => (typeof p === "symbol" ? String(p) : p))],
      message: i.message,
    }));
    throw new AppError(
      "VALIDATION_FAILED",
      `Invalid gold answers: ${issues.map((i) => `${i.path.slice(2).join(".")}: ${i.message}`).join("; ")}`,
      issues,
    );
  }
  if (Object.keys(checked.data).length === 0) throw new AppError("BAD_REQUEST", "Gold answers must answer at least one question");
  return prisma.$transaction(async (tx) => {
    const before = await tx.goldAnswer.findUnique({ where: { itemId } });
    const row = await tx.goldAnswer.upsert({
      where: { itemId },
      create: { itemId, answers: checked.data as object, createdById: user.id },
      update: { answers: checked.data as object, createdById: user.id },
    });
    await recordAudit(tx, {
      actorId: user.id,
      projectId: item.projectId,
      action: before ? "gold.update" : "gold.create",
      entity: "item",
      entityId: itemId,
      data: { before: before?.answers ?? null, after: checked.data },
    });
    return toGoldAnswer(row);
  });
}

export async function getGoldAnswer(db: TDb, user: TAuthUser, itemId: string): Promise<TGoldAnswer> {
  await loadManagedItem(db, user, itemId);
  const row = await db.goldAnswer.findUnique({ where: { itemId } });
  if (!row) throw notFound("Gold answer");
  return toGoldAnswer(row);
}

export async function deleteGoldAnswer(prisma: TPrisma, user: TAuthUser, itemId: string): Promise<void> {
  const item = await loadManagedItem(prisma, user, itemId);
  await prisma.$transaction(async (tx) => {
    const before = await tx.goldAnswer.findUnique({ where: { itemId } });
    if (!before) throw notFound("Gold answer");
    await tx.goldAnswer.delete({ where: { itemId } });
    await recordAudit(tx, {
      actorId: user.id,
      projectId: item.projectId,
      action: "gold.delete",
      entity: "item",
      entityId: itemId,
      data: { before: before.answers },
    });
  });
}

/**
 * Changes an item's role or super-rater routing. LIVE ↔ HONEYPOT is allowed at any time (earlier
 * answers stay as they are); an item that labelers have already been given cannot become a
 * screening item, since screening items must never have live answers.
 */
export async function updateItemQuality(
  prisma: TPrisma,
  user: TAuthUser,
  itemId: string,
  patch: TUpdateItemRequest,
): Promise<TItemQuality> {
  const item = await loadManagedItem(prisma, user, itemId);
  if (patch.role === "SCREENING" && item.role !== "SCREENING") {
    const served = await prisma.assignment.count({ where: { itemId } });
    if (served > 0) throw new AppError("CONFLICT", "This item was already given to labelers; it cannot become a screening item");
  }
  return prisma.$transaction(async (tx) => {
    const row = await tx.item.update({
      where: { id: itemId },
      data: {
        ...(patch.role ? { role: patch.role } : {}),
        ...(patch.superRatersOnly === undefined ? {} : { superRatersOnly: patch.superRatersOnly }),
      },
      include: { gold: { select: { itemId: true } } },
    });
    await recordAudit(tx, {
      actorId: user.id,
      projectId: item.projectId,
      action: "item.update",
      entity: "item",
      entityId: itemId,
      data: {
        before: { role: item.role, superRatersOnly: item.superRatersOnly },
        after: { role: row.role, superRatersOnly: row.superRatersOnly },
      },
    });
    return toItemQuality(row);
  });
}
