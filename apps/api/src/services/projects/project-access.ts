import { AppError, forbidden, notFound } from "../../lib/app-error.ts";
import type { MemberStatus, Project } from "../../generated/prisma/client.ts";
import { pgPoolOf, type TDb } from "../../lib/prisma.ts";
import type { TAuthUser } from "../auth/sessions.ts";

/**
 * - read: researchers, engineers and admins see every project; labelers only their own.
 * - manage: researchers and admins (forms, imports, members).
 * - export: engineers, researchers and admins.
 * - label: labelers who are members in good standing.
 */
export type TProjectAction = "read" | "manage" | "export" | "label";

const LABELING_STATUSES = new Set(["QUALIFIED", "SUPER_RATER"]);

/**
 * The project and the user's membership in one statement (labelers ask on every task request):
 * through the pg pool under the client when there is one, else two Prisma reads.
 */
async function findProjectAndMember(db: TDb, projectId: string, userId: string) {
  const pool = pgPoolOf(db);
  if (!pool) {
    const project = await db.project.findUnique({ where: { id: projectId } });
    const member = project && (await db.projectMember.findUnique({ where: { projectId_userId: { projectId, userId } } }));
    return { project, member: member ? { status: member.status } : null };
  }
  const { rows } = await pool.query<Project & { memberStatus: MemberStatus | null }>({
    name: "project-access",
    text: `SELECT p.id, p.name, p.guidelines, p.criteria, p.overlap, p.lease_seconds AS "leaseSeconds", p.settings,
                  p.created_by_id AS "createdById", p.created_at AS "createdAt", p.updated_at AS "updatedAt", m.status AS "memberStatus"
           FROM projects p LEFT JOIN project_members m ON m.project_id = p.id AND m.user_id = $2::uuid
           WHERE p.id = $1::uuid`,
    values: [projectId, userId],
  });
  const row = rows[0];
  if (!row) return { project: null, member: null };
  const { memberStatus, ...project } = row;
  return { project, member: memberStatus ? { status: memberStatus } : null };
}

/** The "label" rule on its own, for callers that already read the membership (the submit statement does). */
export function assertMayLabel(user: TAuthUser, memberStatus: MemberStatus | null) {
  if (user.role !== "LABELER") throw forbidden("Only labelers take tasks");
  // A labeler outside the project must not learn that it exists.
  if (!memberStatus) throw notFound("Project");
  if (!LABELING_STATUSES.has(memberStatus)) {
    throw new AppError("FORBIDDEN", `Your status in this project is ${memberStatus}; live tasks need QUALIFIED or SUPER_RATER`);
  }
}

export async function assertProjectAccess(db: TDb, user: TAuthUser, projectId: string, action: TProjectAction) {
  const { project, member } = await findProjectAndMember(db, projectId, user.id);
  if (!project) throw notFound("Project");
  if (action === "label") {
    assertMayLabel(user, member?.status ?? null);
    return project;
  }
  if (user.role === "ADMIN") return project;
  if (user.role === "LABELER") {
    if (!member) throw notFound("Project");
    if (action !== "read") throw forbidden();
    return project;
  }
  if (action === "manage" && user.role !== "RESEARCHER") throw forbidden("Only researchers manage projects");
  return project;
}
