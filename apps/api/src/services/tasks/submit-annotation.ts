import { checkRanking, type TAnnotation, type TRankingAnswer, type TResponse } from "@rankwise/shared";
import { AppError, notFound } from "../../lib/app-error.ts";
import type { TDb, TPrisma } from "../../lib/prisma.ts";
import type { Annotation } from "../../generated/prisma/client.ts";

export function toAnnotation(row: Annotation): TAnnotation {
  return {
    id: row.id,
    assignmentId: row.assignmentId,
    itemId: row.itemId,
    answer: row.answer as Record<string, unknown>,
    durationMs: row.durationMs,
    createdAt: row.createdAt.toISOString(),
  };
}

async function findReplay(db: TDb, labelerId: string, key: string | undefined, assignmentId: string) {
  if (!key) return null;
  const prior = await db.annotation.findUnique({ where: { labelerId_idempotencyKey: { labelerId, idempotencyKey: key } } });
  if (prior && prior.assignmentId !== assignmentId) {
    throw new AppError("CONFLICT", "This Idempotency-Key was already used for another assignment");
  }
  return prior;
}

/**
 * Stores a labeler's answer for their live lease. With an Idempotency-Key, a repeated submit
 * returns the first annotation and never writes a second row.
 */
export async function submitAnnotation(
  prisma: TPrisma,
  input: { assignmentId: string; labelerId: string; answer: TRankingAnswer; idempotencyKey?: string },
): Promise<{ annotation: TAnnotation; replayed: boolean }> {
  const { assignmentId, labelerId, idempotencyKey } = input;
  const replay = await findReplay(prisma, labelerId, idempotencyKey, assignmentId);
  if (replay) return { annotation: toAnnotation(replay), replayed: true };

  const assignment = await prisma.assignment.findUnique({ where: { id: assignmentId }, include: { item: { select: { responses: true } } } });
  // Someone else's assignment is reported as missing: its existence is not the caller's business.
  if (!assignment || assignment.labelerId !== labelerId) throw notFound("Assignment");

  const problems = checkRanking(input.answer.ranking, (assignment.item.responses as TResponse[]).map((r) => r.id));
  if (problems.length) {
    throw new AppError("VALIDATION_FAILED", `Invalid ranking: ${problems.join("; ")}`, problems.map((message) => ({ path: ["body", "ranking"], message })));
  }

  return prisma.$transaction(async (tx) => {
    const flipped = await tx.$executeRaw`
      UPDATE assignments SET status = 'SUBMITTED', submitted_at = now()
      WHERE id = ${assignmentId}::uuid AND status = 'LEASED' AND lease_expires_at > now()`;
    if (flipped === 0) {
      // A concurrent twin with the same key may have won the race: return its result.
      const twin = await findReplay(tx, labelerId, idempotencyKey, assignmentId);
      if (twin) return { annotation: toAnnotation(twin), replayed: true };
      const current = await tx.assignment.findUniqueOrThrow({ where: { id: assignmentId } });
      if (current.status === "SUBMITTED") throw new AppError("ALREADY_SUBMITTED", "This assignment was already answered");
      throw new AppError("LEASE_EXPIRED", "The lease on this task expired; fetch a new task");
    }
    await tx.item.update({ where: { id: assignment.itemId }, data: { doneCount: { increment: 1 } } });
    const form = await tx.formVersion.findFirst({ where: { projectId: assignment.projectId }, orderBy: { version: "desc" }, select: { id: true } });
    const row = await tx.annotation.create({
      data: {
        assignmentId,
        projectId: assignment.projectId,
        itemId: assignment.itemId,
        labelerId,
        formVersionId: form?.id ?? null,
        answer: { ranking: input.answer.ranking },
        durationMs: input.answer.durationMs ?? null,
        idempotencyKey: idempotencyKey ?? null,
      },
    });
    return { annotation: toAnnotation(row), replayed: false };
  });
}
