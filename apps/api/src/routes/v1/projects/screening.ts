import { ZErrorBody, ZIdParams, ZScreeningAttempt, ZScreeningConfig, ZScreeningMe, ZScreeningTest } from "@rankwise/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { currentUser } from "../../../plugins/app/auth.ts";
import { assertProjectAccess } from "../../../services/projects/project-access.ts";
import { getMyScreening, startScreeningAttempt } from "../../../services/quality/screening-attempts.ts";
import { getScreeningTest, saveScreeningTest } from "../../../services/quality/screening-test.ts";

/** `/api/v1/projects/:id/screening`: the test researchers set up and labelers take before live work. */
const screening: FastifyPluginAsyncZod = async (app) => {
  app.put(
    "/:id/screening",
    {
      onRequest: app.requireRole("RESEARCHER"),
      schema: {
        tags: ["screening"],
        summary: "Create or replace the project's screening test",
        description:
          "The test's items are the project's items with role SCREENING that have a gold answer. While enabled, labelers added to the project start INVITED.",
        params: ZIdParams,
        body: ZScreeningConfig,
        response: { 200: ZScreeningTest, 400: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request) => {
      const user = currentUser(request);
      await assertProjectAccess(app.prisma, user, request.params.id, "manage");
      return saveScreeningTest(app.prisma, request.params.id, request.body, user.id);
    },
  );

  app.get(
    "/:id/screening",
    {
      onRequest: app.requireRole("RESEARCHER", "ENGINEER"),
      schema: {
        tags: ["screening"],
        summary: "The project's screening test and its item counts",
        params: ZIdParams,
        response: { 200: ZScreeningTest, 403: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request) => {
      await assertProjectAccess(app.prisma, currentUser(request), request.params.id, "export");
      return getScreeningTest(app.prisma, request.params.id);
    },
  );

  app.get(
    "/:id/screening/me",
    {
      onRequest: app.requireRole("LABELER"),
      schema: {
        tags: ["screening"],
        summary: "My screening status: attempts used and left, last score, time limit",
        params: ZIdParams,
        response: { 200: ZScreeningMe, 403: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request, reply) => {
      reply.header("cache-control", "no-store");
      return getMyScreening(app.prisma, request.params.id, currentUser(request).id);
    },
  );

  app.post(
    "/:id/screening/attempts",
    {
      onRequest: app.requireRole("LABELER"),
      schema: {
        tags: ["screening"],
        summary: "Start (or resume) my screening attempt",
        description:
          "Returns the test's items shaped like a task's, with the form. 409 when there is no test or I already qualified; 403 when I have no attempts left.",
        params: ZIdParams,
        response: { 201: ZScreeningAttempt, 403: ZErrorBody, 404: ZErrorBody, 409: ZErrorBody },
      },
    },
    async (request, reply) => {
      const attempt = await startScreeningAttempt(app.prisma, request.params.id, currentUser(request).id);
      return reply.status(201).header("cache-control", "no-store").send(attempt);
    },
  );
};

export default screening;
