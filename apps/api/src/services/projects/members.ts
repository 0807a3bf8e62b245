import { AppError, notFound } from "../../lib/app-error.ts";
import type { TDb } from "../../lib/prisma.ts";
import type { MemberStatus } from "../../generated/prisma/client.ts";

export async function addMember(db: TDb, projectId: string, email: string, status: MemberStatus = "QUALIFIED") {
  const user = await db.user.findUnique({ where: { email: email.toLowerCase() } });
  if (!user) throw notFound(`User ${email}`);
  if (user.role !== "LABELER") throw new AppError("BAD_REQUEST", `${email} is a ${user.role}, not a labeler`);
  return db.projectMember.upsert({
    where: { projectId_userId: { projectId, userId: user.id } },
    create: { projectId, userId: user.id, status },
    update: {},
    include: { user: true },
  });
}
