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
  let closing = false;
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, "shutting down: draining in-flight requests");
    await app.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void close("SIGTERM"));
  process.once("SIGINT", () => void close("SIGINT"));
  await app.listen({ host: config.API_HOST, port: config.API_PORT });
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof ServiceUnreachableError) {
    console.error(`[rankwise] ${err.message}`);
    process.exit(1);
  }
  console.error(err);
  process.exit(1);
});
