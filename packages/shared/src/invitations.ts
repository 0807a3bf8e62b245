import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "./admin.ts";
import { ZRole, ZUser } from "./users.ts";

/** Postgres text cannot hold NUL; refusing it here keeps such input a 400 rather than a database error. */
const ZName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .refine((v) => !v.includes("\u0000"), "Must not contain NUL characters");

export const INVITATION_DEFAULT_DAYS = 7;

export const ZInvitationStatus = z.enum(["pending", "accepted", "expired", "revoked"]);
export type TInvitationStatus = z.infer<typeof ZInvitationStatus>;

/** An admin invites anyone, in any role; only labelers can be invited into a project. */
export const ZAdminCreateInvitationRequest = z
  .object({
    email: z.email().max(320),
    name: ZName.optional(),
    role: ZRole,
    projectId: z.uuid().optional(),
    expiresInDays: z.number().int().min(1).max(30).default(INVITATION_DEFAULT_DAYS),
  })
  .refine((v) => v.projectId === undefined || v.role === "LABELER", {
    path: ["projectId"],
    message: "Only labelers join a project through an invitation; other roles see every project",
  });
export type TAdminCreateInvitationRequest = z.infer<typeof ZAdminCreateInvitationRequest>;

/** A researcher invites a labeler into their project. */
export const ZProjectInvitationRequest = z.object({
  email: z.email().max(320),
  name: ZName.optional(),
  expiresInDays: z.number().int().min(1).max(30).default(INVITATION_DEFAULT_DAYS),
});
export type TProjectInvitationRequest = z.infer<typeof ZProjectInvitationRequest>;

export const ZInvitation = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  role: ZRole,
  project: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  invitedBy: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
  status: ZInvitationStatus,
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  acceptedAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export type TInvitation = z.infer<typeof ZInvitation>;

/** Returned once, at creation: the only time the secret (and so the link) is visible. */
export const ZCreatedInvitation = z.object({
  invitation: ZInvitation,
  secret: z.string(),
  /** Relative to the web app's origin: `/invite/<secret>`. */
  path: z.string(),
});
export type TCreatedInvitation = z.infer<typeof ZCreatedInvitation>;

export const ZInvitationListQuery = z.object({
  status: ZInvitationStatus.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type TInvitationListQuery = z.infer<typeof ZInvitationListQuery>;

export const ZInvitationList = z.object({
  invitations: z.array(ZInvitation),
  total: z.number().int().min(0),
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
});
export type TInvitationList = z.infer<typeof ZInvitationList>;

export const ZInvitationSecretParams = z.object({ secret: z.string().min(1).max(512) });

/** What the invite page shows to someone who is not signed in: nothing beyond the invitation itself. */
export const ZPublicInvitation = z.object({
  email: z.string(),
  name: z.string().nullable(),
  role: ZRole,
  project: z.object({ name: z.string() }).nullable(),
  expiresAt: z.iso.datetime(),
});
export type TPublicInvitation = z.infer<typeof ZPublicInvitation>;

export const ZAcceptInvitationRequest = z.object({
  name: ZName,
  password: z.string().min(MIN_PASSWORD_LENGTH).max(1024),
});
export type TAcceptInvitationRequest = z.infer<typeof ZAcceptInvitationRequest>;

export const ZAcceptedInvitation = z.object({ user: ZUser, projectId: z.uuid().nullable() });
export type TAcceptedInvitation = z.infer<typeof ZAcceptedInvitation>;
