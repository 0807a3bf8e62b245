import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "../generated/prisma/client.ts";

export type TPrisma = PrismaClient;
/** A Prisma client or an interactive transaction: services accept either. */
export type TDb = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

const pools = new WeakMap<object, pg.Pool>();

export function createPrisma(databaseUrl: string, poolSize = 10): PrismaClient {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize });
  // An idle connection dropped by the server (restart, terminate) is an 'error' event on the pool; the
  // adapter listens only once Prisma has connected, and an unheard 'error' would end the process.
  // The pool discards that connection itself; the next query opens a new one.
  pool.on("error", () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  pools.set(prisma, pool);
  return prisma;
}

/**
 * The pg pool under a client made by `createPrisma` (undefined for a transaction client). The labeling
 * hot path sends its few hand-written statements straight through it, skipping Prisma's query
 * engine; both share the same connections.
 */
export function pgPoolOf(db: object): pg.Pool | undefined {
  return pools.get(db);
}
