import type { TExportJob } from "@rankwise/shared";
import type { Queue } from "bullmq";
import fp from "fastify-plugin";
import type { Redis } from "ioredis";
import { createExportQueue } from "../../jobs/queues.ts";
import { createRedis, redactUrl, ServiceUnreachableError } from "../../lib/connections.ts";
import { startOutboxRelay, type TOutboxRelay } from "../../services/exports/export-outbox.ts";

declare module "fastify" {
  interface FastifyInstance {
    redis: Redis;
    exportQueue: Queue<TExportJob>;
    exportOutbox: TOutboxRelay;
  }
}

/**
 * The API's Redis connection fails fast (no offline queue, short command timeout) so requests never
 * hang on a dead Redis, and reconnects forever (lib/connections.ts) so it heals when Redis returns; the
 * export outbox relay then hands over what waited. Labeling never needs Redis: only exports wait.
 */
export default fp(
  async (app, opts: { redisUrl: string; queuePrefix: string; outboxIntervalMs: number }) => {
    const redis = createRedis(opts.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, commandTimeout: 5000 });
    let lost = false;
    let closing = false;
    let lastErrorLog = 0;
    redis.on("error", (err: Error) => {
      // One line per outage and then one a minute, not one per reconnect attempt.
      if (Date.now() - lastErrorLog < 60_000) return;
      lastErrorLog = Date.now();
      app.log.warn({ err: err.message }, "redis connection error");
    });
    redis.on("close", () => {
      if (lost || closing) return;
      lost = true;
      app.log.warn("redis connection lost: exports wait in the outbox; labeling goes on");
    });
    try {
      await redis.connect();
    } catch (err) {
      redis.disconnect();
      throw new ServiceUnreachableError(`Cannot reach Redis at ${redactUrl(opts.redisUrl)} (${(err as Error).message})`);
    }
    const exportQueue = createExportQueue(redis, opts.queuePrefix);
    // An EventEmitter without an "error" listener throws; connection errors are logged above.
    exportQueue.on("error", () => {});
    const relay = startOutboxRelay({ prisma: app.prisma, queue: exportQueue, intervalMs: opts.outboxIntervalMs, log: app.log });
    redis.on("ready", () => {
      if (!lost) return;
      lost = false;
      lastErrorLog = 0;
      app.log.info("redis connection restored: relaying the export outbox");
      void relay.runNow();
    });
    // Exports a crashed API left un-enqueued go out at start-up, not one interval later.
    app.addHook("onReady", async () => {
      void relay.runNow();
    });
    app.decorate("redis", redis);
    app.decorate("exportQueue", exportQueue);
    app.decorate("exportOutbox", relay);
    app.addHook("onClose", async () => {
      closing = true;
      await relay.stop();
      await exportQueue.close().catch(() => {});
      redis.disconnect();
    });
  },
  { name: "redis", dependencies: ["prisma"] },
);
