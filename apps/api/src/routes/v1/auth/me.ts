import { ZMeResponse } from "@rankwise/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { currentUser } from "../../../plugins/app/auth.ts";

const me: FastifyPluginAsyncZod = async (app) => {
  app.get("/me", { schema: { tags: ["auth"], summary: "The signed-in user", response: { 200: ZMeResponse } } }, async (request) => {
    const { via, ...user } = currentUser(request);
    return { user, via };
  });
};

export default me;
