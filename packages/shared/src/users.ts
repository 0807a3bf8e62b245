import { z } from "zod";

export const ZRole = z.enum(["ADMIN", "RESEARCHER", "LABELER", "ENGINEER"]);
export type TRole = z.infer<typeof ZRole>;

export const ZUserKind = z.enum(["HUMAN", "AI"]);
export type TUserKind = z.infer<typeof ZUserKind>;

export const ZUser = z.object({
  id: z.uuid(),
  email: z.email(),
  name: z.string(),
  role: ZRole,
  kind: ZUserKind,
});
export type TUser = z.infer<typeof ZUser>;

export const ZLoginRequest = z.object({
  email: z.email().max(320),
  password: z.string().min(1).max(1024),
});
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

export const ZMeResponse = z.object({ user: ZUser, via: z.enum(["session", "token"]) });
export type TMeResponse = z.infer<typeof ZMeResponse>;

export const ZCreateTokenRequest = z.object({
  name: z.string().trim().min(1).max(100),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export type TCreateTokenRequest = z.infer<typeof ZCreateTokenRequest>;

export const ZApiToken = z.object({
  id: z.uuid(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
  expiresAt: z.iso.datetime().nullable(),
  revokedAt: z.iso.datetime().nullable(),
});
export type TApiToken = z.infer<typeof ZApiToken>;

/** Returned once, at creation: the only time the secret is visible. */
export const ZCreatedToken = ZApiToken.extend({ token: z.string() });
export type TCreatedToken = z.infer<typeof ZCreatedToken>;
