import type { TAcceptedInvitation, TAcceptInvitationRequest, TPublicInvitation } from "@rankwise/shared";
import { AppError } from "../../lib/app-error.ts";
import type { TDb, TPrisma } from "../../lib/prisma.ts";
import { hashSecret } from "../../lib/tokens.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { hashPassword } from "../auth/passwords.ts";
import { addMember } from "../projects/members.ts";
import { whereStatus } from "./invitation-views.ts";

/**
 * One error for every link that does not work (unknown, expired, revoked or already used), so
 * answers never tell which secrets exist.
 */
export const invitationNotFound = () =>
  new AppError(
    "NOT_FOUND",
    "This invitation link does not work. It may have expired, been revoked or been used already; ask for a new one.",
  );

const openInvitationSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  projectId: true,
  expiresAt: true,
  project: { select: { name: true } },
} as const;

async function findOpenInvitation(db: TDb, secret: string) {
  const row = await db.invitation.findFirst({
    where: { tokenHash: hashSecret(secret), ...whereStatus("pending") },
    select: openInvitationSelect,
  });
  if (!row) throw invitationNotFound();
  return row;
}

/** What the public invite page shows: the invitation only, nothing else about the project. */
export async function readInvitation(db: TDb, secret: string): Promise<TPublicInvitation> {
  const row = await findOpenInvitation(db, secret);
  return {
    email: row.email,
    name: row.name,
    role: row.role,
    project: row.project ? { name: row.project.name } : null,
    expiresAt: row.expiresAt.toISOString(),
  };
}

/**
 * Accepts an invitation: creates the account with the chosen password, makes the invitee a member of
 * the project (INVITED while its screening test is enabled, so they take it first) and marks the
 * invitation used, all in one transaction. Someone whose email already has an account gets a 409 and
 * signs in instead; a link used twice (even concurrently) works once.
 */
export async function acceptInvitation(prisma: TPrisma, secret: string, input: TAcceptInvitationRequest): Promise<TAcceptedInvitation> {
  const invitation = await findOpenInvitation(prisma, secret);
  const taken = await prisma.user.findUnique({ where: { email: invitation.email }, select: { id: true } });
  if (taken) throw emailTaken(invitation.email);
  const passwordHash = await hashPassword(input.password);
  try {
    return await prisma.$transaction(async (tx) => {
      const now = new Date();
      const claimed = await tx.invitation.updateMany({
        where: { id: invitation.id, ...whereStatus("pending", now) },
        data: { acceptedAt: now },
      });
      if (claimed.count !== 1) throw invitationNotFound();
      const user = await tx.user.create({
        data: { email: invitation.email, name: input.name, role: invitation.role, kind: "HUMAN", passwordHash },
        select: { id: true, email: true, name: true, role: true, kind: true },
      });
      await tx.invitation.update({ where: { id: invitation.id }, data: { acceptedUserId: user.id } });
      const member = invitation.projectId ? await addMember(tx, invitation.projectId, user.email) : null;
      await recordAudit(tx, {
        actorId: user.id,
        projectId: null,
        action: "user.create",
        entity: "user",
        entityId: user.id,
        data: { email: user.email, role: user.role, kind: user.kind, invitationId: invitation.id },
      });
      await recordAudit(tx, {
        actorId: user.id,
        projectId: invitation.projectId,
        action: "invitation.accept",
        entity: "invitation",
        entityId: invitation.id,
        data: { email: user.email, role: user.role, userId: user.id, ...(member ? { memberStatus: member.status } : {}) },
      });
      return { user, projectId: invitation.projectId };
    });
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") throw emailTaken(invitation.email);
    throw err;
  }
}

function emailTaken(email: string) {
  return new AppError("CONFLICT", `${email} already has an account. Sign in instead.`);
}
