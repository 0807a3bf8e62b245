import {
  ZErrorBody,
  ZIdParams,
  ZMemberParams,
  ZMemberQuality,
  ZMemberQualityList,
  ZQualitySettings,
  ZRecomputeResult,
  ZSetMemberStatusRequest,
  readQualitySettings,
} from "@rankwise/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { currentUser } from "../../../plugins/app/auth.ts";
import { assertProjectAccess } from "../../../services/projects/project-access.ts";
import { recomputeProjectQuality } from "../../../services/quality/evaluate-member.ts";
import { listMemberQuality, toMemberQuality } from "../../../services/quality/member-views.ts";
import { setMemberStatusByHand } from "../../../services/quality/member-status.ts";
import { saveQualitySettings } from "../../../services/quality/quality-settings.ts";

/** `/api/v1/projects/:id/quality` and member tiers: honeypot rate, promotion and suspension rules, overrides. */
const quality: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/:id/quality",
    {
      onRequest: app.requireRole("RESEARCHER", "ENGINEER"),
      schema: {
        tags: ["quality"],
        summary: "The project's honeypot rate and tier rules",
        params: ZIdParams,
        response: { 200: ZQualitySettings, 403: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request) =>
      readQualitySettings((await assertProjectAccess(app.prisma, currentUser(request), request.params.id, "export")).settings),
  );

  app.put(
    "/:id/quality",
    {
      onRequest: app.requireRole("RESEARCHER"),
      schema: {
        tags: ["quality"],
        summary: "Set the honeypot rate and tier rules (missing fields take their defaults)",
        params: ZIdParams,
        body: ZQualitySettings,
        response: { 200: ZQualitySettings, 400: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request) => {
      const user = currentUser(request);
      await assertProjectAccess(app.prisma, user, request.params.id, "manage");
      return saveQualitySettings(app.prisma, request.params.id, request.body, user.id);
    },
  );

  app.post(
    "/:id/quality/recompute",
    {
      onRequest: app.requireRole("RESEARCHER"),
      schema: {
        tags: ["quality"],
        summary: "Recompute every member's gold and peer agreement and apply the tier rules",
        params: ZIdParams,
        response: { 200: ZRecomputeResult, 403: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request) => {
      await assertProjectAccess(app.prisma, currentUser(request), request.params.id, "manage");
      return recomputeProjectQuality(app.prisma, request.params.id);
    },
  );

  app.get(
    "/:id/quality/members",
    {
      onRequest: app.requireRole("RESEARCHER"),
      schema: {
        tags: ["quality"],
        summary: "Members with their tier, gold and peer agreement, and recent tier changes",
        params: ZIdParams,
        response: { 200: ZMemberQualityList, 403: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request) => {
      await assertProjectAccess(app.prisma, currentUser(request), request.params.id, "manage");
      return listMemberQuality(app.prisma, request.params.id);
    },
  );

  app.post(
    "/:id/members/:userId/status",
    {
      onRequest: app.requireRole("RESEARCHER"),
      schema: {
        tags: ["quality"],
        summary: "Set a member's status by hand, with a reason (recorded with who did it)",
        description: "Setting INVITED grants a fresh set of screening attempts. Setting the current status changes nothing.",
        params: ZMemberParams,
        body: ZSetMemberStatusRequest,
        response: { 200: ZMemberQuality, 400: ZErrorBody, 403: ZErrorBody, 404: ZErrorBody },
      },
    },
    async (request) => {
      const user = currentUser(request);
      await assertProjectAccess(app.prisma, user, request.params.id, "manage");
      await setMemberStatusByHand(app.prisma, {
        projectId: request.params.id,
        userId: request.params.userId,
        ...request.body,
        actorId: user.id,
      });
      const row = await app.prisma.projectMember.findUniqueOrThrow({
        where: { projectId_userId: { projectId: request.params.id, userId: request.params.userId } },
        include: { user: true },
      });
      return toMemberQuality(row);
    },
  );
};

export default quality;
