import { type ChildProcess, execFile, spawn } from "node:child_process";
import { chownSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import pg from "pg";
// @ts-expect-error plain ESM helper without types
import { repoRoot } from "../../../../scripts/prisma-env.mjs";

/**
 * Redis and PostgreSQL servers of a test file's own, for fault tests that stop and restart them: the
 * shared servers on 6379 and 5432 that other test files use are never touched.
 */

const run = promisify(execFile);
const PG_BIN = "/usr/lib/postgresql/15/bin";
export const REPO_ROOT: string = repoRoot;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export type TPrivateRedis = { url: string; port: number; start: () => Promise<void>; stop: () => Promise<void> };

/** `redis-server` on a free port, without persistence: a restart empties it, like a lost Redis would. */
export async function startPrivateRedis(): Promise<TPrivateRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;
  const ping = async () => {
    const r = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    r.on("error", () => {});
    try {
      await r.connect();
      return (await r.ping()) === "PONG";
    } finally {
      r.disconnect();
    }
  };
  const start = async () => {
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: "ignore",
    });
    await waitFor(ping, 10_000, `redis on ${port}`);
  };
  const stop = async () => {
    const c = child;
    child = null;
    if (!c || c.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once("exit", () => resolve());
      c.kill("SIGKILL");
    });
  };
  await start();
  return { url, port, start, stop };
}

export type TPrivatePostgres = {
  url: string;
  port: number;
  start: () => Promise<void>;
  /** `pg_ctl stop -m fast`: clients' connections end with 57P01 admin_shutdown, new ones are refused. */
  stop: () => Promise<void>;
  /** Stops the server and removes its data. */
  destroy: () => Promise<void>;
};

/** A PostgreSQL 15 cluster in a temp folder on a free port, with the project's migrations applied. */
export async function startPrivatePostgres(): Promise<TPrivatePostgres> {
  const dir = await mkdtemp(path.join(tmpdir(), "rankwise-pg-"));
  const data = path.join(dir, "data");
  const port = await freePort();
  // initdb and postgres refuse to run as root: run them as the postgres user then.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) chownSync(dir, Number((await run("id", ["-u", "postgres"])).stdout.trim()), 0);
  const pgTool = (tool: string, args: string[]) =>
    asRoot ? run("runuser", ["-u", "postgres", "--", path.join(PG_BIN, tool), ...args]) : run(path.join(PG_BIN, tool), args);
  await pgTool("initdb", ["-D", data, "-A", "trust", "-U", "root", "--no-sync"]);
  const start = async () => {
    await pgTool("pg_ctl", ["-D", data, "-o", `-p ${port} -k ${dir} -c fsync=off`, "-l", path.join(dir, "log"), "-w", "start"]);
  };
  const stop = async () => {
    await pgTool("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
  };
  await start();
  const admin = new pg.Client({ connectionString: `postgresql://root@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query("CREATE DATABASE rankwise");
  await admin.end();
  const url = `postgresql://root@127.0.0.1:${port}/rankwise`;
  await run(process.execPath, [path.join(REPO_ROOT, "scripts/prisma.mjs"), "migrate", "deploy"], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: url },
  });
  return {
    url,
    port,
    start,
    stop,
    destroy: async () => {
      await stop().catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}
