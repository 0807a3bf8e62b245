import { Redis, type RedisOptions } from "ioredis";
import type { TPrisma } from "./prisma.ts";

/** Hides credentials when a URL is printed. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable url)";
  }
}

export class ServiceUnreachableError extends Error {
  override name = "ServiceUnreachableError";
}

export async function checkPostgres(prisma: TPrisma, url: string): Promise<void> {
  try {
    await prisma.$queryRawUnsafe("SELECT 1");
  } catch (err) {
    throw new ServiceUnreachableError(
      `Cannot reach PostgreSQL at ${redactUrl(url)} (${(err as Error).message.split("\n")[0]}).\n` +
        "  Start it (Debian: pg_ctlcluster 15 main start; or: docker compose up -d postgres) or set DATABASE_URL.",
    );
  }
}

/** Reconnects forever, backing off to ~2 s with jitter, so a restarted Redis heals without restarting us. */
export function redisReconnectDelay(times: number): number {
  return Math.round(Math.min(100 * 2 ** Math.min(times, 5), 2000) * (0.8 + Math.random() * 0.4));
}

export function createRedis(url: string, options: RedisOptions = {}): Redis {
  return new Redis(url, { lazyConnect: true, retryStrategy: redisReconnectDelay, ...options });
}

export class TimeoutError extends Error {
  override name = "TimeoutError";
}

/** Rejects after `ms` (the promise itself goes on): for checks that must answer quickly. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function checkRedis(url: string): Promise<void> {
  const redis = createRedis(url, { maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 3000 });
  redis.on("error", () => {});
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    throw new ServiceUnreachableError(
      `Cannot reach Redis at ${redactUrl(url)} (${(err as Error).message}).\n` +
        "  Start it (redis-server --daemonize yes; or: docker compose up -d redis) or set REDIS_URL.",
    );
  } finally {
    redis.disconnect();
  }
}
