import { z } from "zod";
import { ZApiToken, ZCreatedToken, ZRole, ZUser, ZUserKind } from "./users.ts";

/** Postgres text cannot hold NUL; refusing it here keeps such input a 400 rather than a database error. */
const ZText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .refine((v) => !v.includes("\u0000"), "Must not contain NUL characters");

/** A user as the admin area sees it: with when they joined and whether they are disabled. */
export const ZAdminUser = ZUser.extend({
  createdAt: z.iso.datetime(),
  disabledAt: z.iso.datetime().nullable(),
  hasPassword: z.boolean(),
  activeTokens: z.number().int().min(0),
});
export type TAdminUser = z.infer<typeof ZAdminUser>;

export const ZAdminUserListQuery = z.object({
  /** Matches email or name, case-insensitively. */
  q: ZText(200).optional(),
  role: ZRole.optional(),
  kind: ZUserKind.optional(),
  status: z.enum(["active", "disabled"]).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export type TAdminUserListQuery = z.infer<typeof ZAdminUserListQuery>;

export const ZAdminUserList = z.object({
  users: z.array(ZAdminUser),
  total: z.number().int().min(0),
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
});
export type TAdminUserList = z.infer<typeof ZAdminUserList>;

export const MIN_PASSWORD_LENGTH = 12;

export const ZAdminCreateUserRequest = z
  .object({
    email: z.email().max(320),
    name: ZText(200).pipe(z.string().min(1)),
    role: ZRole,
    kind: ZUserKind.default("HUMAN"),
    /** HUMAN only; when left out a password is generated and returned once. */
    password: z.string().min(MIN_PASSWORD_LENGTH).max(1024).optional(),
  })
  .refine((v) => v.kind === "HUMAN" || v.password === undefined, {
    path: ["password"],
    message: "AI users sign in with API tokens, not passwords",
  });
export type TAdminCreateUserRequest = z.infer<typeof ZAdminCreateUserRequest>;

export const ZAdminCreatedUser = z.object({
  user: ZAdminUser,
  /** Only when the password was generated: shown this once. */
  generatedPassword: z.string().nullable(),
});
export type TAdminCreatedUser = z.infer<typeof ZAdminCreatedUser>;

export const ZAdminUpdateUserRequest = z
  .object({
    role: ZRole.optional(),
    name: ZText(200).pipe(z.string().min(1)).optional(),
    disabled: z.boolean().optional(),
  })
  .refine((v) => v.role !== undefined || v.name !== undefined || v.disabled !== undefined, {
    message: "Send at least one of role, name, disabled",
  });
export type TAdminUpdateUserRequest = z.infer<typeof ZAdminUpdateUserRequest>;

export const ZAdminToken = ZApiToken.extend({
  owner: z.object({ id: z.uuid(), email: z.string(), name: z.string(), kind: ZUserKind, disabled: z.boolean() }),
});
export type TAdminToken = z.infer<typeof ZAdminToken>;

export const ZAdminTokenListQuery = z.object({
  userId: z.uuid().optional(),
  status: z.enum(["active", "revoked", "all"]).default("all"),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(100),
});
export type TAdminTokenListQuery = z.infer<typeof ZAdminTokenListQuery>;

export const ZAdminTokenList = z.object({
  tokens: z.array(ZAdminToken),
  total: z.number().int().min(0),
  page: z.number().int().min(1),
  pageSize: z.number().int().min(1),
});
export type TAdminTokenList = z.infer<typeof ZAdminTokenList>;

export const ZAdminCreatedToken = ZCreatedToken;
export type TAdminCreatedToken = z.infer<typeof ZAdminCreatedToken>;
