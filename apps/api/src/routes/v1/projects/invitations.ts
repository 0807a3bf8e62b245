import {
  ZCreatedInvitation,
  ZErrorBody,
  ZInvitation,
  ZInvitationList,
  ZInvitationListQuery,
  ZProjectInvitationRequest,
} from "@rankwise/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { currentUser } from "../../../plugins/app/auth.ts";
import { createInvitation, listInvitations, revokeInvitation } from "../../../services/invitations/manage-invitations.ts";
import { assertProjectAccess } from "../../../services/projects/project-access.ts";

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody };
const ZInvitationParams = z.object({ id: z.uuid(), invitationId: z.uuid() });

/** Researchers invite labelers into a project (LABELER only); admins invite anyone from the admin area. */
const projectInvitations: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/:id/invitations",
    {
      onRequest: app.requireRole("RESEARCHER"),
      schema: {
        tags: ["projects"],
        summary: "Invite a labeler to this project; the link's secret is in this response only",
        params: z.object({ id: z.uuid() }),
        body: ZProjectInvitationRequest,
        response: { 201: ZCreatedInvitation, ...errors },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      await assertProjectAccess(app.prisma, user, request.params.id, "manage");
      const created = await createInvitation(app.prisma, user.id, { ...request.body, role: "LABELER", projectId: request.params.id });
      return reply.status(201).send(created);
    },
  );

  app.get(
    "/:id/invitations",
    {
      onRequest: app.requireRole("RESEARCHER"),
      schema: {
        tags: ["projects"],
        summary: "This project's invitations with their status (never the secret)",
        params: z.object({ id: z.uuid() }),
        querystring: ZInvitationListQuery,
        response: { 200: ZInvitationList, ...errors },
      },
    },
    async (request) => {
      await assertProjectAccess(app.prisma, currentUser(request), request.params.id, "manage");
      return listInvitations(app.prisma, { projectId: request.params.id }, request.query);
    },
  );

  app.delete(
    "/:id/invitations/:invitationId",
    {
      onRequest: app.requireRole("RESEARCHER"),
      schema: {
        tags: ["projects"],
        summary: "Revoke a pending invitation to this project",
        params: ZInvitationParams,
        response: { 200: ZInvitation, ...errors },
      },
    },
    async (request) => {
      const user = currentUser(request);
      await assertProjectAccess(app.prisma, user, request.params.id, "manage");
      return revokeInvitation(app.prisma, user.id, request.params.invitationId, { projectId: request.params.id });
    },
  );
};

export default projectInvitations;
