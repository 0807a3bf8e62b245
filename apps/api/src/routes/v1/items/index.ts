import { ZErrorBody, ZGoldAnswer, ZIdParams, ZItemQuality, ZSetGoldRequest, ZUpdateItemRequest } from "@rankwise/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { currentUser } from "../../../plugins/app/auth.ts";
import { deleteGoldAnswer, getGoldAnswer, setGoldAnswer, updateItemQuality } from "../../../services/quality/gold-answers.ts";

/** `/api/v1/items/:id`: an item's quality role and its gold answer. Researchers only; never labelers. */
const items: FastifyPluginAsyncZod = async (app) => {
  const errors = { 400: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody };

  app.patch(
    "/:id",
    {
      onRequest: app.requireRole("RESEARCHER"),
      schema: {
        tags: ["quality"],
        summary: "Set an item's role (LIVE, HONEYPOT, SCREENING) and whether only super raters get it",
        params: ZIdParams,
        body: ZUpdateItemRequest,
        response: { 200: ZItemQuality, ...errors },
      },
    },
    async (request) => updateItemQuality(app.prisma, currentUser(request), request.params.id, request.body),
  );

  app.put(
    "/:id/gold",
    {
      onRequest: app.requireRole("RESEARCHER"),
      schema: {
        tags: ["quality"],
        summary: "Set the gold answer of a screening or honeypot item",
        description:
          "Body `{ answers: { <questionId>: <value> } }`, checked against the project's current form and the item, like a labeler's answer. Audit-logged.",
        params: ZIdParams,
        body: ZSetGoldRequest,
        response: { 200: ZGoldAnswer, ...errors },
      },
    },
    async (request) => setGoldAnswer(app.prisma, currentUser(request), request.params.id, request.body.answers),
  );

  app.get(
    "/:id/gold",
    {
      onRequest: app.requireRole("RESEARCHER"),
      schema: {
        tags: ["quality"],
        summary: "The gold answer of an item",
        params: ZIdParams,
        response: { 200: ZGoldAnswer, 403: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request) => getGoldAnswer(app.prisma, currentUser(request), request.params.id),
  );

  app.delete(
    "/:id/gold",
    {
      onRequest: app.requireRole("RESEARCHER"),
      schema: {
        tags: ["quality"],
        summary: "Remove an item's gold answer (audit-logged)",
        params: ZIdParams,
        response: { 204: z.null(), 403: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request, reply) => {
      await deleteGoldAnswer(app.prisma, currentUser(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
};

export default items;
