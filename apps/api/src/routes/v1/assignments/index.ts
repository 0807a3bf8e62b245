import { ZAnnotation, ZAssignmentParams, ZErrorBody, ZIdempotencyHeaders, ZSkipRequest, ZSubmitAnswer } from "@rankwise/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { currentUser } from "../../../plugins/app/auth.ts";
import { recordSubmittedAnswer } from "../../../services/quality/evaluate-member.ts";
import { skipAssignment, submitAnnotation } from "../../../services/tasks/submit-annotation.ts";
import { z } from "zod";

const assignments: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/:id/annotations",
    {
      onRequest: app.requireRole("LABELER"),
      schema: {
        tags: ["tasks"],
        summary: "Submit my answer for a leased task",
        description:
          "Body: `{ answers: { <questionId>: <value> }, durationMs }`, checked against the form version and item of the assignment. " +
          "`{ ranking: [[best], [tied, tied], [worst]] }` is shorthand for the default form's ranking question. " +
          "Send an `Idempotency-Key` header so a retried submit returns the first result instead of a second row.",
        params: ZAssignmentParams,
        headers: ZIdempotencyHeaders,
        body: ZSubmitAnswer,
        response: { 201: ZAnnotation, 400: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody },
      },
    },
    async (request, reply) => {
      const { annotation, replayed } = await submitAnnotation(app.prisma, {
        assignmentId: request.params.id,
        labelerId: currentUser(request).id,
        body: request.body,
        idempotencyKey: request.headers["idempotency-key"],
      });
      if (replayed) {
        reply.header("idempotent-replayed", "true");
      } else {
        // Every first submit queues the same after-response check, so a honeypot's submit is not slower.
        const labelerId = currentUser(request).id;
        app.deferred.run("score-submitted-answer", () => recordSubmittedAnswer(app.prisma, { itemId: annotation.itemId, labelerId }));
      }
      return reply.status(201).send(annotation);
    },
  );

  app.post(
    "/:id/skip",
    {
      onRequest: app.requireRole("LABELER"),
      schema: {
        tags: ["tasks"],
        summary: "Give a leased task back with a reason; the item returns to the pool for others",
        params: ZAssignmentParams,
        body: ZSkipRequest,
        response: { 204: z.null(), 404: ZErrorBody, 409: ZErrorBody },
      },
    },
    async (request, reply) => {
      await skipAssignment(app.prisma, { assignmentId: request.params.id, labelerId: currentUser(request).id, ...request.body });
      return reply.status(204).send(null);
    },
  );
};

export default assignments;
