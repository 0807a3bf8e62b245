import { readQualitySettings, readUndoWindowSeconds, type TTask } from "@rankwise/shared";
import { AppError, notFound } from "../../lib/app-error.ts";
import type { TDb, TPrisma } from "../../lib/prisma.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { computePeerAgreement, loadGoldScores } from "../quality/evaluate-member.ts";
import { lockMember } from "../quality/member-status.ts";
import { dropQueueFloor, lockLabeler } from "./lease-fast.ts";
import { leaseNextTask } from "./lease-next-task.ts";

/**
 * Gives back every other live lease the labeler holds in the project (the task prefetched after the
 * submit being undone), so they hold one lease at most. EXPIRED, not SKIPPED: the item was never
 * judged, and the labeler may be served it again later.
 */
async function releaseOtherLeases(tx: TDb, projectId: string, labelerId: string, keepId: string): Promise<number> {
  return tx.$executeRaw`
    WITH released AS (
      UPDATE assignments SET status = 'EXPIRED', lease_expires_at = now()
      WHERE project_id = ${projectId}::uuid AND labeler_id = ${labelerId}::uuid AND status = 'LEASED' AND id <> ${keepId}::uuid
      RETURNING item_id
    )
    UPDATE items SET active_count = items.active_count - r.n
    FROM (SELECT item_id, count(*)::int AS n FROM released GROUP BY item_id) r
    WHERE items.id = r.item_id`;
}

/**
 * Takes back what scoring the withdrawn honeypot answer did: automatic tier changes made since the
 * answer was stored are deleted and the member's status restored (unless someone changed the tier by
 * hand since: that decision stands), and the gold and peer agreement are recomputed without the answer.
 * The tier rules are not re-run: without the answer the member is where they were before it.
 */
async function revertScoring(
  tx: TDb,
  input: { projectId: string; labelerId: string; answeredAt: Date; assignmentId: string; itemId: string },
) {
  const { projectId, labelerId } = input;
  const member = await lockMember(tx, projectId, labelerId);
  if (!member) return;
  const since = await tx.tierChange.findMany({
    where: { projectId, userId: labelerId, createdAt: { gte: input.answeredAt } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  const first = since[0];
  const reverted = first && since.every((c) => c.changedById === null) ? since : [];
  if (first && reverted.length > 0) {
    await tx.tierChange.deleteMany({ where: { id: { in: reverted.map((c) => c.id) } } });
    await tx.projectMember.update({ where: { projectId_userId: { projectId, userId: labelerId } }, data: { status: first.from } });
    await recordAudit(tx, {
      actorId: labelerId,
      projectId,
      action: "annotation.undo.tier",
      entity: "project_member",
      entityId: labelerId,
      data: {
        assignmentId: input.assignmentId,
        itemId: input.itemId,
        from: member.status,
        to: first.from,
        tierChanges: reverted.map((c) => ({ id: c.id, from: c.from, to: c.to, reason: c.reason })),
      },
    });
  }
  const project = await tx.project.findUniqueOrThrow({ where: { id: projectId }, select: { settings: true } });
  const settings = readQualitySettings(project.settings);
  const limit = Math.max(settings.goldWindow, settings.suspension.window);
  const [gold, peer] = await Promise.all([
    loadGoldScores(tx, projectId, labelerId, { limit, since: null }),
    computePeerAgreement(tx, projectId, labelerId),
  ]);
  const window = gold.scored.slice(0, settings.goldWindow).map((s) => s.score);
  await tx.projectMember.update({
    where: { projectId_userId: { projectId, userId: labelerId } },
    data: {
      goldAgreement: window.length ? window.reduce((a, b) => a + b, 0) / window.length : null,
      goldCount: gold.total,
      peerAgreement: peer?.score ?? null,
    },
  });
}

/**
 * Takes back the labeler's latest submit within the project's undo window
 * (`settings.undoWindowSeconds`, default 10 s): the answer is deleted and the assignment is the
 * labeler's live lease again (fresh expiry, same item, display order and form version), so the item
 * keeps its slot (`active_count` unchanged) and still gets exactly `overlap` answers from distinct
 * labelers. Any task leased for them since (the prefetched next one) goes back to the pool. A
 * honeypot's score and the tier changes it caused are reversed. Items' `updated_at` moves, which
 * invalidates the cached agreement report. Returns the task as `tasks/next` would.
 *
 * Callers should let after-submit scoring finish first (`app.deferred.drain()`), so a late scoring
 * run does not write scores of the deleted answer back.
 */
export async function undoSubmit(prisma: TPrisma, input: { assignmentId: string; labelerId: string }): Promise<TTask> {
  const found = await prisma.assignment.findUnique({
    where: { id: input.assignmentId },
    select: { labelerId: true, projectId: true, project: { select: { id: true, overlap: true, leaseSeconds: true, settings: true } } },
  });
  if (!found || found.labelerId !== input.labelerId) throw notFound("Assignment");
  const project = found.project;
  const windowSeconds = readUndoWindowSeconds(project.settings);

  let released = 0;
  await prisma.$transaction(
    async (tx) => {
      await lockLabeler(tx, input.labelerId, project.id);
      const [row] = await tx.$queryRaw<{ status: string; live: boolean; in_window: boolean; latest: boolean; other_live: boolean }[]>`
        SELECT a.status, a.lease_expires_at > now() AS live,
          a.submitted_at + make_interval(secs => ${windowSeconds}) > now() AS in_window,
          NOT EXISTS (
            SELECT 1 FROM assignments b
            WHERE b.labeler_id = a.labeler_id AND b.project_id = a.project_id AND b.status = 'SUBMITTED'
              AND b.id <> a.id AND b.submitted_at >= a.submitted_at
          ) AS latest,
          EXISTS (
            SELECT 1 FROM assignments b
            WHERE b.labeler_id = a.labeler_id AND b.project_id = a.project_id AND b.status = 'LEASED'
              AND b.lease_expires_at > now() AND b.id <> a.id
          ) AS other_live
        FROM assignments a WHERE a.id = ${input.assignmentId}::uuid FOR UPDATE`;
      if (!row) throw notFound("Assignment");
      if (row.status === "LEASED" && row.live) {
        // Re-serving this lease below would hand out the other one instead: refuse here, before anything is written.
        if (row.other_live) throw new AppError("CONFLICT", "You hold another task in this project; this one cannot be restored");
        // A retried undo finds the lease it restored: same result, nothing changes twice.
        return;
      }
      if (row.status !== "SUBMITTED") throw new AppError("CONFLICT", "Only a submitted answer can be undone");
      if (!row.in_window) throw new AppError("UNDO_WINDOW_PASSED", `An answer can be undone within ${windowSeconds} s of submitting it`);
      if (!row.latest) throw new AppError("UNDO_WINDOW_PASSED", "Only your latest answer in this project can be undone");

      const [deleted] = await tx.$queryRaw<{ created_at: Date; item_id: string; role: string; has_gold: boolean }[]>`
        DELETE FROM annotations a USING items i
        WHERE a.assignment_id = ${input.assignmentId}::uuid AND i.id = a.item_id
        RETURNING a.created_at, a.item_id, i.role::text AS role, EXISTS (SELECT 1 FROM gold_answers g WHERE g.item_id = a.item_id) AS has_gold`;
      if (!deleted) throw new AppError("CONFLICT", "This answer is already gone");
      await tx.$executeRaw`
        UPDATE assignments SET status = 'LEASED', submitted_at = NULL, leased_at = now(),
          lease_expires_at = now() + make_interval(secs => ${project.leaseSeconds})
        WHERE id = ${input.assignmentId}::uuid`;
      await tx.$executeRaw`
        UPDATE items SET done_count = done_count - 1, updated_at = now() WHERE id = ${deleted.item_id}::uuid`;
      released = await releaseOtherLeases(tx, project.id, input.labelerId, input.assignmentId);
      if (deleted.role === "HONEYPOT" && deleted.has_gold) {
        await revertScoring(tx, {
          projectId: project.id,
          labelerId: input.labelerId,
          answeredAt: deleted.created_at,
          assignmentId: input.assignmentId,
          itemId: deleted.item_id,
        });
      }
    },
    { timeout: 15_000, maxWait: 10_000 },
  );

  // A released item reopens the queue below where the fast lease path starts looking.
  if (released > 0) dropQueueFloor(project.id);
  // The restored lease is now the labeler's only live one, so this returns it, rendered as before.
  const task = await leaseNextTask(prisma, project, input.labelerId);
  if (task?.assignmentId !== input.assignmentId) throw new AppError("CONFLICT", "The task could not be restored; fetch a new task");
  return task;
}
