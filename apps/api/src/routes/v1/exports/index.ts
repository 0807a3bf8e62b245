import { existsSync } from "node:fs";
import path from "node:path";
import fastifyStatic from "@fastify/static";
import { CARD_FILE, MANIFEST_FILE, ZErrorBody, ZExport, ZExportManifest, ZExportUrl, ZIdParams } from "@rankwise/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Export } from "../../../generated/prisma/client.ts";
import { AppError, notFound } from "../../../lib/app-error.ts";
import { currentUser } from "../../../plugins/app/auth.ts";
import { exportFolder } from "../../../services/exports/export-paths.ts";
import { storageFor } from "../../../services/exports/export-storage.ts";
import { toExport } from "../../../services/exports/export-views.ts";
import { cancelExport, deleteExport } from "../../../services/exports/manage-export.ts";
import { assertProjectAccess } from "../../../services/projects/project-access.ts";

const ZDownloadQuery = z.object({
  split: z
    .string()
    .regex(/^[a-z0-9_-]{1,40}$/)
    .default("train"),
});
const ZFileParams = z.object({ id: z.uuid(), name: z.enum([CARD_FILE, MANIFEST_FILE]) });
/** Presigned URLs live an hour: long enough to start a big download, short enough to leak little. */
const PRESIGN_SECONDS = 3600;

const CONTENT_TYPES: Record<string, string> = {
  ".jsonl": "application/jsonl; charset=utf-8",
  ".gz": "application/gzip",
  ".json": "application/json; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
};
const contentType = (name: string) => CONTENT_TYPES[path.extname(name)] ?? "application/octet-stream";

const exportsRoutes: FastifyPluginAsyncZod = async (app) => {
  // sendFile streams with Range, ETag and Last-Modified support; nothing is served statically.
  await app.register(fastifyStatic, {
    root: exportFolder(app.config.EXPORT_DIR, ""),
    serve: false,
    // v10 passes the Fastify reply here.
    setHeaders: (reply: { header: (k: string, v: string) => unknown }, filePath: string) =>
      reply.header("content-type", contentType(filePath)),
  });
  app.addHook("onRequest", app.requireRole("ENGINEER", "RESEARCHER"));

  const load = async (request: { params: { id: string } } & Parameters<typeof currentUser>[0]) => {
    const row = await app.prisma.export.findUnique({ where: { id: request.params.id } });
    if (!row) throw notFound("Export");
    await assertProjectAccess(app.prisma, currentUser(request), row.projectId, "export");
    return row;
  };
  const completedFile = (row: Export, split: string) => {
    if (row.status !== "COMPLETED") throw new AppError("CONFLICT", `The export is ${row.status}; download it once it is COMPLETED`);
    const file = toExport(row).files.find((f) => f.split === split);
    if (!file) throw notFound(`Split "${split}"`);
    return file;
  };
  const storage = (row: Export) => storageFor(row, app.exportStorage, app.config.EXPORT_DIR);

  app.get(
    "/:id",
    {
      schema: {
        tags: ["exports"],
        summary: "Status, progress and counts of an export",
        params: ZIdParams,
        response: { 200: ZExport, 404: ZErrorBody },
      },
    },
    async (request) => toExport(await load(request)),
  );

  app.post(
    "/:id/cancel",
    {
      schema: {
        tags: ["exports"],
        summary: "Cancel a QUEUED or RUNNING export; a running one stops at its next batch and removes its partial files",
        params: ZIdParams,
        response: { 200: ZExport, 404: ZErrorBody, 409: ZErrorBody },
      },
    },
    async (request) => {
      await load(request);
      return toExport(await cancelExport(app.prisma, app.exportQueue, request.params.id));
    },
  );

  app.delete(
    "/:id",
    {
      schema: {
        tags: ["exports"],
        summary: "Delete a finished (completed, failed or cancelled) export and its files",
        params: ZIdParams,
        response: { 204: z.null(), 404: ZErrorBody, 409: ZErrorBody, 503: ZErrorBody },
      },
    },
    async (request, reply) => {
      const row = await load(request);
      await deleteExport(app.prisma, storage(row), row);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/:id/download",
    {
      schema: {
        tags: ["exports"],
        summary: "Download one split of a completed export (JSONL or .jsonl.gz, Range supported; S3 exports redirect to a presigned URL)",
        params: ZIdParams,
        querystring: ZDownloadQuery,
        produces: ["application/jsonl", "application/gzip"],
        response: { 302: z.null(), 404: ZErrorBody, 409: ZErrorBody },
      },
    },
    async (request, reply) => {
      const row = await load(request);
      const file = completedFile(row, request.query.split);
      const downloadName = `${row.id}-${file.name}`;
      const url = await storage(row).presignedUrl(row.id, file.name, { expiresIn: PRESIGN_SECONDS, downloadName });
      if (url) return reply.redirect(url, 302);
      const folder = exportFolder(app.config.EXPORT_DIR, row.id);
      if (!existsSync(path.join(folder, file.name))) throw new AppError("NOT_FOUND", "The export's file is no longer on disk");
      reply.header("content-disposition", `attachment; filename="${downloadName}"`);
      reply.header("x-content-sha256", file.sha256);
      return reply.sendFile(file.name, folder);
    },
  );

  app.get(
    "/:id/url",
    {
      schema: {
        tags: ["exports"],
        summary: "A URL to fetch one split: presigned (S3) or the API's own download URL",
        params: ZIdParams,
        querystring: ZDownloadQuery,
        response: { 200: ZExportUrl, 404: ZErrorBody, 409: ZErrorBody },
      },
    },
    async (request) => {
      const row = await load(request);
      const file = completedFile(row, request.query.split);
      const url = await storage(row).presignedUrl(row.id, file.name, {
        expiresIn: PRESIGN_SECONDS,
        downloadName: `${row.id}-${file.name}`,
      });
      if (url) return { url, storage: row.storage, expiresAt: new Date(Date.now() + PRESIGN_SECONDS * 1000).toISOString() };
      const base = app.config.PUBLIC_API_URL.replace(/\/+$/, "");
      return {
        url: `${base}/api/v1/exports/${row.id}/download?split=${encodeURIComponent(file.split)}`,
        storage: row.storage,
        expiresAt: null,
      };
    },
  );

  app.get(
    "/:id/manifest",
    {
      schema: {
        tags: ["exports"],
        summary: "The manifest of a completed export: spec, counts and every file's sha256",
        params: ZIdParams,
        response: { 200: ZExportManifest, 404: ZErrorBody, 409: ZErrorBody },
      },
    },
    async (request) => {
      const row = await load(request);
      if (row.status !== "COMPLETED" || !row.manifest)
        throw new AppError("CONFLICT", `The export is ${row.status}; its manifest exists once it is COMPLETED`);
      return ZExportManifest.parse(row.manifest);
    },
  );

  app.get(
    "/:id/files/:name",
    {
      schema: {
        tags: ["exports"],
        summary: "README.md (the dataset card) or manifest.json of a completed export",
        params: ZFileParams,
        produces: ["text/markdown", "application/json"],
        response: { 200: z.string().describe("the file's bytes"), 404: ZErrorBody, 409: ZErrorBody },
      },
    },
    async (request, reply) => {
      const row = await load(request);
      if (row.status !== "COMPLETED") throw new AppError("CONFLICT", `The export is ${row.status}; its files exist once it is COMPLETED`);
      const name = request.params.name;
      const stream = await storage(row).openRead(row.id, name);
      // A stream bypasses the response serializer, so the 200 schema only documents it.
      if (stream) return reply.type(contentType(name)).send(stream as unknown as string);
      const folder = exportFolder(app.config.EXPORT_DIR, row.id);
      if (!existsSync(path.join(folder, name))) throw new AppError("NOT_FOUND", "The export's file is no longer on disk");
      return reply.sendFile(name, folder);
    },
  );
};

export default exportsRoutes;
