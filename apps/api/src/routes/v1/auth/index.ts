import { ZErrorBody, ZLoginRequest, ZUser } from "@rankwise/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../../../lib/app-error.ts";
import { SESSION_COOKIE } from "../../../plugins/app/auth.ts";
import { clearFailedLogins, isLocked, recordFailedLogin } from "../../../services/auth/login-lockout.ts";
import { dummyVerify, verifyPassword } from "../../../services/auth/passwords.ts";
import { createSession, deleteSession, SESSION_TTL_MS } from "../../../services/auth/sessions.ts";

const auth: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/login",
    {
      schema: {
        tags: ["auth"],
        summary: "Sign in with email and password; sets the session cookie",
        description:
          "Attempts are limited per client IP and per email (429 with Retry-After). After LOGIN_LOCKOUT_THRESHOLD wrong passwords " +
          "in a row the account refuses password logins for LOGIN_LOCKOUT_MINUTES, answering exactly like a wrong password, so " +
          "nobody learns whether an account exists or is locked; an admin lifts the lock by enabling the user (disabled: false).",
        security: [],
        body: ZLoginRequest,
        response: { 200: z.object({ user: ZUser }), 400: ZErrorBody, 401: ZErrorBody, 429: ZErrorBody },
      },
      preHandler: app.loginRateLimit,
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const user = await app.prisma.user.findUnique({ where: { email: email.toLowerCase() } });
      const canTry = user?.passwordHash && !user.disabledAt && !isLocked(user);
      // Every path verifies one argon2 hash, so timing does not tell the cases apart either.
      // (The dummy's result is ignored: its fixed password must never sign anyone in.)
      const valid = canTry ? await verifyPassword(user.passwordHash as string, password) : (await dummyVerify(password)) && false;
      if (!user || !canTry || !valid) {
        if (canTry && user) {
          const { locked } = await recordFailedLogin(app.prisma, user.id, {
            threshold: app.config.LOGIN_LOCKOUT_THRESHOLD,
            minutes: app.config.LOGIN_LOCKOUT_MINUTES,
          });
          if (locked) request.log.warn({ userId: user.id }, "account locked after repeated failed logins");
        }
        throw new AppError("UNAUTHENTICATED", "Wrong email or password");
      }
      await clearFailedLogins(app.prisma, user);
      const session = await createSession(app.prisma, user.id);
      reply.setCookie(SESSION_COOKIE, session.token, {
        path: "/",
        httpOnly: true,
        sameSite: "lax",
        secure: app.sessionCookieOptions.secure,
        signed: true,
        maxAge: SESSION_TTL_MS / 1000,
      });
      return { user: { id: user.id, email: user.email, name: user.name, role: user.role, kind: user.kind } };
    },
  );

  app.post(
    "/logout",
    { schema: { tags: ["auth"], summary: "Ends the session", security: [], response: { 204: z.null() } } },
    async (request, reply) => {
      const raw = request.cookies[SESSION_COOKIE];
      const unsigned = raw ? request.unsignCookie(raw) : undefined;
      if (unsigned?.valid && unsigned.value) await deleteSession(app.prisma, unsigned.value);
      reply.clearCookie(SESSION_COOKIE, { path: "/" });
      return reply.status(204).send(null);
    },
  );
};

export default auth;
