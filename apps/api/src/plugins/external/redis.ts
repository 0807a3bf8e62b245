import type { Queue } from "bullmq";
import fp from "fastify-plugin";
import type { Redis } from "ioredis";
import type { TExportJob } from "@rankwise/shared";
import { createExportQueue } from "../../jobs/queues.ts";
import { createRedis } from "../../lib/connections.ts";

declare module "fastify" {
  interface FastifyInstance {
    redis: Redis;
    exportQueue: Queue<TExportJob>;
  }
}

/** The API's Redis connection fails fast (no offline queue) so requests never hang on a dead Redis. */
export default fp(
  async (app, opts: { redisUrl: string; queuePrefix: string }) => {
    const redis = createRedis(opts.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    redis.on("error", (err) => app.log.warn({ err: err.message }, "redis connection error"));
    await redis.connect();
    const exportQueue = createExportQueue(redis, opts.queuePrefix);
    app.decorate("redis", redis);
    app.decorate("exportQueue", exportQueue);
    app.addHook("onClose", async () => {
      await exportQueue.close();
      redis.disconnect();
    });
  },
  { name: "redis" },
);
