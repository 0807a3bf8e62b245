import { readUndoWindowSeconds, type TAnnotation, type TTask } from "@rankwise/shared";
import { AppError } from "../../lib/app-error.ts";
import type { TPrisma } from "../../lib/prisma.ts";
import type { TAuthUser } from "../auth/sessions.ts";
import { assertMayLabel, assertProjectAccess } from "../projects/project-access.ts";
import { leaseNextTask } from "./lease-next-task.ts";
import type { TSubmitFacts } from "./submit-fast.ts";

/**
 * For `?next=1` on a submit: the next task, leased exactly as `tasks/next` leases it (same lock, same
 * one-live-lease rule: the submitted assignment is no longer live), and until when the answer can be
 * undone. `next` is null when the queue is empty, or when the labeler may no longer take live tasks
 * here (the submit itself still stands). With the submit statement's `facts` (project, membership,
 * submit time) nothing is read again: only the lease goes to the database.
 */
export async function leaseAfterSubmit(
  prisma: TPrisma,
  user: TAuthUser,
  annotation: TAnnotation,
  facts?: TSubmitFacts,
): Promise<{ next: TTask | null; undoExpiresAt: string | undefined }> {
  let project: { id: string; overlap: number; leaseSeconds: number; settings: unknown };
  let submittedAt: Date;
  try {
    if (facts) {
      assertMayLabel(user, facts.memberStatus);
      project = facts.project;
      submittedAt = facts.submittedAt;
    } else {
      const row = await prisma.assignment.findUnique({
        where: { id: annotation.assignmentId },
        select: { projectId: true, submittedAt: true },
      });
      if (!row) return { next: null, undoExpiresAt: undefined };
      project = await assertProjectAccess(prisma, user, row.projectId, "label");
      submittedAt = row.submittedAt ?? new Date(annotation.createdAt);
    }
  } catch (err) {
    if (err instanceof AppError && (err.code === "FORBIDDEN" || err.code === "NOT_FOUND")) return { next: null, undoExpiresAt: undefined };
    throw err;
  }
  const undoExpiresAt = new Date(submittedAt.getTime() + readUndoWindowSeconds(project.settings) * 1000).toISOString();
  return { next: await leaseNextTask(prisma, project, user.id), undoExpiresAt };
}
