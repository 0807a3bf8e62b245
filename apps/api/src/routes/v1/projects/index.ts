import { ZAddMemberRequest, ZCreateProjectRequest, ZIdParams, ZMember, ZProject, ZProjectList } from "@rankwise/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { currentUser } from "../../../plugins/app/auth.ts";
import { createProject } from "../../../services/projects/create-project.ts";
import { addMember } from "../../../services/projects/members.ts";
import { assertProjectAccess } from "../../../services/projects/project-access.ts";
import { loadProjectCounts, toProject } from "../../../services/projects/project-views.ts";
import agreement from "./agreement.ts";
import audit from "./audit.ts";
import exportsRoutes from "./exports.ts";
import forms from "./forms.ts";
import invitations from "./invitations.ts";
import itemBrowser from "./item-browser.ts";
import items from "./items.ts";
import quality from "./quality.ts";
import screening from "./screening.ts";
import tasks from "./tasks.ts";
import webhooks from "./webhooks.ts";

const projects: FastifyPluginAsyncZod = async (app) => {
  app.post(
    "",
    {
      onRequest: app.requireRole("RESEARCHER"),
      schema: { tags: ["projects"], summary: "Create a project", body: ZCreateProjectRequest, response: { 201: ZProject } },
    },
    async (request, reply) => {
      const project = await createProject(app.prisma, currentUser(request).id, request.body);
      return reply.status(201).send(toProject(project));
    },
  );

  app.get(
    "",
    { schema: { tags: ["projects"], summary: "Projects I can see, with counts", response: { 200: ZProjectList } } },
    async (request) => {
      const user = currentUser(request);
      const rows = await app.prisma.project.findMany({
        where: user.role === "LABELER" ? { members: { some: { userId: user.id } } } : {},
        orderBy: { createdAt: "desc" },
      });
      const counts = await loadProjectCounts(
        app.prisma,
        rows.map((p) => p.id),
      );
      return { projects: rows.map((p) => toProject(p, counts.get(p.id))) };
    },
  );

  app.get(
    "/:id",
    { schema: { tags: ["projects"], summary: "One project with counts", params: ZIdParams, response: { 200: ZProject } } },
    async (request) => {
      const project = await assertProjectAccess(app.prisma, currentUser(request), request.params.id, "read");
      const counts = await loadProjectCounts(app.prisma, [project.id]);
      return toProject(project, counts.get(project.id));
    },
  );

  app.get(
    "/:id/members",
    {
      onRequest: app.requireRole("RESEARCHER"),
      schema: {
        tags: ["projects"],
        summary: "Labelers of a project",
        params: ZIdParams,
        response: { 200: z.object({ members: z.array(ZMember) }) },
      },
    },
    async (request) => {
      await assertProjectAccess(app.prisma, currentUser(request), request.params.id, "manage");
      const rows = await app.prisma.projectMember.findMany({
        where: { projectId: request.params.id },
        include: { user: true },
        orderBy: { createdAt: "asc" },
      });
      return {
        members: rows.map((m) => ({ userId: m.userId, email: m.user.email, name: m.user.name, kind: m.user.kind, status: m.status })),
      };
    },
  );

  app.post(
    "/:id/members",
    {
      onRequest: app.requireRole("RESEARCHER"),
      schema: {
        tags: ["projects"],
        summary: "Add a labeler to a project",
        params: ZIdParams,
        body: ZAddMemberRequest,
        response: { 201: ZMember },
      },
    },
    async (request, reply) => {
      await assertProjectAccess(app.prisma, currentUser(request), request.params.id, "manage");
      const m = await addMember(app.prisma, request.params.id, request.body.email);
      return reply.status(201).send({ userId: m.userId, email: m.user.email, name: m.user.name, kind: m.user.kind, status: m.status });
    },
  );

  await app.register(forms);
  await app.register(items);
  await app.register(itemBrowser);
  await app.register(tasks);
  await app.register(exportsRoutes);
  await app.register(quality);
  await app.register(agreement);
  await app.register(screening);
  await app.register(webhooks);
  await app.register(invitations);
  await app.register(audit);
};

export default projects;
