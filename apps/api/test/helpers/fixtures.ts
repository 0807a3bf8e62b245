import { randomBytes } from "node:crypto";
import type { TImportLine, TRole, TUserKind } from "@rankwise/shared";
import type { TApp } from "../../src/app.ts";
import { createApiToken } from "../../src/services/auth/api-tokens.ts";
import { hashPassword } from "../../src/services/auth/passwords.ts";
import { createProject } from "../../src/services/projects/create-project.ts";

export const PASSWORD = "correct horse battery staple";

export type TTestUser = { id: string; email: string; role: TRole; kind: TUserKind; headers: Record<string, string> };

let passwordHash: Promise<string> | undefined;

/** A user with a bearer token ready in `headers`; all share PASSWORD for login tests. */
export async function createUser(app: TApp, role: TRole, opts: { kind?: TUserKind; email?: string } = {}): Promise<TTestUser> {
  passwordHash ??= hashPassword(PASSWORD);
  const email = opts.email ?? `${role.toLowerCase()}-${randomBytes(4).toString("hex")}@test.rankwise.dev`;
  const user = await app.prisma.user.create({
    data: { email, name: email.split("@")[0] ?? email, role, kind: opts.kind ?? "HUMAN", passwordHash: await passwordHash },
  });
  const token = await createApiToken(app.prisma, user.id, "test");
  return { id: user.id, email, role, kind: user.kind, headers: { authorization: `Bearer ${token.token}` } };
}

export async function loginCookie(app: TApp, email: string, password = PASSWORD): Promise<string> {
  const res = await app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email, password } });
  if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === "rw_session");
  if (!cookie) throw new Error("no session cookie");
  return `rw_session=${cookie.value}`;
}

export async function createTestProject(
  app: TApp,
  owner: TTestUser,
  opts: { overlap?: number; name?: string; leaseSeconds?: number } = {},
) {
  return createProject(app.prisma, owner.id, {
    name: opts.name ?? "Test project",
    overlap: opts.overlap ?? 1,
    leaseSeconds: opts.leaseSeconds ?? 600,
  });
}

export async function addLabeler(app: TApp, projectId: string, labeler: TTestUser) {
  await app.prisma.projectMember.create({ data: { projectId, userId: labeler.id, status: "QUALIFIED" } });
}

export function makeItems(count: number, responses = 3, prefix = "item"): TImportLine[] {
  return Array.from({ length: count }, (_, i) => ({
    external_id: `${prefix}-${i + 1}`,
    prompt: `Prompt number ${i + 1}?`,
    responses: Array.from({ length: responses }, (_, r) => ({
      id: `r${r + 1}`,
      model: `model-${r}`,
      content: `Answer ${r + 1} to prompt ${i + 1}`,
    })),
  }));
}

export function toJsonl(lines: unknown[]): string {
  return `${lines.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n")}\n`;
}

export async function importItems(app: TApp, projectId: string, researcher: TTestUser, lines: unknown[], query = "") {
  return app.inject({
    method: "POST",
    url: `/api/v1/projects/${projectId}/items/import${query}`,
    headers: { ...researcher.headers, "content-type": "application/x-ndjson" },
    payload: toJsonl(lines),
  });
}
