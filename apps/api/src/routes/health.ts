import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";

const ZCheck = z.object({ ok: z.boolean(), latencyMs: z.number(), error: z.string().optional() });
const ZHealth = z.object({ status: z.enum(["ok", "degraded", "down"]), postgres: ZCheck, redis: ZCheck });

async function timed(check: () => Promise<unknown>) {
  const start = performance.now();
  try {
    await check();
    return { ok: true, latencyMs: Math.round(performance.now() - start) };
  } catch (err) {
    return { ok: false, latencyMs: Math.round(performance.now() - start), error: (err as Error).message.split("\n")[0] ?? "error" };
  }
}

const health: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/healthz",
    { schema: { tags: ["health"], summary: "Checks PostgreSQL and Redis", response: { 200: ZHealth, 503: ZHealth } } },
    async (_request, reply) => {
      const [postgres, redis] = await Promise.all([timed(() => app.prisma.$queryRawUnsafe("SELECT 1")), timed(() => app.redis.ping())]);
      // Postgres is the source of truth: without it nothing works; without Redis only exports wait.
      const status = !postgres.ok ? "down" : redis.ok ? "ok" : "degraded";
      return reply.status(postgres.ok ? 200 : 503).send({ status, postgres, redis });
    },
  );
};

export default health;
