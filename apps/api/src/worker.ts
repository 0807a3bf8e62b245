import { Worker } from "bullmq";
import { ConfigError, loadConfig } from "./config.ts";
import { createExportCompletedHook } from "./jobs/export-completed-hook.ts";
import { createExportHandler } from "./jobs/export-handler.ts";
import { runExportProcess } from "./jobs/run-export-process.ts";
import { WEBHOOK_QUEUE } from "./jobs/handoff-queues.ts";
import { EXPORT_QUEUE } from "./jobs/queues.ts";
import { createWebhookHandler } from "./jobs/webhook-handler.ts";
import { checkPostgres, checkRedis, createRedis, ServiceUnreachableError } from "./lib/connections.ts";
import { createPrisma } from "./lib/prisma.ts";
import { createExportStorage } from "./services/exports/export-storage.ts";

const WEBHOOK_CONCURRENCY = 4;

/** The export and webhook worker: its own process, its own connections, closes cleanly on SIGTERM. */
async function main() {
  const config = loadConfig();
  const prisma = createPrisma(config.DATABASE_URL, config.EXPORT_CONCURRENCY + WEBHOOK_CONCURRENCY + 2);
  await checkPostgres(prisma, config.DATABASE_URL);
  await checkRedis(config.REDIS_URL);

  const connection = createRedis(config.REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: false });
  // Queues the worker publishes to (training jobs, webhook deliveries) share one connection of their own.
  const queueConnection = createRedis(config.REDIS_URL, { lazyConnect: false });
  const handoff = createExportCompletedHook({
    prisma,
    connection: queueConnection,
    prefix: config.QUEUE_PREFIX,
    publicApiUrl: config.PUBLIC_API_URL,
    trainingQueue: config.TRAINING_QUEUE,
    webhookAttempts: config.WEBHOOK_MAX_ATTEMPTS,
    webhookBackoffMs: config.WEBHOOK_BACKOFF_MS,
    log: (message) => console.log(message),
  });

  const exportHandler = createExportHandler({
    prisma,
    exportDir: config.EXPORT_DIR,
    storage: createExportStorage(config),
    onExportCompleted: handoff.onExportCompleted,
    // Each export in a child process of its own (plain pg, small young generation): bounded memory.
    runExport: (exportId, onProgress) =>
      runExportProcess(exportId, { databaseUrl: config.DATABASE_URL, exportDir: config.EXPORT_DIR, onProgress }),
  });
  const worker = new Worker(EXPORT_QUEUE, exportHandler, {
    connection,
    prefix: config.QUEUE_PREFIX,
    concurrency: config.EXPORT_CONCURRENCY,
    // Stalled jobs (worker crashed mid-export) are picked up again; the handler is idempotent.
    maxStalledCount: 2,
  });
  worker.on("failed", (job, err) => console.error(`[worker] export ${job?.data?.exportId} failed: ${err.message}`));
  worker.on("completed", (job) => console.log(`[worker] export ${job.data.exportId} completed`));
  console.log(`[worker] listening on queue "${EXPORT_QUEUE}" (concurrency ${config.EXPORT_CONCURRENCY})`);

  const webhookWorker = new Worker(WEBHOOK_QUEUE, createWebhookHandler({ prisma, timeoutMs: config.WEBHOOK_TIMEOUT_MS }), {
    connection,
    prefix: config.QUEUE_PREFIX,
    concurrency: WEBHOOK_CONCURRENCY,
  });
  webhookWorker.on("failed", (job, err) =>
    console.warn(`[worker] ${err.message} (attempt ${job?.attemptsMade ?? "?"}/${job?.opts.attempts ?? "?"})`),
  );
  console.log(`[worker] listening on queue "${WEBHOOK_QUEUE}" (concurrency ${WEBHOOK_CONCURRENCY})`);

  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`[worker] ${signal}: finishing running jobs`);
    await Promise.all([worker.close(), webhookWorker.close()]);
    await handoff.close();
    connection.disconnect();
    queueConnection.disconnect();
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
