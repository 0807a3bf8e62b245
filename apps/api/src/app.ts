import { mkdir } from "node:fs/promises";
import Fastify, { type FastifyServerOptions } from "fastify";
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { TConfig } from "./config.ts";
import auth from "./plugins/app/auth.ts";
import deferred from "./plugins/app/deferred.ts";
import errors, { frameworkErrors } from "./plugins/app/errors.ts";
import exportStorage from "./plugins/app/export-storage.ts";
import metrics from "./plugins/app/metrics.ts";
import requestId, { genRequestId } from "./plugins/app/request-id.ts";
import security from "./plugins/app/security.ts";
import prisma from "./plugins/external/prisma.ts";
import redis from "./plugins/external/redis.ts";
import swagger from "./plugins/external/swagger.ts";
import routes from "./routes/index.ts";

declare module "fastify" {
  interface FastifyInstance {
    config: TConfig;
  }
}

/** Builds the whole API; server.ts listens on it, tests drive it with inject(). */
export async function buildApp(config: TConfig, options: FastifyServerOptions = {}) {
  const app = Fastify({
    logger: { level: config.LOG_LEVEL },
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    frameworkErrors,
    genReqId: genRequestId,
    ...options,
  }).withTypeProvider<ZodTypeProvider>();

  await mkdir(config.EXPORT_DIR, { recursive: true });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate("config", config);

  await app.register(requestId);
  await app.register(errors);
  await app.register(prisma, { databaseUrl: config.DATABASE_URL, poolSize: config.DATABASE_POOL_SIZE });
  await app.register(redis, {
    redisUrl: config.REDIS_URL,
    queuePrefix: config.QUEUE_PREFIX,
    outboxIntervalMs: config.OUTBOX_RELAY_INTERVAL_MS,
  });
  await app.register(metrics);
  await app.register(security, {
    perIp: config.LOGIN_RATE_LIMIT_PER_IP,
    perEmail: config.LOGIN_RATE_LIMIT_PER_EMAIL,
    windowSeconds: config.LOGIN_RATE_LIMIT_WINDOW_SECONDS,
    nameSpace: `${config.QUEUE_PREFIX}:login-limit:`,
  });
  await app.register(auth, { sessionSecret: config.SESSION_SECRET, secureCookies: config.NODE_ENV === "production" });
  await app.register(deferred);
  await app.register(exportStorage);
  await app.register(swagger);
  await app.register(routes);
  return app;
}

export type TApp = Awaited<ReturnType<typeof buildApp>>;
