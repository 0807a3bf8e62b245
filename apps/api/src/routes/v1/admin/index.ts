import {
  ZAdminAuditQuery,
  ZAdminCreatedToken,
  ZAdminCreateInvitationRequest,
  ZAdminCreatedUser,
  ZAdminCreateUserRequest,
  ZAdminToken,
  ZAdminTokenList,
  ZAdminTokenListQuery,
  ZAdminUpdateUserRequest,
  ZAdminUser,
  ZAdminUserList,
  ZAdminUserListQuery,
  ZAuditPage,
  ZCreatedInvitation,
  ZCreateTokenRequest,
  ZErrorBody,
  ZIdParams,
  ZInvitation,
  ZInvitationList,
  ZInvitationListQuery,
} from "@rankwise/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { currentUser } from "../../../plugins/app/auth.ts";
import { issueTokenFor, listAllTokens, revokeAnyToken } from "../../../services/admin/admin-tokens.ts";
import { createUser } from "../../../services/admin/create-user.ts";
import { listUsers } from "../../../services/admin/list-users.ts";
import { updateUser } from "../../../services/admin/update-user.ts";
import { listAudit } from "../../../services/audit/list-audit.ts";
import { createInvitation, listInvitations, revokeInvitation } from "../../../services/invitations/manage-invitations.ts";

const errors = { 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody };

/** User and token administration: admins only (requireRole lets ADMIN through and nobody else here). */
const admin: FastifyPluginAsyncZod = async (app) => {
  app.addHook("onRequest", app.requireRole("ADMIN"));

  app.get(
    "/users",
    {
      schema: {
        tags: ["admin"],
        summary: "All users, searched by email or name and filtered by role, kind and status",
        querystring: ZAdminUserListQuery,
        response: { 200: ZAdminUserList, ...errors },
      },
    },
    async (request) => listUsers(app.prisma, request.query),
  );

  app.post(
    "/users",
    {
      schema: {
        tags: ["admin"],
        summary: "Create a user; a generated password is in this response only",
        body: ZAdminCreateUserRequest,
        response: { 201: ZAdminCreatedUser, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await createUser(app.prisma, currentUser(request).id, request.body)),
  );

  app.patch(
    "/users/:id",
    {
      schema: {
        tags: ["admin"],
        summary: "Change a user's role or name, or disable (ends sessions, revokes tokens) / enable them",
        params: ZIdParams,
        body: ZAdminUpdateUserRequest,
        response: { 200: ZAdminUser, ...errors },
      },
    },
    async (request) => updateUser(app.prisma, currentUser(request).id, request.params.id, request.body),
  );

  app.post(
    "/users/:id/tokens",
    {
      schema: {
        tags: ["admin"],
        summary: "Issue an API token for a user (how AI users authenticate); the secret is in this response only",
        params: ZIdParams,
        body: ZCreateTokenRequest,
        response: { 201: ZAdminCreatedToken, ...errors },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await issueTokenFor(app.prisma, currentUser(request).id, request.params.id, request.body)),
  );

  app.get(
    "/tokens",
    {
      schema: {
        tags: ["admin"],
        summary: "Every user's API tokens with their owner (never the secret)",
        querystring: ZAdminTokenListQuery,
        response: { 200: ZAdminTokenList, ...errors },
      },
    },
    async (request) => listAllTokens(app.prisma, request.query),
  );

  app.delete(
    "/tokens/:id",
    {
      schema: {
        tags: ["admin"],
        summary: "Revoke anyone's API token",
        params: ZIdParams,
        response: { 200: ZAdminToken, ...errors },
      },
    },
    async (request) => revokeAnyToken(app.prisma, currentUser(request).id, request.params.id),
  );

  app.post(
    "/invitations",
    {
      schema: {
        tags: ["admin"],
        summary: "Invite someone in any role (labelers optionally into a project); the link's secret is in this response only",
        body: ZAdminCreateInvitationRequest,
        response: { 201: ZCreatedInvitation, ...errors },
      },
    },
    async (request, reply) => reply.status(201).send(await createInvitation(app.prisma, currentUser(request).id, request.body)),
  );

  app.get(
    "/invitations",
    {
      schema: {
        tags: ["admin"],
        summary: "Every invitation with its status: pending, accepted, expired or revoked (never the secret)",
        querystring: ZInvitationListQuery,
        response: { 200: ZInvitationList, ...errors },
      },
    },
    async (request) => listInvitations(app.prisma, {}, request.query),
  );

  app.delete(
    "/invitations/:id",
    {
      schema: {
        tags: ["admin"],
        summary: "Revoke a pending invitation: its link stops working",
        params: ZIdParams,
        response: { 200: ZInvitation, ...errors },
      },
    },
    async (request) => revokeInvitation(app.prisma, currentUser(request).id, request.params.id),
  );

  app.get(
    "/audit",
    {
      schema: {
        tags: ["admin"],
        summary: "The whole audit trail (every project and user administration), newest first, with keyset pages",
        querystring: ZAdminAuditQuery,
        response: { 200: ZAuditPage, ...errors },
      },
    },
    async (request) => {
      const { projectId, ...query } = request.query;
      return listAudit(app.prisma, projectId ? { projectId } : {}, query);
    },
  );
};

export default admin;
