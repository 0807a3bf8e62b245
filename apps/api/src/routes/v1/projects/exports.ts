import { ZErrorBody, ZExport, ZExportList, ZExportPreview, ZExportSpec, ZIdParams } from "@rankwise/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { currentUser } from "../../../plugins/app/auth.ts";
import { checkExportSpec } from "../../../services/exports/check-export-spec.ts";
import { createExport } from "../../../services/exports/create-export.ts";
import { toExport } from "../../../services/exports/export-views.ts";
import { previewExport } from "../../../services/exports/preview-export.ts";
import { assertProjectAccess } from "../../../services/projects/project-access.ts";

const exportsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/:id/exports",
    {
      onRequest: app.requireRole("ENGINEER", "RESEARCHER"),
      schema: {
        tags: ["exports"],
        summary: "Start an export; poll GET /exports/:id for progress",
        params: ZIdParams,
        body: ZExportSpec,
        response: { 202: ZExport, 400: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 503: ZErrorBody },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      await assertProjectAccess(app.prisma, user, request.params.id, "export");
      const row = await createExport(app.prisma, app.exportQueue, { projectId: request.params.id, userId: user.id, spec: request.body });
      return reply.status(202).header("location", `/api/v1/exports/${row.id}`).send(toExport(row));
    },
  );

  app.post(
    "/:id/exports/preview",
    {
      onRequest: app.requireRole("ENGINEER", "RESEARCHER"),
      schema: {
        tags: ["exports"],
        summary: "Counts per split and criterion an export with this spec would have, without writing files",
        description:
          "Runs the worker's own reader and row builder over up to 100 000 annotations; `complete` is false when it stopped early.",
        params: ZIdParams,
        body: ZExportSpec,
        response: { 200: ZExportPreview, 400: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request) => {
      await assertProjectAccess(app.prisma, currentUser(request), request.params.id, "export");
      await checkExportSpec(app.prisma, request.params.id, request.body);
      return previewExport(app.prisma, request.params.id, request.body);
    },
  );

  app.get(
    "/:id/exports",
    {
      onRequest: app.requireRole("ENGINEER", "RESEARCHER"),
      schema: {
        tags: ["exports"],
        summary: "Exports of a project, newest first",
        params: ZIdParams,
        response: { 200: ZExportList, 403: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request) => {
      await assertProjectAccess(app.prisma, currentUser(request), request.params.id, "export");
      const rows = await app.prisma.export.findMany({ where: { projectId: request.params.id }, orderBy: { createdAt: "desc" }, take: 200 });
      return { exports: rows.map(toExport) };
    },
  );
};

export default exportsRoutes;
