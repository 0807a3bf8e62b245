import { AppError, forbidden, notFound } from "../../lib/app-error.ts";
import type { TDb } from "../../lib/prisma.ts";
import type { TAuthUser } from "../auth/sessions.ts";

/**
 * - read: researchers, engineers and admins see every project; labelers only their own.
 * - manage: researchers and admins (forms, imports, members).
 * - export: engineers, researchers and admins.
 * - label: labelers who are members in good standing.
 */
export type TProjectAction = "read" | "manage" | "export" | "label";

const LABELING_STATUSES = new Set(["QUALIFIED", "SUPER_RATER"]);

export async function assertProjectAccess(db: TDb, user: TAuthUser, projectId: string, action: TProjectAction) {
  const project = await db.project.findUnique({ where: { id: projectId } });
  if (!project) throw notFound("Project");
  if (action === "label") {
    if (user.role !== "LABELER") throw forbidden("Only labelers take tasks");
    const member = await db.projectMember.findUnique({ where: { projectId_userId: { projectId, userId: user.id } } });
    // A labeler outside the project must not learn that it exists.
    if (!member) throw notFound("Project");
    if (!LABELING_STATUSES.has(member.status)) {
      throw new AppError("FORBIDDEN", `Your status in this project is ${member.status}; live tasks need QUALIFIED or SUPER_RATER`);
    }
    return project;
  }
  if (user.role === "ADMIN") return project;
  if (user.role === "LABELER") {
    const member = await db.projectMember.findUnique({ where: { projectId_userId: { projectId, userId: user.id } } });
    if (!member) throw notFound("Project");
    if (action !== "read") throw forbidden();
    return project;
  }
  if (action === "manage" && user.role !== "RESEARCHER") throw forbidden("Only researchers manage projects");
  return project;
}
