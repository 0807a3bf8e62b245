import { ZAcceptedInvitation, ZAcceptInvitationRequest, ZErrorBody, ZInvitationSecretParams, ZPublicInvitation } from "@rankwise/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { setSessionCookie } from "../../../plugins/app/auth.ts";
import { createSession } from "../../../services/auth/sessions.ts";
import { acceptInvitation, readInvitation } from "../../../services/invitations/accept-invitation.ts";

/**
 * The invite link's two public routes: no session needed, since the secret in the path is the
 * credential. Unknown, expired, revoked and used links all get the same 404 body.
 */
const invitations: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/:secret",
    {
      schema: {
        tags: ["invitations"],
        summary: "What an invitation link is for: email, role and project name",
        security: [],
        params: ZInvitationSecretParams,
        response: { 200: ZPublicInvitation, 404: ZErrorBody },
      },
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      return readInvitation(app.prisma, request.params.secret);
    },
  );

  app.post(
    "/:secret/accept",
    {
      schema: {
        tags: ["invitations"],
        summary: "Accept an invitation: creates the account, joins the project and signs in (sets the session cookie)",
        security: [],
        params: ZInvitationSecretParams,
        body: ZAcceptInvitationRequest,
        response: { 201: ZAcceptedInvitation, 400: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody },
      },
    },
    async (request, reply) => {
      const accepted = await acceptInvitation(app.prisma, request.params.secret, request.body);
      const session = await createSession(app.prisma, accepted.user.id);
      setSessionCookie(app, reply, session.token);
      return reply.status(201).send(accepted);
    },
  );
};

export default invitations;
