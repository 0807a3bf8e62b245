import cluster from "node:cluster";
import { buildApp } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { checkPostgres, checkRedis, ServiceUnreachableError } from "./lib/connections.ts";
import { createPrisma } from "./lib/prisma.ts";

async function main() {
  const config = loadConfig();
  if (config.usingDevSecret) console.warn("[rankwise] SESSION_SECRET is not set: using the development default. Set it in production.");
  const probe = createPrisma(config.DATABASE_URL, 1);
  try {
    await checkPostgres(probe, config.DATABASE_URL);
  } finally {
    await probe.$disconnect();
  }
  await checkRedis(config.REDIS_URL);

  const app = await buildApp(config, {
    connectionTimeout: 30_000,
    requestTimeout: 60_000,
    keepAliveTimeout: 72_000,
    forceCloseConnections: "idle",
  });
  // SIGTERM: stop accepting connections, close idle keep-alive ones, let in-flight requests finish
  // (requests arriving on a busy keep-alive connection get 503 + Connection: close), then close the
  // Postgres pool and Redis (onClose hooks). Past SHUTDOWN_GRACE_MS we exit anyway.
  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal, graceMs: config.SHUTDOWN_GRACE_MS }, "shutting down: draining in-flight requests");
    setTimeout(() => {
      app.log.error("shutdown grace period over: exiting with requests still in flight");
      process.exit(1);
    }, config.SHUTDOWN_GRACE_MS).unref();
    await app.close();
    app.log.info("stopped: requests drained, connections closed");
    process.exit(0);
  };
  // While draining, each response closes its connection: a keep-alive client cannot hold the exit up.
  app.addHook("onSend", async (_request, reply, payload) => {
    if (closing) reply.header("connection", "close");
    return payload;
  });
  process.once("SIGTERM", () => void close("SIGTERM"));
  process.once("SIGINT", () => void close("SIGINT"));
  await app.listen({ host: config.API_HOST, port: config.API_PORT });
}

/**
 * API_WORKERS > 1: this process forks that many servers sharing the port (node:cluster hands out new
 * connections round-robin) and only supervises them. A worker that dies after it started listening is
 * replaced; one that fails before (bad config, Postgres unreachable) stops the whole server with its
 * exit code, as a single process would. SIGTERM/SIGINT are passed on, and the supervisor exits once
 * every worker has drained.
 */
function supervise(workers: number) {
  let stopping = false;
  let failed = 0;
  const listening = new WeakSet<object>();
  const fork = () => {
    const worker = cluster.fork();
    worker.once("listening", () => listening.add(worker));
  };
  for (let i = 0; i < workers; i++) fork();
  cluster.on("exit", (worker, code, signal) => {
    if (code !== 0) failed = code ?? 1;
    if (!stopping && !listening.has(worker)) {
      console.error(`[rankwise] API worker ${worker.process.pid} failed to start (${signal ?? code}); stopping.`);
      stop("SIGTERM");
    } else if (!stopping) {
      console.error(`[rankwise] API worker ${worker.process.pid} exited (${signal ?? code}); starting another.`);
      fork();
    }
    if (stopping && Object.keys(cluster.workers ?? {}).length === 0) process.exit(failed ? 1 : 0);
  });
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill(signal);
    if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(failed ? 1 : 0);
  };
  process.once("SIGTERM", () => stop("SIGTERM"));
  process.once("SIGINT", () => stop("SIGINT"));
}

async function start() {
  if (cluster.isPrimary) {
    const config = loadConfig();
    if (config.API_WORKERS > 1) return supervise(config.API_WORKERS);
  }
  return main();
}

start().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof ServiceUnreachableError) {
    console.error(`[rankwise] ${err.message}`);
    process.exit(1);
  }
  console.error(err);
  process.exit(1);
});
