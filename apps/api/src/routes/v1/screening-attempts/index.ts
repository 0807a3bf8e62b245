import { ZErrorBody, ZIdParams, ZScreeningResult, ZSubmitScreeningRequest } from "@rankwise/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { currentUser } from "../../../plugins/app/auth.ts";
import { submitScreeningAttempt } from "../../../services/quality/screening-attempts.ts";

const screeningAttempts: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "/:id/submit",
    {
      onRequest: app.requireRole("LABELER"),
      schema: {
        tags: ["screening"],
        summary: "Submit my screening attempt; it is scored on the server",
        description:
          "Body `{ answers: { <itemId>: { <questionId>: <value> } } }`; items left out score 0. A submit after the time limit expires the attempt. " +
          "The result says whether I passed and, if the test shows feedback, which questions I got right; never the gold answers.",
        params: ZIdParams,
        body: ZSubmitScreeningRequest,
        response: { 200: ZScreeningResult, 400: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody },
      },
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      return submitScreeningAttempt(app.prisma, request.params.id, currentUser(request).id, request.body);
    },
  );
};

export default screeningAttempts;
