import { ZAuditPage, ZAuditQuery, ZErrorBody, ZIdParams } from "@rankwise/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { currentUser } from "../../../plugins/app/auth.ts";
import { listAudit } from "../../../services/audit/list-audit.ts";
import { assertProjectAccess } from "../../../services/projects/project-access.ts";

/**
 * The project's audit trail. It holds gold answers and tier-change reasons, so it is for the people
 * who manage the project (researchers, admins) only: engineers and labelers get 403.
 */
const audit: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/:id/audit",
    {
      onRequest: app.requireRole("RESEARCHER"),
      schema: {
        tags: ["projects"],
        summary: "The project's audit trail, newest first, filtered by action, entity or actor (keyset pages)",
        params: ZIdParams,
        querystring: ZAuditQuery,
        response: { 200: ZAuditPage, 400: ZErrorBody, 401: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request) => {
      await assertProjectAccess(app.prisma, currentUser(request), request.params.id, "manage");
      return listAudit(app.prisma, { projectId: request.params.id }, request.query);
    },
  );
};

export default audit;
