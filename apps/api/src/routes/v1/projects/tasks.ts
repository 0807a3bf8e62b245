import { ZErrorBody, ZIdParams, ZTask } from "@rankwise/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { currentUser } from "../../../plugins/app/auth.ts";
import { assertProjectAccess } from "../../../services/projects/project-access.ts";
import { leaseNextTask } from "../../../services/tasks/lease-next-task.ts";

const tasks: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/:id/tasks/next",
    {
      schema: {
        tags: ["tasks"],
        summary: "Lease my next task (or get my current one); 204 when nothing is left",
        params: ZIdParams,
        response: { 200: ZTask, 204: z.null(), 403: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const project = await assertProjectAccess(app.prisma, user, request.params.id, "label");
      const task = await leaseNextTask(app.prisma, project, user.id);
      reply.header("cache-control", "no-store");
      if (!task) return reply.status(204).send(null);
      return task;
    },
  );
};

export default tasks;
