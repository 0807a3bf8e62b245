import {
  ZErrorBody,
  ZIdParams,
  ZRecordedTrainingEvent,
  ZTrainingEventRequest,
  ZTrainingRunDetail,
  ZTrainingRunList,
  ZTrainingRunsQuery,
} from "@rankwise/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { currentUser } from "../../../plugins/app/auth.ts";
import { getTrainingRun, listTrainingRuns, recordTrainingEvent } from "../../../services/training-runs/training-runs.ts";

/** Training runs started by the hand-off; trainers report back here (docs/handoff.md). */
const trainingRuns: FastifyPluginAsyncZod = async (app) => {
  app.addHook("onRequest", app.requireRole("ENGINEER", "RESEARCHER"));

  app.get(
    "",
    {
      schema: {
        tags: ["training"],
        summary: "Training runs of an export, newest first",
        querystring: ZTrainingRunsQuery,
        response: { 200: ZTrainingRunList, 400: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request) => ({ trainingRuns: await listTrainingRuns(app.prisma, currentUser(request), request.query.exportId) }),
  );

  app.get(
    "/:id",
    {
      schema: {
        tags: ["training"],
        summary: "A training run with its events, oldest first",
        params: ZIdParams,
        response: { 200: ZTrainingRunDetail, 403: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request) => getTrainingRun(app.prisma, currentUser(request), request.params.id),
  );

  app.post(
    "/:id/events",
    {
      schema: {
        tags: ["training"],
        summary: "Report a trainer's status, step, metrics or message",
        description:
          "Status moves forward only: PENDING → RUNNING → SUCCEEDED | FAILED | CANCELLED. Going back, or any event after a terminal " +
          "status, is 409. Metrics are merged into the run's latest metrics.",
        params: ZIdParams,
        body: ZTrainingEventRequest,
        response: { 201: ZRecordedTrainingEvent, 400: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody },
      },
    },
    async (request, reply) => {
      const recorded = await recordTrainingEvent(app.prisma, currentUser(request), request.params.id, request.body);
      return reply.status(201).header("location", `/api/v1/training-runs/${request.params.id}`).send(recorded);
    },
  );
};

export default trainingRuns;
