import type { Readable } from "node:stream";
import {
  type TMessage,
  type TResponse,
  ZErrorBody,
  ZIdParams,
  ZImportQuery,
  ZImportResult,
  ZItemListQuery,
  ZProjectItemList,
} from "@rankwise/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { AppError } from "../../../lib/app-error.ts";
import { limitStream, payloadTooLarge } from "../../../lib/limit-stream.ts";
import { currentUser } from "../../../plugins/app/auth.ts";
import { importItems } from "../../../services/items/import-items.ts";
import { assertProjectAccess } from "../../../services/projects/project-access.ts";

const JSONL_TYPES = ["application/x-ndjson", "application/jsonl", "application/x-jsonlines", "text/plain"];

const items: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/:id/items",
    {
      onRequest: app.requireRole("RESEARCHER"),
      schema: {
        tags: ["items"],
        summary: "Items of a project in import order, with their role and whether they have gold (researchers only)",
        params: ZIdParams,
        querystring: ZItemListQuery,
        response: { 200: ZProjectItemList, 404: ZErrorBody },
      },
    },
    async (request) => {
      await assertProjectAccess(app.prisma, currentUser(request), request.params.id, "manage");
      const { role, limit, after } = request.query;
      const rows = await app.prisma.item.findMany({
        where: { projectId: request.params.id, ...(role ? { role } : {}), ...(after !== undefined ? { seq: { gt: after } } : {}) },
        orderBy: { seq: "asc" },
        take: limit + 1,
        include: { gold: { select: { itemId: true } } },
      });
      const page = rows.slice(0, limit);
      return {
        items: page.map((r) => ({
          id: r.id,
          projectId: r.projectId,
          externalId: r.externalId,
          role: r.role,
          superRatersOnly: r.superRatersOnly,
          hasGold: r.gold !== null,
          prompt: r.prompt as TMessage[],
          responses: r.responses as TResponse[],
          metadata: r.metadata as Record<string, unknown>,
          doneCount: r.doneCount,
          skipCount: r.skipCount,
        })),
        nextCursor: rows.length > limit ? (page[page.length - 1]?.seq ?? null) : null,
      };
    },
  );

  // Hand the raw stream to the importer: the file is read line by line, never buffered whole.
  // Fastify's bodyLimit does not cover streams: the declared length is checked up front, the bytes as they flow.
  app.addContentTypeParser(JSONL_TYPES, (request, payload, done) => {
    const limit = app.config.IMPORT_BODY_LIMIT_BYTES;
    if (Number(request.headers["content-length"] ?? 0) > limit) return done(payloadTooLarge(limit), undefined);
    done(null, limitStream(payload, limit));
  });

  app.post(
    "/:id/items/import",
    {
      onRequest: app.requireRole("RESEARCHER"),
      bodyLimit: app.config.IMPORT_BODY_LIMIT_BYTES,
      schema: {
        tags: ["items"],
        summary: "Import items from JSONL (one item per line), streamed",
        description:
          'Each line: `{ external_id, prompt: string | [{role, content}], responses: [{ id?, model?, content }], metadata?, role?: "screening" | "honeypot" }` (role absent: a live item). ' +
          "All-or-nothing unless `skipInvalid=true`. Re-importing an external_id updates it only while it has no answers. " +
          "Send with `Content-Type: application/x-ndjson`.",
        params: ZIdParams,
        querystring: ZImportQuery,
        response: { 200: ZImportResult, 400: ZErrorBody, 413: ZErrorBody, 415: ZErrorBody },
      },
    },
    async (request) => {
      await assertProjectAccess(app.prisma, currentUser(request), request.params.id, "manage");
      const contentType = (request.headers["content-type"] ?? "").split(";")[0]?.trim();
      if (!contentType || !JSONL_TYPES.includes(contentType)) {
        throw new AppError("UNSUPPORTED_MEDIA_TYPE", `Send the file as ${JSONL_TYPES[0]}`);
      }
      return importItems(app.prisma, request.params.id, request.body as Readable, { skipInvalid: request.query.skipInvalid });
    },
  );
};

export default items;
