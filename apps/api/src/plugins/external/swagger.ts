import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import fp from "fastify-plugin";
import { jsonSchemaTransform, jsonSchemaTransformObject } from "fastify-type-provider-zod";

/** OpenAPI is generated from the routes' zod schemas, never written by hand. */
export default fp(
  async (app) => {
    await app.register(swagger, {
      openapi: {
        info: {
          title: "Rankwise API",
          version: "1",
          description: "Collect rankings of model responses and export reward-model training data.",
        },
        components: {
          securitySchemes: {
            bearer: { type: "http", scheme: "bearer", description: "API token (rw_…)" },
            session: { type: "apiKey", in: "cookie", name: "rw_session" },
          },
        },
        security: [{ bearer: [] }, { session: [] }],
      },
      transform: jsonSchemaTransform,
      transformObject: jsonSchemaTransformObject,
    });
    await app.register(swaggerUi, { routePrefix: "/api/docs" });
    app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  },
  { name: "swagger" },
);
