import type { TInvitation, TInvitationStatus } from "@rankwise/shared";
import type { Prisma } from "../../generated/prisma/client.ts";

export const invitationSelect = {
  id: true,
  email: true,
  name: true,
  role: true,
  createdAt: true,
  expiresAt: true,
  acceptedAt: true,
  revokedAt: true,
  project: { select: { id: true, name: true } },
  invitedBy: { select: { id: true, name: true, email: true } },
} as const;

export type TInvitationRow = Prisma.InvitationGetPayload<{ select: typeof invitationSelect }>;

/** Revoked and accepted are final; otherwise an invitation is pending until it expires. */
export function invitationStatus(row: Pick<TInvitationRow, "acceptedAt" | "revokedAt" | "expiresAt">, now = new Date()): TInvitationStatus {
  if (row.acceptedAt) return "accepted";
  if (row.revokedAt) return "revoked";
  return row.expiresAt <= now ? "expired" : "pending";
}

/** The rows with a given status, as a where clause (matching invitationStatus). */
export function whereStatus(status: TInvitationStatus | undefined, now = new Date()): Prisma.InvitationWhereInput {
  switch (status) {
    case "accepted":
      return { acceptedAt: { not: null } };
    case "revoked":
      return { acceptedAt: null, revokedAt: { not: null } };
    case "expired":
      return { acceptedAt: null, revokedAt: null, expiresAt: { lte: now } };
    case "pending":
      return { acceptedAt: null, revokedAt: null, expiresAt: { gt: now } };
    default:
      return {};
  }
}

/** Never includes the secret's hash. */
export function toInvitation(row: TInvitationRow): TInvitation {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    project: row.project,
    invitedBy: row.invitedBy,
    status: invitationStatus(row),
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    acceptedAt: row.acceptedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
