import {
  ZCreatedWebhook,
  ZCreateWebhookRequest,
  ZErrorBody,
  ZIdParams,
  ZWebhook,
  ZWebhookDeliveriesQuery,
  ZWebhookDeliveryList,
  ZWebhookList,
  ZWebhookParams,
} from "@rankwise/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { currentUser } from "../../../plugins/app/auth.ts";
import { assertProjectAccess } from "../../../services/projects/project-access.ts";
import { createWebhook, deleteWebhook, listDeliveries, listWebhooks } from "../../../services/webhooks/manage-webhooks.ts";

/** `/projects/:id/webhooks`: whoever may export a project's data may be notified when an export completes. */
const webhooks: FastifyPluginAsyncZod = async (app) => {
  const access = app.requireRole("ENGINEER", "RESEARCHER");

  app.post(
    "/:id/webhooks",
    {
      onRequest: access,
      schema: {
        tags: ["webhooks"],
        summary: "Add a webhook; its signing secret is in this response only",
        description:
          'Deliveries are signed: `X-Rankwise-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>` (docs/handoff.md).',
        params: ZIdParams,
        body: ZCreateWebhookRequest,
        response: { 201: ZCreatedWebhook, 400: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request, reply) => {
      await assertProjectAccess(app.prisma, currentUser(request), request.params.id, "export");
      return reply.status(201).send(await createWebhook(app.prisma, request.params.id, request.body));
    },
  );

  app.get(
    "/:id/webhooks",
    {
      onRequest: access,
      schema: {
        tags: ["webhooks"],
        summary: "Webhooks of a project (secrets are never shown again)",
        params: ZIdParams,
        response: { 200: ZWebhookList, 403: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request) => {
      await assertProjectAccess(app.prisma, currentUser(request), request.params.id, "export");
      return { webhooks: await listWebhooks(app.prisma, request.params.id) };
    },
  );

  app.delete(
    "/:id/webhooks/:webhookId",
    {
      onRequest: access,
      schema: {
        tags: ["webhooks"],
        summary: "Delete a webhook and its delivery log",
        params: ZWebhookParams,
        response: { 200: ZWebhook, 403: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request) => {
      await assertProjectAccess(app.prisma, currentUser(request), request.params.id, "export");
      return deleteWebhook(app.prisma, request.params.id, request.params.webhookId);
    },
  );

  app.get(
    "/:id/webhooks/:webhookId/deliveries",
    {
      onRequest: access,
      schema: {
        tags: ["webhooks"],
        summary: "Delivery log of a webhook, newest first: attempts, last status code and error, delivered at",
        params: ZWebhookParams,
        querystring: ZWebhookDeliveriesQuery,
        response: { 200: ZWebhookDeliveryList, 403: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request) => {
      await assertProjectAccess(app.prisma, currentUser(request), request.params.id, "export");
      return { deliveries: await listDeliveries(app.prisma, request.params.id, request.params.webhookId, request.query.limit) };
    },
  );
};

export default webhooks;
