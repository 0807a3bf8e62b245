import { ZErrorBody, ZLoginRequest, ZUser } from "@rankwise/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../../../lib/app-error.ts";
import { SESSION_COOKIE } from "../../../plugins/app/auth.ts";
import { dummyVerify, verifyPassword } from "../../../services/auth/passwords.ts";
import { createSession, deleteSession, SESSION_TTL_MS } from "../../../services/auth/sessions.ts";

const auth: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/login",
    {
      schema: {
        tags: ["auth"],
        summary: "Sign in with email and password; sets the session cookie",
        security: [],
        body: ZLoginRequest,
        response: { 200: z.object({ user: ZUser }), 401: ZErrorBody },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      const user = await app.prisma.user.findUnique({ where: { email: email.toLowerCase() } });
      const valid =
        user?.passwordHash && !user.disabledAt ? await verifyPassword(user.passwordHash, password) : await dummyVerify(password);
      if (!user || !valid) throw new AppError("UNAUTHENTICATED", "Wrong email or password");
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
