import { ZAgreementQuery, ZAgreementReport, ZErrorBody, ZIdParams } from "@rankwise/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { currentUser } from "../../../plugins/app/auth.ts";
import { getAgreementReport } from "../../../services/agreement/agreement-cache.ts";
import { assertProjectAccess } from "../../../services/projects/project-access.ts";

const agreement: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/:id/agreement",
    {
      onRequest: app.requireRole("RESEARCHER", "ENGINEER"),
      schema: {
        tags: ["quality"],
        summary: "Inter-annotator agreement report: α per question and criterion, per labeler quality, distributions, weekly trends",
        description:
          "Live items only. Humans and AI labelers get separate α values (plus α between their consensus), each with a seeded bootstrap CI over units. " +
          "Cached per project and parameters until an answer, item, membership or form changes; `refresh=true` recomputes.",
        params: ZIdParams,
        querystring: ZAgreementQuery,
        response: { 200: ZAgreementReport, 400: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request) => {
      await assertProjectAccess(app.prisma, currentUser(request), request.params.id, "export");
      return getAgreementReport(
        { prisma: app.prisma, databaseUrl: app.config.DATABASE_URL, redis: app.redis, keyPrefix: app.config.QUEUE_PREFIX },
        request.params.id,
        request.query,
      );
    },
  );
};

export default agreement;
