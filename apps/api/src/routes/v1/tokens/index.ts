import { ZApiToken, ZCreatedToken, ZCreateTokenRequest, ZIdParams } from "@rankwise/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { currentUser } from "../../../plugins/app/auth.ts";
import { createApiToken, listApiTokens, revokeApiToken } from "../../../services/auth/api-tokens.ts";

const tokens: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "",
    {
      schema: {
        tags: ["tokens"],
        summary: "My API tokens (secrets are never shown again)",
        response: { 200: z.object({ tokens: z.array(ZApiToken) }) },
      },
    },
    async (request) => ({ tokens: await listApiTokens(app.prisma, currentUser(request).id) }),
  );

  app.post(
    "",
    {
      schema: {
        tags: ["tokens"],
        summary: "Create an API token; the secret is in this response only",
        body: ZCreateTokenRequest,
        response: { 201: ZCreatedToken },
      },
    },
    async (request, reply) => {
      const created = await createApiToken(app.prisma, currentUser(request).id, request.body.name, request.body.expiresInDays);
      return reply.status(201).send(created);
    },
  );

  app.delete(
    "/:id",
    { schema: { tags: ["tokens"], summary: "Revoke an API token", params: ZIdParams, response: { 200: ZApiToken } } },
    async (request) => revokeApiToken(app.prisma, currentUser(request).id, request.params.id),
  );
};

export default tokens;
