import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import health from "./health.ts";
import v1 from "./v1/index.ts";

const routes: FastifyPluginAsyncZod = async (app) => {
  await app.register(health, { prefix: "/api" });
  await app.register(v1, { prefix: "/api/v1" });
};

export default routes;
