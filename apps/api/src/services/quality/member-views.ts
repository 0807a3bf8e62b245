import type { TMemberQuality } from "@rankwise/shared";
import type { ProjectMember, User } from "../../generated/prisma/client.ts";
import type { TDb } from "../../lib/prisma.ts";
import { toTierChange } from "./member-status.ts";

export function toMemberQuality(m: ProjectMember & { user: User }): TMemberQuality {
  return {
    userId: m.userId,
    email: m.user.email,
    name: m.user.name,
    kind: m.user.kind,
    status: m.status,
    goldAgreement: m.goldAgreement,
    goldCount: m.goldCount,
    peerAgreement: m.peerAgreement,
    updatedAt: m.updatedAt.toISOString(),
  };
}

export async function listMemberQuality(db: TDb, projectId: string) {
  const [members, changes] = await Promise.all([
    db.projectMember.findMany({ where: { projectId }, include: { user: true }, orderBy: { createdAt: "asc" } }),
    db.tierChange.findMany({ where: { projectId }, orderBy: { createdAt: "desc" }, take: 200 }),
  ]);
  return { members: members.map(toMemberQuality), recentChanges: changes.map(toTierChange) };
}
