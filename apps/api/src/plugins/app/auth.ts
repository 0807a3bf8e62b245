import cookie from "@fastify/cookie";
import type { TRole } from "@rankwise/shared";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { AppError } from "../../lib/app-error.ts";
import { resolveApiToken, resolveSession, SESSION_TTL_MS, type TAuthUser } from "../../services/auth/sessions.ts";

export const SESSION_COOKIE = "rw_session";

declare module "fastify" {
  interface FastifyRequest {
    user: TAuthUser | null;
  }
  interface FastifyInstance {
    /** onRequest hook: rejects requests without a valid session cookie or bearer token. */
    authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
    /** preHandler: only these roles (ADMIN always passes). */
    requireRole: (...roles: TRole[]) => (request: FastifyRequest) => Promise<void>;
    sessionCookieOptions: { secure: boolean };
  }
}

/** The signed, httpOnly session cookie that signing in sets (password login, accepting an invitation). */
export function setSessionCookie(app: FastifyInstance, reply: FastifyReply, token: string): void {
  reply.setCookie(SESSION_COOKIE, token, {
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: app.sessionCookieOptions.secure,
    signed: true,
    maxAge: SESSION_TTL_MS / 1000,
  });
}

export function currentUser(request: FastifyRequest): TAuthUser {
  if (!request.user) throw new AppError("UNAUTHENTICATED", "Sign in or send an API token");
  return request.user;
}

export default fp(
  async (app, opts: { sessionSecret: string; secureCookies: boolean }) => {
    await app.register(cookie, { secret: opts.sessionSecret });
    app.decorateRequest("user", null);
    app.decorate("sessionCookieOptions", { secure: opts.secureCookies });

    app.decorate("authenticate", async (request: FastifyRequest) => {
      const header = request.headers.authorization;
      if (header !== undefined) {
        const match = /^Bearer\s+(\S+)$/i.exec(header);
        const user = match?.[1] ? await resolveApiToken(app.prisma, match[1]) : null;
        if (!user) throw new AppError("UNAUTHENTICATED", "Invalid, expired or revoked API token");
        request.user = user;
        return;
      }
      const raw = request.cookies[SESSION_COOKIE];
      const unsigned = raw ? request.unsignCookie(raw) : undefined;
      const user = unsigned?.valid && unsigned.value ? await resolveSession(app.prisma, unsigned.value) : null;
      if (!user) throw new AppError("UNAUTHENTICATED", "Sign in or send an API token");
      request.user = user;
    });

    app.decorate("requireRole", (...roles: TRole[]) => async (request: FastifyRequest) => {
      const user = currentUser(request);
      if (user.role !== "ADMIN" && !roles.includes(user.role)) {
        throw new AppError("FORBIDDEN", `This action needs one of the roles: ${roles.join(", ")}`);
      }
    });
  },
  { name: "auth", dependencies: ["prisma"] },
);
