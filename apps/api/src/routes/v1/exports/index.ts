import { existsSync } from "node:fs";
import fastifyStatic from "@fastify/static";
import { ZErrorBody, ZExport, ZIdParams } from "@rankwise/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError, notFound } from "../../../lib/app-error.ts";
import { currentUser } from "../../../plugins/app/auth.ts";
import { exportFolder } from "../../../services/exports/export-paths.ts";
import { toExport } from "../../../services/exports/export-views.ts";
import { assertProjectAccess } from "../../../services/projects/project-access.ts";

const ZDownloadQuery = z.object({ split: z.string().regex(/^[a-z0-9_-]{1,40}$/).default("train") });

const exportsRoutes: FastifyPluginAsyncZod = async (app) => {
  // sendFile streams with Range, ETag and Last-Modified support; nothing is served statically.
  await app.register(fastifyStatic, {
    root: exportFolder(app.config.EXPORT_DIR, ""),
    serve: false,
    // v10 passes the Fastify reply here.
    setHeaders: (reply: { header: (k: string, v: string) => unknown }) => reply.header("content-type", "application/jsonl; charset=utf-8"),
  });
  app.addHook("onRequest", app.requireRole("ENGINEER", "RESEARCHER"));

  const load = async (request: { params: { id: string } } & Parameters<typeof currentUser>[0]) => {
    const row = await app.prisma.export.findUnique({ where: { id: request.params.id } });
    if (!row) throw notFound("Export");
    await assertProjectAccess(app.prisma, currentUser(request), row.projectId, "export");
    return row;
  };

  app.get(
    "/:id",
    { schema: { tags: ["exports"], summary: "Status, progress and counts of an export", params: ZIdParams, response: { 200: ZExport, 404: ZErrorBody } } },
    async (request) => toExport(await load(request)),
  );

  app.get(
    "/:id/download",
    {
      schema: {
        tags: ["exports"],
        summary: "Download one split of a completed export (JSONL, Range supported)",
        params: ZIdParams,
        querystring: ZDownloadQuery,
        produces: ["application/jsonl"],
        response: { 404: ZErrorBody, 409: ZErrorBody },
      },
    },
    async (request, reply) => {
      const row = await load(request);
      if (row.status !== "COMPLETED") throw new AppError("CONFLICT", `The export is ${row.status}; download it once it is COMPLETED`);
      const file = toExport(row).files.find((f) => f.split === request.query.split);
      if (!file) throw notFound(`Split "${request.query.split}"`);
      const folder = exportFolder(app.config.EXPORT_DIR, row.id);
      if (!existsSync(`${folder}/${file.name}`)) throw new AppError("NOT_FOUND", "The export's file is no longer on disk");
      reply.header("content-disposition", `attachment; filename="${row.id}-${file.name}"`);
      reply.header("x-content-sha256", file.sha256);
      return reply.sendFile(file.name, folder);
    },
  );
};

export default exportsRoutes;
