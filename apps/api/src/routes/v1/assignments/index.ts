import {
  ZAssignmentParams,
  ZErrorBody,
  ZFlagRequest,
  ZIdempotencyHeaders,
  ZMyFlag,
  ZSkipRequest,
  ZSubmitAnswer,
  ZSubmitQuery,
  ZSubmitResult,
  ZTask,
} from "@rankwise/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { currentUser } from "../../../plugins/app/auth.ts";
import { flagItem } from "../../../services/items/item-flags.ts";
import { recordSubmittedAnswer } from "../../../services/quality/evaluate-member.ts";
import { leaseAfterSubmit } from "../../../services/tasks/lease-after-submit.ts";
import { skipAssignment, submitAnnotation } from "../../../services/tasks/submit-annotation.ts";
import { submitAndLeaseFast } from "../../../services/tasks/submit-lease-fast.ts";
import { undoSubmit } from "../../../services/tasks/undo-submit.ts";

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
          "Send an `Idempotency-Key` header so a retried submit returns the first result instead of a second row. " +
          "With `?next=1` the response also carries `next`, the labeler's next task leased as `tasks/next` would " +
          "(null when the queue is empty), and `undoExpiresAt`, so the next task shows without another request.",
        params: ZAssignmentParams,
        querystring: ZSubmitQuery,
        headers: ZIdempotencyHeaders,
        body: ZSubmitAnswer,
        response: { 201: ZSubmitResult, 400: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody },
      },
    },
    async (request, reply) => {
      // Scoring runs after the response, so a honeypot's submit looks and takes the same as any other;
      // when the submit statement already said the item is not a scored honeypot there is nothing to do.
      const score = (itemId: string) => {
        const labelerId = currentUser(request).id;
        app.deferred.run("score-submitted-answer", () => recordSubmittedAnswer(app.prisma, { itemId, labelerId }));
      };
      if (request.query.next) {
        // The app's flow: the submit and the next lease in one round trip when this process served the task.
        const fast = await submitAndLeaseFast(app.prisma, currentUser(request), {
          assignmentId: request.params.id,
          body: request.body,
          idempotencyKey: request.headers["idempotency-key"],
        });
        if (fast) {
          if (fast.facts.scored) score(fast.annotation.itemId);
          reply.header("cache-control", "no-store");
          const after = fast.next
            ? { next: fast.next, undoExpiresAt: fast.undoExpiresAt }
            : await leaseAfterSubmit(app.prisma, currentUser(request), fast.annotation, fast.facts);
          return reply.status(201).send({ ...fast.annotation, ...after });
        }
      }
      const { annotation, replayed, facts } = await submitAnnotation(app.prisma, {
        assignmentId: request.params.id,
        labelerId: currentUser(request).id,
        body: request.body,
        idempotencyKey: request.headers["idempotency-key"],
      });
      if (replayed) {
        reply.header("idempotent-replayed", "true");
      } else if (!facts || facts.scored) {
        score(annotation.itemId);
      }
      if (!request.query.next) return reply.status(201).send(annotation);
      reply.header("cache-control", "no-store");
      const after = await leaseAfterSubmit(app.prisma, currentUser(request), annotation, facts);
      return reply.status(201).send({ ...annotation, ...after });
    },
  );

  app.post(
    "/:id/undo",
    {
      onRequest: app.requireRole("LABELER"),
      schema: {
        tags: ["tasks"],
        summary: "Take back my latest answer within the project's undo window; the task is mine again",
        description:
          "Within `settings.undoWindowSeconds` (default 10) of the submit, and only for the labeler's latest answer in the project: " +
          "the answer is deleted and the task returned with a fresh lease (200, same shape as `tasks/next`). A task leased since " +
          "(e.g. with `?next=1`) goes back to the pool, and a honeypot's score and the tier changes it caused are reversed. " +
          "409 `UNDO_WINDOW_PASSED` after the window or for an older answer.",
        params: ZAssignmentParams,
        response: { 200: ZTask, 404: ZErrorBody, 409: ZErrorBody },
      },
    },
    async (request, reply) => {
      // Scoring of the answer runs after its submit's response: let it finish, so it cannot write back afterwards.
      await app.deferred.drain();
      const task = await undoSubmit(app.prisma, { assignmentId: request.params.id, labelerId: currentUser(request).id });
      reply.header("cache-control", "no-store");
      return task;
    },
  );

  app.post(
    "/:id/flag",
    {
      onRequest: app.requireRole("LABELER"),
      schema: {
        tags: ["tasks"],
        summary: "Flag the item of my task for researchers (broken, unclear, harmful, duplicate, other)",
        description:
          "One flag per item and labeler: flagging again replaces it (and reopens it if it was resolved). " +
          "Flagging changes nothing about the task: skip it or still answer it.",
        params: ZAssignmentParams,
        body: ZFlagRequest,
        response: { 200: ZMyFlag, 400: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request) => flagItem(app.prisma, { assignmentId: request.params.id, labelerId: currentUser(request).id, request: request.body }),
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
