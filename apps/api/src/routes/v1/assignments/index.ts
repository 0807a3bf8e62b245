import { ZAnnotation, ZAssignmentParams, ZErrorBody, ZIdempotencyHeaders, ZRankingAnswer } from "@rankwise/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { currentUser } from "../../../plugins/app/auth.ts";
import { submitAnnotation } from "../../../services/tasks/submit-annotation.ts";

const assignments: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/:id/annotations",
    {
      onRequest: app.requireRole("LABELER"),
      schema: {
        tags: ["tasks"],
        summary: "Submit my answer for a leased task",
        description:
          "Body: `{ ranking: [[best], [tied, tied], [worst]] }` with every response id exactly once. " +
          "Send an `Idempotency-Key` header so a retried submit returns the first result instead of a second row.",
        params: ZAssignmentParams,
        headers: ZIdempotencyHeaders,
        body: ZRankingAnswer,
        response: { 201: ZAnnotation, 400: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody },
      },
    },
    async (request, reply) => {
      const { annotation, replayed } = await submitAnnotation(app.prisma, {
        assignmentId: request.params.id,
        labelerId: currentUser(request).id,
        answer: request.body,
        idempotencyKey: request.headers["idempotency-key"],
      });
      if (replayed) reply.header("idempotent-replayed", "true");
      return reply.status(201).send(annotation);
    },
  );
};

export default assignments;
