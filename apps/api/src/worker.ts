import { Worker } from "bullmq";
import { ConfigError, loadConfig } from "./config.ts";
import { createExportHandler } from "./jobs/export-handler.ts";
import { EXPORT_QUEUE } from "./jobs/queues.ts";
import { checkPostgres, checkRedis, createRedis, ServiceUnreachableError } from "./lib/connections.ts";
import { createPrisma } from "./lib/prisma.ts";

/** The export worker: its own process, its own connections, closes cleanly on SIGTERM. */
async function main() {
  const config = loadConfig();
  const prisma = createPrisma(config.DATABASE_URL, config.EXPORT_CONCURRENCY + 2);
  await checkPostgres(prisma, config.DATABASE_URL);
  await checkRedis(config.REDIS_URL);

  const connection = createRedis(config.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: false });
  const worker = new Worker(EXPORT_QUEUE, createExportHandler({ prisma, exportDir: config.EXPORT_DIR }), {
    connection,
    prefix: config.QUEUE_PREFIX,
    concurrency: config.EXPORT_CONCURRENCY,
    // Stalled jobs (worker crashed mid-export) are picked up again; the handler is idempotent.
    maxStalledCount: 2,
  });
  worker.on("failed", (job, err) => console.error(`[worker] export ${job?.data?.exportId} failed: ${err.message}`));
  worker.on("completed", (job) => console.log(`[worker] export ${job.data.exportId} completed`));
  console.log(`[worker] listening on queue "${EXPORT_QUEUE}" (concurrency ${config.EXPORT_CONCURRENCY})`);

  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`[worker] ${signal}: finishing running jobs`);
    await worker.close();
    connection.disconnect();
    await prisma.$disconnect();
    process.exit(0);
  };
  process.once("SIGTERM", () => void close("SIGTERM"));
  process.once("SIGINT", () => void close("SIGINT"));
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError || err instanceof ServiceUnreachableError ? `[worker] ${err.message}` : err);
  process.exit(1);
});
