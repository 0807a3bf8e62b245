import { AppError, notFound } from "../../lib/app-error.ts";
import type { TDb } from "../../lib/prisma.ts";
import type { MemberStatus } from "../../generated/prisma/client.ts";

/**
 * Adds a labeler to a project. Without an explicit status, a labeler joining a project whose
 * screening test is enabled starts INVITED (they must pass it first); otherwise QUALIFIED.
 * Adding someone who is already a member changes nothing.
 */
export async function addMember(db: TDb, projectId: string, email: string, status?: MemberStatus) {
  const user = await db.user.findUnique({ where: { email: email.toLowerCase() } });
  if (!user) throw notFound(`User ${email}`);
  if (user.role !== "LABELER") throw new AppError("BAD_REQUEST", `${email} is a ${user.role}, not a labeler`);
  const screening = status ? null : await db.screeningTest.findUnique({ where: { projectId }, select: { enabled: true } });
  const initial: MemberStatus = status ?? (screening?.enabled ? "INVITED" : "QUALIFIED");
  return db.projectMember.upsert({
    where: { projectId_userId: { projectId, userId: user.id } },
    create: { projectId, userId: user.id, status: initial },
    update: {},
    include: { user: true },
  });
}
