import { buildAnswerSchema, type TAnnotation, type TFormDefinition, type TResponse, type TSubmitAnswer } from "@rankwise/shared";
import type { Annotation } from "../../generated/prisma/client.ts";
import { AppError, notFound } from "../../lib/app-error.ts";
import { pgPoolOf, type TDb, type TPrisma } from "../../lib/prisma.ts";
import { parseForm } from "../forms/form-versions.ts";
import { dropQueueFloor } from "./lease-fast.ts";
import { shuffleSeeded } from "./shuffle.ts";
import { takeServedTask } from "./served-tasks.ts";
import { loadForSubmit, type TSubmitFacts, writeAnnotation } from "./submit-fast.ts";

export function toAnnotation(row: Annotation & { formVersion?: { version: number } | null }): TAnnotation {
  return {
    id: row.id,
    assignmentId: row.assignmentId,
    itemId: row.itemId,
    answer: row.answer as Record<string, unknown>,
    formVersion: row.formVersion?.version ?? null,
    displayOrder: row.displayOrder as string[],
    durationMs: row.durationMs,
    createdAt: row.createdAt.toISOString(),
  };
}

async function findReplay(db: TDb, labelerId: string, key: string | undefined, assignmentId: string) {
  if (!key) return null;
  const prior = await db.annotation.findUnique({
    where: { labelerId_idempotencyKey: { labelerId, idempotencyKey: key } },
    include: { formVersion: { select: { version: true } } },
  });
  if (prior && prior.assignmentId !== assignmentId) {
    throw new AppError("CONFLICT", "This Idempotency-Key was already used for another assignment");
  }
  return prior;
}

/** Loads the caller's own assignment; someone else's is reported as missing. */
export async function loadOwnAssignment(db: TDb, assignmentId: string, labelerId: string) {
  const assignment = await db.assignment.findUnique({
    where: { id: assignmentId },
    include: { item: { select: { responses: true } }, formVersion: true },
  });
  if (!assignment || assignment.labelerId !== labelerId) throw notFound("Assignment");
  return assignment;
}

/** The answers checked against the form version and item served; throws VALIDATION_FAILED naming each problem. */
export function checkAnswers(form: TFormDefinition, responses: TResponse[], pairs: Record<string, [string, string]>, body: TSubmitAnswer) {
  const answers = body.answers ?? { ranking: body.ranking };
  const checked = buildAnswerSchema(form, { responses, pairs }).safeParse(answers);
  if (!checked.success) {
    const issues = checked.error.issues.map((i) => ({
      path: ["body", "answers", ...i.path.map((p) => (typeof p === "symbol" ? String(p) : p))],
      message: i.message,
    }));
    throw new AppError(
      "VALIDATION_FAILED",
      `Invalid answers: ${issues.map((i) => `${i.path.slice(2).join(".")}: ${i.message}`).join("; ")}`,
      issues,
    );
  }
  return checked.data;
}

/**
 * Stores a labeler's answers for their live lease, checked against the form version they were
 * shown and the item (response ids, step counts, evidence spans, the sampled pair). With an
 * Idempotency-Key, a repeated submit returns the first annotation and never writes a second row.
 * A first submit through the pg pool also returns its `facts` (item role, project, membership).
 */
export async function submitAnnotation(
  prisma: TPrisma,
  input: { assignmentId: string; labelerId: string; body: TSubmitAnswer; idempotencyKey?: string },
): Promise<{ annotation: TAnnotation; replayed: boolean; facts?: TSubmitFacts }> {
  const { assignmentId, labelerId, idempotencyKey } = input;
  // The hot path reads and writes through the pg pool in one statement each; the Prisma path is the reference.
  const pool = pgPoolOf(prisma);
  // Served by this process: check against what was served and write, guarded by the database.
  const served = pool ? takeServedTask(assignmentId, labelerId) : null;
  if (pool && served) {
    const checked = checkAnswers(served.form, served.responses, served.context.pairs ?? {}, input.body);
    const written = await writeAnnotation(pool, {
      assignmentId,
      labelerId,
      answer: checked,
      displayOrder: shuffleSeeded(
        served.responses.map((r) => r.id),
        served.shuffleSeed,
      ),
      durationMs: input.body.durationMs ?? null,
      idempotencyKey: idempotencyKey ?? null,
      served: { itemId: served.itemId, formVersionId: served.formVersionId, context: served.context },
    });
    if (written) return { annotation: toAnnotation(written.row), replayed: false, facts: written.facts };
  }
  const loaded = pool ? await loadForSubmit(pool, input) : null;
  const replay = loaded ? ("replay" in loaded ? loaded.replay : null) : await findReplay(prisma, labelerId, idempotencyKey, assignmentId);
  if (replay) return { annotation: toAnnotation(replay), replayed: true };

  const assignment = loaded && "assignment" in loaded ? loaded.assignment : await loadOwnAssignment(prisma, assignmentId, labelerId);
  const form = "form" in assignment ? assignment.form : assignment.formVersion && parseForm(assignment.formVersion);
  if (!form) throw new AppError("CONFLICT", "This assignment has no form; fetch a new task");
  const responses = assignment.item.responses as TResponse[];
  const pairs = (assignment.context as { pairs?: Record<string, [string, string]> }).pairs ?? {};
  const checked = { data: checkAnswers(form, responses, pairs, input.body) };

  const displayOrder = shuffleSeeded(
    responses.map((r) => r.id),
    assignment.shuffleSeed,
  );
  if (pool) {
    const written = await writeAnnotation(pool, {
      assignmentId,
      labelerId,
      answer: checked.data,
      displayOrder,
      durationMs: input.body.durationMs ?? null,
      idempotencyKey: idempotencyKey ?? null,
    });
    if (written) return { annotation: toAnnotation(written.row), replayed: false, facts: written.facts };
    // The lease was not live: the transaction below finds out why and answers accordingly.
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
      if (current.status === "SKIPPED") throw new AppError("CONFLICT", "This assignment was skipped");
      throw new AppError("LEASE_EXPIRED", "The lease on this task expired; fetch a new task");
    }
    await tx.item.update({ where: { id: assignment.itemId }, data: { doneCount: { increment: 1 } } });
    const row = await tx.annotation.create({
      data: {
        assignmentId,
        projectId: assignment.projectId,
        itemId: assignment.itemId,
        labelerId,
        formVersionId: assignment.formVersionId,
        answer: checked.data as object,
        displayOrder,
        durationMs: input.body.durationMs ?? null,
        idempotencyKey: idempotencyKey ?? null,
      },
      include: { formVersion: { select: { version: true } } },
    });
    return { annotation: toAnnotation(row), replayed: false };
  });
}

/** Gives the task back with a reason; the item returns to the pool for other labelers. */
export async function skipAssignment(prisma: TPrisma, input: { assignmentId: string; labelerId: string; reason: string; note?: string }) {
  const assignment = await loadOwnAssignment(prisma, input.assignmentId, input.labelerId);
  // active_count counts every LEASED row until it changes status, so a skip always gives one back.
  const rows = await prisma.$queryRaw<{ id: string }[]>`
    WITH skipped AS (
      UPDATE assignments SET status = 'SKIPPED', skip_reason = ${input.reason}, skip_note = ${input.note ?? null}
      WHERE id = ${input.assignmentId}::uuid AND status = 'LEASED'
      RETURNING item_id
    )
    UPDATE items SET skip_count = skip_count + 1, active_count = active_count - 1
    FROM skipped WHERE items.id = skipped.item_id
    RETURNING items.id`;
  if (rows.length === 0) throw new AppError("CONFLICT", "Only a task you currently hold can be skipped");
  dropQueueFloor(assignment.projectId);
}
