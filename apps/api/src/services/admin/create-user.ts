import { randomBytes } from "node:crypto";
import type { TAdminCreatedUser, TAdminCreateUserRequest } from "@rankwise/shared";
import { AppError } from "../../lib/app-error.ts";
import type { TPrisma } from "../../lib/prisma.ts";
import { recordAudit } from "../audit/record-audit.ts";
import { hashPassword } from "../auth/passwords.ts";
import { adminUserSelect, toAdminUser } from "./to-admin-user.ts";

/** 18 random bytes: 24 URL-safe characters, well over the 12-character minimum. */
function generatePassword(): string {
  return randomBytes(18).toString("base64url");
}

/**
 * An admin creates a user. Humans get the given password or a generated one (returned once); AI users
 * get none and authenticate with tokens an admin issues. Emails are stored lower-case, as login reads them.
 */
export async function createUser(prisma: TPrisma, actorId: string, input: TAdminCreateUserRequest): Promise<TAdminCreatedUser> {
  const email = input.email.toLowerCase();
  const generatedPassword = input.kind === "HUMAN" && !input.password ? generatePassword() : null;
  const password = input.kind === "HUMAN" ? (input.password ?? generatedPassword) : null;
  const passwordHash = password ? await hashPassword(password) : null;
  try {
    return await prisma.$transaction(async (tx) => {
      const row = await tx.user.create({
        data: { email, name: input.name, role: input.role, kind: input.kind, passwordHash },
        select: adminUserSelect,
      });
      await recordAudit(tx, {
        actorId,
        projectId: null,
        action: "user.create",
        entity: "user",
        entityId: row.id,
        data: { email, role: input.role, kind: input.kind, passwordGenerated: generatedPassword !== null },
      });
      return { user: toAdminUser(row, 0), generatedPassword };
    });
  } catch (err) {
    if ((err as { code?: string }).code === "P2002") throw new AppError("CONFLICT", "A user with that email already exists");
    throw err;
  }
}
