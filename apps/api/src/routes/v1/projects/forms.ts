import { ZErrorBody, ZFormVersion, ZIdParams, ZSaveFormRequest } from "@rankwise/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { currentUser } from "../../../plugins/app/auth.ts";
import { listFormVersions, saveForm } from "../../../services/forms/form-versions.ts";
import { assertProjectAccess } from "../../../services/projects/project-access.ts";

const forms: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/:id/form",
    {
      onRequest: app.requireRole("RESEARCHER", "ENGINEER"),
      schema: { tags: ["forms"], summary: "The project's current form", params: ZIdParams, response: { 200: ZFormVersion } },
    },
    async (request) => {
      await assertProjectAccess(app.prisma, currentUser(request), request.params.id, "export");
      const [current] = await listFormVersions(app.prisma, request.params.id);
      return current as NonNullable<typeof current>;
    },
  );

  app.get(
    "/:id/form/versions",
    {
      onRequest: app.requireRole("RESEARCHER", "ENGINEER"),
      schema: {
        tags: ["forms"],
        summary: "Every version of the form, newest first",
        params: ZIdParams,
        response: { 200: z.object({ versions: z.array(ZFormVersion) }) },
      },
    },
    async (request) => {
      await assertProjectAccess(app.prisma, currentUser(request), request.params.id, "export");
      return { versions: await listFormVersions(app.prisma, request.params.id) };
    },
  );

  app.put(
    "/:id/form",
    {
      onRequest: app.requireRole("RESEARCHER"),
      schema: {
        tags: ["forms"],
        summary: "Save the form; a version that already has answers is kept and a new version is created",
        params: ZIdParams,
        body: ZSaveFormRequest,
        response: { 200: ZFormVersion, 400: ZErrorBody },
      },
    },
    async (request) => {
      await assertProjectAccess(app.prisma, currentUser(request), request.params.id, "manage");
      const saved = await saveForm(app.prisma, request.params.id, currentUser(request).id, request.body.definition);
      const versions = await listFormVersions(app.prisma, request.params.id);
      return versions.find((v) => v.id === saved.id) as NonNullable<(typeof versions)[number]>;
    },
  );
};

export default forms;
