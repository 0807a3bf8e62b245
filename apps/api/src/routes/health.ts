import { createHash, timingSafeEqual } from "node:crypto";
import { ZErrorBody } from "@rankwise/shared";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { AppError } from "../lib/app-error.ts";
import { withTimeout } from "../lib/connections.ts";

const ZCheck = z.object({ ok: z.boolean(), latencyMs: z.number(), error: z.string().optional() });
const ZHealth = z.object({ status: z.enum(["ok", "degraded", "down"]), postgres: ZCheck, redis: ZCheck });

/** A health check answers within this, whatever state its dependencies are in. */
const CHECK_TIMEOUT_MS = 1000;

async function timed(what: string, check: () => Promise<unknown>) {
  const start = performance.now();
  try {
    await withTimeout(check(), CHECK_TIMEOUT_MS, what);
    return { ok: true, latencyMs: Math.round(performance.now() - start) };
  } catch (err) {
    return { ok: false, latencyMs: Math.round(performance.now() - start), error: (err as Error).message.split("\n")[0] ?? "error" };
  }
}

const sha256 = (text: string) => createHash("sha256").update(text).digest();

const health: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/healthz",
    { schema: { tags: ["health"], summary: "Checks PostgreSQL and Redis", response: { 200: ZHealth, 503: ZHealth } } },
    async (_request, reply) => {
      const [postgres, redis] = await Promise.all([
        timed("postgres", () => app.prisma.$queryRawUnsafe("SELECT 1")),
        timed("redis", () => app.redis.ping()),
      ]);
      // Postgres is the source of truth: without it nothing works; without Redis only exports wait.
      const status = !postgres.ok ? "down" : redis.ok ? "ok" : "degraded";
      return reply.status(postgres.ok ? 200 : 503).send({ status, postgres, redis });
    },
  );

  const token = app.config.METRICS_TOKEN;
  app.get(
    "/metrics",
    {
      schema: {
        tags: ["health"],
        summary: "Prometheus metrics (text exposition format)",
        description: "Open unless METRICS_TOKEN is set; then send `Authorization: Bearer <METRICS_TOKEN>`.",
        response: { 200: z.string(), 401: ZErrorBody },
      },
    },
    async (request, reply) => {
      if (token !== undefined) {
        const sent = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1] ?? "";
        if (!timingSafeEqual(sha256(sent), sha256(token))) throw new AppError("UNAUTHENTICATED", "A valid metrics token is required");
      }
      const { registry } = app.metrics;
      return reply.header("content-type", registry.contentType).send(await registry.metrics());
    },
  );
};

export default health;
