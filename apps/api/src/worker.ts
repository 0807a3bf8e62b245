import { Worker } from "bullmq";
import { ConfigError, loadConfig } from "./config.ts";
import { createExportCompletedHook } from "./jobs/export-completed-hook.ts";
import { createExportHandler } from "./jobs/export-handler.ts";
import { runExportProcess } from "./jobs/run-export-process.ts";
import { WEBHOOK_QUEUE } from "./jobs/handoff-queues.ts";
import { createExportQueue, EXPORT_QUEUE } from "./jobs/queues.ts";
import { createWebhookHandler } from "./jobs/webhook-handler.ts";
import { checkPostgres, checkRedis, createRedis, ServiceUnreachableError } from "./lib/connections.ts";
import { createPrisma } from "./lib/prisma.ts";
import { relayExportOutbox } from "./services/exports/export-outbox.ts";
import { createExportStorage } from "./services/exports/export-storage.ts";

const WEBHOOK_CONCURRENCY = 4;

let lastConnectionError = 0;
/** Workers reconnect on their own; one line a minute while Redis is away is enough. */
function logConnectionError(err: Error) {
  if (Date.now() - lastConnectionError < 60_000) return;
  lastConnectionError = Date.now();
  console.warn(`[worker] redis: ${err.message}`);
}

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
    // A worker that dies mid-export stops renewing its lock; once the lock expires the next stalled check
    // (any worker) puts the job back and it is rebuilt from scratch: the handler is idempotent.
    lockDuration: config.EXPORT_LOCK_DURATION_MS,
    stalledInterval: config.EXPORT_STALLED_INTERVAL_MS,
    maxStalledCount: 2,
  });
  worker.on("error", logConnectionError);
  worker.on("failed", (job, err) => console.error(`[worker] export ${job?.data?.exportId} failed: ${err.message}`));
  worker.on("completed", (job) => console.log(`[worker] export ${job.data.exportId} completed`));
  console.log(`[worker] listening on queue "${EXPORT_QUEUE}" (concurrency ${config.EXPORT_CONCURRENCY})`);

  const webhookWorker = new Worker(WEBHOOK_QUEUE, createWebhookHandler({ prisma, timeoutMs: config.WEBHOOK_TIMEOUT_MS }), {
    connection,
    prefix: config.QUEUE_PREFIX,
    concurrency: WEBHOOK_CONCURRENCY,
  });
  webhookWorker.on("error", logConnectionError);
  webhookWorker.on("failed", (job, err) =>
    console.warn(`[worker] ${err.message} (attempt ${job?.attemptsMade ?? "?"}/${job?.opts.attempts ?? "?"})`),
  );
  console.log(`[worker] listening on queue "${WEBHOOK_QUEUE}" (concurrency ${WEBHOOK_CONCURRENCY})`);

  // Exports requested while Redis was down wait in the outbox; hand them over at start-up (the API also does, on a timer).
  const exportQueue = createExportQueue(queueConnection, config.QUEUE_PREFIX);
  exportQueue.on("error", () => {});

  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    console.log(`[worker] ${signal}: finishing running jobs (grace ${config.SHUTDOWN_GRACE_MS} ms)`);
    const finished = Promise.all([worker.close(), webhookWorker.close()]).then(() => true);
    const inTime = await Promise.race([finished, new Promise<false>((r) => setTimeout(() => r(false), config.SHUTDOWN_GRACE_MS).unref())]);
    if (!inTime) {
      // The export child processes exit with us (their IPC channel closes); the jobs' locks expire and
      // another worker's stalled check retries them from scratch.
      console.warn("[worker] grace period over: leaving running jobs to be retried by another worker");
      process.exit(1);
    }
    await Promise.all([handoff.close(), exportQueue.close()]);
    connection.disconnect();
    queueConnection.disconnect();
    await prisma.$disconnect();
    console.log("[worker] stopped");
    process.exit(0);
  };
  // A repeated SIGTERM does not cut the grace period short (SIGKILL does).
  process.on("SIGTERM", () => void close("SIGTERM"));
  process.once("SIGINT", () => void close("SIGINT"));

  void relayExportOutbox(prisma, exportQueue).then(
    (r) => {
      if (r.enqueued || r.requeued || r.pending) console.log(`[worker] export outbox: ${JSON.stringify(r)}`);
    },
    (err: unknown) => console.warn(`[worker] export outbox relay failed: ${(err as Error).message}`),
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError || err instanceof ServiceUnreachableError ? `[worker] ${err.message}` : err);
  process.exit(1);
});
