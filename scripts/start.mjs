// `npm start`: everything a fresh checkout needs, then the API, the worker and the web app together.
// 1. checks PostgreSQL and Redis (and creates the database if missing)
// 2. generates the Prisma client and applies migrations
// 3. seeds a demo project into an empty database
// 4. builds the web app if it has not been built
// 5. runs api + worker + web, prints the URLs and demo logins, stops all three on Ctrl-C
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { prismaEnv, repoRoot } from "./prisma-env.mjs";

const bin = (name) => path.join(repoRoot, "node_modules/.bin", name);
const env = prismaEnv({
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/rankwise",
  REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
  EXPORT_DIR: process.env.EXPORT_DIR ?? path.join(repoRoot, "var/exports"),
  NEXT_TELEMETRY_DISABLED: "1",
});
const apiPort = env.API_PORT ?? "4000";
const webPort = env.WEB_PORT ?? "3000";

function step(title, cmd, args, opts = {}) {
  console.log(`\n▸ ${title}`);
  const res = spawnSync(cmd, args, { cwd: repoRoot, env, stdio: "inherit", ...opts });
  if (res.status !== 0) {
    console.error(`\n✗ ${title} failed (exit ${res.status}).`);
    process.exit(res.status ?? 1);
  }
}

async function ensureDatabase() {
  const url = new URL(env.DATABASE_URL);
  const name = decodeURIComponent(url.pathname.slice(1));
  const admin = new URL(url);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  try {
    await client.connect();
  } catch (err) {
    console.error(`✗ Cannot reach PostgreSQL at ${url.host} (${err.message}).`);
    console.error("  Start it (Debian: pg_ctlcluster 15 main start; or: docker compose up -d postgres) or set DATABASE_URL.");
    process.exit(1);
  }
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
      console.log(`▸ Created database ${name}`);
    }
  } finally {
    await client.end();
  }
}

await ensureDatabase();
step("Checking Redis", process.execPath, [
  "-e",
  `
  const { Redis } = require("ioredis");
  const r = new Redis(process.env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  r.on("error", () => {});
  r.connect().then(() => r.quit()).then(() => process.exit(0)).catch((e) => {
    console.error("✗ Cannot reach Redis at " + process.env.REDIS_URL + " (" + e.message + ").\\n  Start it (redis-server --daemonize yes; or: docker compose up -d redis) or set REDIS_URL.");
    process.exit(1);
  });`,
]);
step("Generating the Prisma client", bin("prisma"), ["generate"], { stdio: ["ignore", "ignore", "inherit"] });
step("Applying migrations", bin("prisma"), ["migrate", "deploy"]);
step("Seeding the demo project (only into an empty database)", bin("tsx"), ["prisma/seed.ts"]);
if (!existsSync(path.join(repoRoot, "apps/web/.next/BUILD_ID"))) {
  step("Building the web app (first start only)", "npm", ["run", "build", "-w", "@rankwise/web"]);
}

const children = [];
function run(name, cmd, args, extraEnv = {}) {
  const child = spawn(cmd, args, { cwd: repoRoot, env: { ...env, ...extraEnv }, stdio: ["ignore", "pipe", "pipe"] });
  const prefix = `[${name}]`.padEnd(9);
  for (const stream of [child.stdout, child.stderr]) {
    let buf = "";
    stream.on("data", (d) => {
      buf += d;
      const lines = buf.split("\n");
      buf = lines.pop() ?? "";
      for (const line of lines) console.log(`${prefix}${line}`);
    });
  }
  child.on("exit", (code, signal) => {
    if (!stopping) {
      console.error(`${prefix}exited (${signal ?? code}); stopping the others.`);
      stop(code ?? 1);
    }
  });
  children.push(child);
}

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const c of children) c.kill("SIGTERM");
  setTimeout(() => process.exit(code), 5000).unref();
  Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once("exit", r))))).then(() => process.exit(code));
}
process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));

run("api", bin("tsx"), ["apps/api/src/server.ts"], { API_PORT: apiPort, LOG_LEVEL: env.LOG_LEVEL ?? "warn" });
run("worker", bin("tsx"), ["apps/api/src/worker.ts"]);
run("web", bin("next"), ["start", "apps/web", "-p", webPort], { API_URL: `http://127.0.0.1:${apiPort}` });

setTimeout(() => {
  console.log(`
  Rankwise is running
    Web app   http://localhost:${webPort}
    API docs  http://localhost:${apiPort}/api/docs
    Health    http://localhost:${apiPort}/api/healthz

  Demo logins (password: rankwise-demo)
    labeler@rankwise.dev      rank responses
    researcher@rankwise.dev   projects and imports
    engineer@rankwise.dev     exports and API tokens
    admin@rankwise.dev        everything
  Press Ctrl-C to stop.
`);
}, 3000).unref();
