import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import admin from "./admin/index.ts";
import assignments from "./assignments/index.ts";
import auth from "./auth/index.ts";
import me from "./auth/me.ts";
import exports from "./exports/index.ts";
import invitations from "./invitations/index.ts";
import items from "./items/index.ts";
import projects from "./projects/index.ts";
import screeningAttempts from "./screening-attempts/index.ts";
import tokens from "./tokens/index.ts";
import trainingRuns from "./training-runs/index.ts";

const v1: FastifyPluginAsyncZod = async (app) => {
  await app.register(auth, { prefix: "/auth" });
  // Invite links: the secret in the path is the credential, so no session is needed.
  await app.register(invitations, { prefix: "/invitations" });
  // Everything registered in this scope requires a session or an API token.
  await app.register(async (authed) => {
    authed.addHook("onRequest", authed.authenticate);
    await authed.register(me);
    await authed.register(admin, { prefix: "/admin" });
    await authed.register(tokens, { prefix: "/tokens" });
    await authed.register(projects, { prefix: "/projects" });
    await authed.register(assignments, { prefix: "/assignments" });
    await authed.register(exports, { prefix: "/exports" });
    await authed.register(items, { prefix: "/items" });
    await authed.register(screeningAttempts, { prefix: "/screening-attempts" });
    await authed.register(trainingRuns, { prefix: "/training-runs" });
  });
};

export default v1;
