import {
  ZErrorBody,
  ZIdParams,
  ZItemAnnotations,
  ZItemAnnotationsParams,
  ZItemBrowseList,
  ZItemBrowseQuery,
  ZResolveFlagsRequest,
  ZResolveFlagsResult,
} from "@rankwise/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { currentUser } from "../../../plugins/app/auth.ts";
import { browseItems } from "../../../services/items/browse-items.ts";
import { loadItemAnnotations } from "../../../services/items/item-annotations.ts";
import { resolveItemFlags } from "../../../services/items/item-flags.ts";
import { assertProjectAccess } from "../../../services/projects/project-access.ts";

/** The researchers' item browser: find disputed items and read every answer side by side. */
const itemBrowser: FastifyPluginAsyncZod = async (app) => {
  const errors = { 400: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody };

  app.get(
    "/:id/items/browse",
    {
      onRequest: app.requireRole("RESEARCHER"),
      schema: {
        tags: ["items"],
        summary: "Items with answer, skip and open flag counts and a disagreement score, filtered by status (researchers only)",
        description:
          "Disagreement is 1 − Kendall's W of the labelers' rankings (mean over ranking questions), null with fewer than two answers. " +
          "`status=disputed` keeps items whose disagreement is at least `threshold`; `flagged` items with open labeler flags; " +
          "`skipped` items skipped at least once.",
        params: ZIdParams,
        querystring: ZItemBrowseQuery,
        response: { 200: ZItemBrowseList, ...errors },
      },
    },
    async (request) => {
      const project = await assertProjectAccess(app.prisma, currentUser(request), request.params.id, "manage");
      return browseItems(app.prisma, project, request.query);
    },
  );

  app.get(
    "/:id/items/:itemId/annotations",
    {
      onRequest: app.requireRole("RESEARCHER"),
      schema: {
        tags: ["items"],
        summary: "An item and all its annotations side by side (researchers only)",
        params: ZItemAnnotationsParams,
        response: { 200: ZItemAnnotations, ...errors },
      },
    },
    async (request) => {
      await assertProjectAccess(app.prisma, currentUser(request), request.params.id, "manage");
      return loadItemAnnotations(app.prisma, request.params.id, request.params.itemId);
    },
  );

  app.post(
    "/:id/items/:itemId/flags/resolve",
    {
      onRequest: app.requireRole("RESEARCHER"),
      schema: {
        tags: ["items"],
        summary: "Resolve every open labeler flag of an item (researchers and admins; audit-logged)",
        params: ZItemAnnotationsParams,
        body: ZResolveFlagsRequest,
        response: { 200: ZResolveFlagsResult, ...errors },
      },
    },
    async (request) => {
      await assertProjectAccess(app.prisma, currentUser(request), request.params.id, "manage");
      return resolveItemFlags(app.prisma, {
        projectId: request.params.id,
        itemId: request.params.itemId,
        actorId: currentUser(request).id,
        ...(request.body?.note ? { note: request.body.note } : {}),
      });
    },
  );
};

export default itemBrowser;
