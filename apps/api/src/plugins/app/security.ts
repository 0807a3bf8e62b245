import helmet from "@fastify/helmet";
import rateLimit from "@fastify/rate-limit";
import type { FastifyReply, FastifyRequest, FastifySchema } from "fastify";
import fp from "fastify-plugin";
import { AppError } from "../../lib/app-error.ts";

export type TRouteEntry = { method: string; url: string; schema: FastifySchema | undefined };

declare module "fastify" {
  interface FastifyInstance {
    /** Every route registered after this plugin (HEAD included), with its schema; the authz matrix and fuzz tests audit it. */
    routeTable: TRouteEntry[];
    /** preHandler for POST /auth/login: counts the attempt per IP and per email, 429 once either is over its limit. */
    loginRateLimit: (request: FastifyRequest, reply: FastifyReply) => Promise<void>;
  }
}

type TLimits = { perIp: number; perEmail: number; windowSeconds: number; nameSpace: string };

/**
 * Security headers for every response and the login rate limit. Helmet's default CSP already fits a
 * JSON API and the Swagger UI at /api/docs (its page loads only same-origin scripts, no inline ones).
 */
export default fp(
  async (app, opts: TLimits) => {
    const routeTable: TRouteEntry[] = [];
    app.decorate("routeTable", routeTable);
    app.addHook("onRoute", (route) => {
      for (const method of [route.method].flat()) routeTable.push({ method, url: route.url ?? route.path, schema: route.schema });
    });

    // Not upgrade-insecure-requests: the API (and its docs) is often reached over plain http on a
    // private network or localhost, where that directive would break the docs page; HSTS covers TLS.
    await app.register(helmet, { global: true, contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });

    // Counts live in Redis so every API process shares them; if Redis is down the limit is skipped
    // (skipOnError) rather than locking everyone out, and the Postgres lockout still holds.
    await app.register(rateLimit, {
      global: false,
      redis: app.redis,
      nameSpace: opts.nameSpace,
      skipOnError: true,
      timeWindow: opts.windowSeconds * 1000,
    });
    const byIp = app.createRateLimit({ max: opts.perIp, keyGenerator: (request) => `ip:${request.ip}` });
    const byEmail = app.createRateLimit({
      max: opts.perEmail,
      keyGenerator: (request) => `email:${String((request.body as { email?: unknown } | undefined)?.email ?? "").toLowerCase()}`,
    });

    app.decorate("loginRateLimit", async (request: FastifyRequest, reply: FastifyReply) => {
      const [ip, email] = await Promise.all([byIp(request), byEmail(request)]);
      const over = [ip, email].filter((l) => !l.isAllowed && l.isExceeded);
      if (over.length === 0) return;
      const retryAfter = Math.max(1, ...over.map((l) => ("ttlInSeconds" in l ? l.ttlInSeconds : opts.windowSeconds)));
      request.log.warn({ key: over.map((l) => l.key) }, "login rate limit exceeded");
      reply.header("retry-after", String(retryAfter));
      throw new AppError("RATE_LIMITED", `Too many sign-in attempts; try again in ${retryAfter} s`);
    });
  },
  { name: "security", dependencies: ["redis", "errors"] },
);
