import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { createBenchDatabase } from "./bench-db.ts";
import {
  checkCorrectness,
  driveLabelers,
  seedLoadProject,
  statusLine,
  summarize,
  type TCorrectness,
  type TDriverResult,
  type TLoadMode,
} from "./load-driver.ts";
import { summarizeCpuProfiles } from "./load-profile.ts";

const root = path.resolve(import.meta.dirname, "..");
type TFigure = { name: string; value: number; unit: string };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** The real server (server.ts, production settings) in a child process; `stop()` sends SIGTERM and waits. */
async function startApi(databaseUrl: string, opts: { profileDir?: string; workers?: number; poolSize?: number }) {
  const port = await freePort();
  const exportDir = await mkdtemp(path.join(tmpdir(), "rankwise-load-"));
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    SESSION_SECRET: randomBytes(32).toString("hex"),
    DATABASE_URL: databaseUrl,
    REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
    API_HOST: "127.0.0.1",
    API_PORT: String(port),
    LOG_LEVEL: "warn",
    QUEUE_PREFIX: `rw-load-${randomBytes(4).toString("hex")}`,
    EXPORT_DIR: exportDir,
  };
  if (opts.workers) env.API_WORKERS = String(opts.workers);
  if (opts.poolSize) env.DATABASE_POOL_SIZE = String(opts.poolSize);
  const args = [
    "--import",
    "tsx",
    ...(opts.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${opts.profileDir}`] : []),
    "apps/api/src/server.ts",
  ];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: root, env, stdio: ["ignore", "inherit", "inherit"] });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  // Never leave the server running when this process dies.
  const killChild = () => child.kill("SIGKILL");
  process.once("exit", killChild);
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`API exited with ${child.exitCode} before it listened`);
    try {
      if ((await fetch(`${url}/api/healthz`)).ok) break;
    } catch {}
    if (i > 600) throw new Error("API did not become healthy in 60 s");
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid as number,
    stop: async () => {
      child.kill("SIGTERM");
      const code = await exited;
      process.off("exit", killChild);
      await rm(exportDir, { recursive: true, force: true });
      return code;
    },
  };
}

/** pgbench's single-row INSERT TPS on a scratch table: the database's floor for one write per request. */
async function runPgbench(databaseUrl: string, clients: number, seconds: number): Promise<number> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  await c.query(
    "CREATE TABLE bench_scratch (id bigserial PRIMARY KEY, client int NOT NULL, payload jsonb NOT NULL, created_at timestamptz NOT NULL DEFAULT now())",
  );
  await c.end();
  const script = path.join(tmpdir(), `rankwise-pgbench-${process.pid}.sql`);
  await writeFile(
    script,
    `INSERT INTO bench_scratch (client, payload) VALUES (:client_id, '{"ranking": [["r1"], ["r2"], ["r3"], ["r4"]]}');\n`,
  );
  const out = execFileSync("/usr/bin/pgbench", ["-n", "-f", script, "-c", String(clients), "-j", "2", "-T", String(seconds), databaseUrl], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  await rm(script, { force: true });
  const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(out)?.[1];
  if (!tps) throw new Error(`cannot read pgbench output:\n${out}`);
  return Number(tps);
}

/** How many connections pgbench can have now: max_connections less those in use and a margin for the rest of the machine. */
async function pgbenchClients(databaseUrl: string, wanted: number): Promise<{ clients: number; max: number; inUse: number }> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const max = Number((await c.query("SHOW max_connections")).rows[0].max_connections);
    const inUse = Number((await c.query("SELECT count(*) AS n FROM pg_stat_activity")).rows[0].n);
    return { clients: Math.max(1, Math.min(wanted, max - inUse - 20)), max, inUse };
  } finally {
    await c.end();
  }
}

const MODE_TITLE: Record<TLoadMode, string> = {
  app: "app flow: GET tasks/next once, then POST …/annotations?next=1 per item",
  "two-request": "two requests per item: GET tasks/next → POST …/annotations",
};

function printPhase(title: string, r: TDriverResult) {
  const next = summarize(r.next);
  const submit = summarize(r.submit);
  const req = (next.count + submit.count) / r.seconds;
  console.log(`\n  ${title}: ${r.connections} labelers for ${r.seconds.toFixed(1)} s`);
  console.log(
    `    assignments/s ${(r.leases / r.seconds).toFixed(0)}, submits/s ${(submit.count / r.seconds).toFixed(0)}, HTTP requests/s ${req.toFixed(0)}`,
  );
  console.log(
    `    ${"endpoint".padEnd(30)} ${"req/s".padStart(9)} ${"p50 ms".padStart(8)} ${"p90 ms".padStart(8)} ${"p99 ms".padStart(8)}  statuses`,
  );
  for (const [name, s, ep] of [
    ["GET tasks/next", next, r.next],
    [r.mode === "app" ? "POST …/annotations?next=1" : "POST …/annotations", submit, r.submit],
  ] as const) {
    console.log(
      `    ${name.padEnd(30)} ${(s.count / r.seconds).toFixed(0).padStart(9)} ${s.p50.toFixed(1).padStart(8)} ${s.p90.toFixed(1).padStart(8)} ${s.p99.toFixed(1).padStart(8)}  ${statusLine(ep)}`,
    );
  }
  console.log(
    `    socket errors ${r.socketErrors}, timeouts ${r.timeouts}, empty queue ${r.emptyQueue}, submits in flight at stop ${r.inFlightAtStop.size}`,
  );
}

const pass = (ok: boolean) => (ok ? "PASS" : "FAIL");

/** CPU time (ms) each process has used, from /proc (clock ticks of 10 ms). */
function cpuMs(pids: number[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      out.set(pid, (Number(fields[11]) + Number(fields[12])) * 10);
    } catch {}
  }
  return out;
}

/** The process and its descendants (the cluster workers when API_WORKERS > 1). */
function processTree(root: number): number[] {
  const parent = new Map<number, number>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      parent.set(Number(d), Number(readFileSync(`/proc/${d}/stat`, "utf8").split(") ")[1]?.split(" ")[1]));
    } catch {}
  }
  const tree = [root];
  for (let i = 0; i < tree.length; i++) for (const [pid, ppid] of parent) if (ppid === tree[i]) tree.push(pid);
  return tree;
}

/**
 * CPU spent during a phase by the API processes, the Postgres backends serving this database and this
 * process (the load generator). Per labeled item it says what the work costs regardless of what else
 * the machine is running, which the wall-clock figures cannot.
 */
async function cpuMeter(apiPid: number, databaseUrl: string) {
  const backends = async () => {
    const c = new pg.Client({ connectionString: databaseUrl });
    await c.connect();
    try {
      const r = await c.query("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");
      return r.rows.map((row: { pid: number }) => row.pid);
    } finally {
      await c.end();
    }
  };
  const api0 = cpuMs(processTree(apiPid));
  const pg0 = cpuMs(await backends());
  const self0 = process.cpuUsage();
  return async () => {
    const delta = (before: Map<number, number>, after: Map<number, number>) =>
      [...after].reduce((n, [pid, ms]) => n + ms - (before.get(pid) ?? 0), 0);
    const self = process.cpuUsage(self0);
    return {
      api: delta(api0, cpuMs(processTree(apiPid))),
      postgres: delta(pg0, cpuMs(await backends())),
      driver: (self.user + self.system) / 1000,
    };
  };
}

type TModeRun = { mode: TLoadMode; main: TDriverResult; run64: TDriverResult; cpu: { api: number; postgres: number; driver: number } };
type TModeFigures = {
  m: { next: ReturnType<typeof summarize>; submit: ReturnType<typeof summarize> };
  submitsPerS: number;
  leasesPerS: number;
  requestsPerS: number;
  p99at64: number;
  fivexx: number;
  ok: boolean;
  bad: number;
};

/** The issue's targets, judged on the app flow, with the two-request loop's figures alongside. */
function printTargets(app: TModeFigures, two: TModeFigures | undefined, pgTps: number) {
  const also = (text: string) => (two ? `   [two-request ${text}]` : "");
  console.log("\n  targets (judged on the app flow)");
  console.log(
    `    submits/s ≥ 0.5 × pgbench INSERT TPS   ${(app.submitsPerS / pgTps).toFixed(2)} × (${app.submitsPerS.toFixed(0)} / ${pgTps.toFixed(0)})   ${pass(app.submitsPerS >= 0.5 * pgTps)}` +
      also(`${((two?.submitsPerS ?? 0) / pgTps).toFixed(2)} ×`),
  );
  console.log(
    `    p99 < 50 ms at 64 connections          ${app.p99at64.toFixed(1)} ms (submit?next=1)   ${pass(app.p99at64 < 50)}` +
      also(`${two?.p99at64.toFixed(1)} ms, worse endpoint`),
  );
  console.log(
    `    ≥ 1,000 assignments/s                  ${app.leasesPerS.toFixed(0)}/s   ${pass(app.leasesPerS >= 1000)}` +
      also(`${two?.leasesPerS.toFixed(0)}/s`),
  );
  console.log(`    0 lost, 0 double, 0 5xx                app flow ${pass(app.ok)}${two ? `, two-request ${pass(two.ok)}` : ""}`);
}

/**
 * 200 labelers (50 in quick mode) against the real API, then 64, first in the app's flow (one request per
 * item: `submit?next=1`), then with two requests per item; pgbench's INSERT TPS at the same concurrency
 * as the floor; correctness proven from the database after each mode. The targets are judged on the app flow.
 * `--profile` runs the API with --cpu-prof and prints its top functions; `--workers=N` and `--pool=N`
 * set API_WORKERS and DATABASE_POOL_SIZE for the API (else the config defaults apply).
 */
export async function runLoadBench(opts: {
  quick: boolean;
  profile?: boolean;
  workers?: number;
  poolSize?: number;
  /** Which modes to run, in order (default both, the app flow first); the targets need the app flow. */
  modes?: TLoadMode[];
}): Promise<TFigure[]> {
  const modes = opts.modes ?? ["app", "two-request"];
  const quick = opts.quick;
  const main = { connections: quick ? 50 : 200, seconds: quick ? 10 : 60 };
  const p64 = { connections: 64, seconds: quick ? 5 : 20 };
  const overlap = 3;
  // Enough for ~2,000 assignments/s through warm-up and both modes' phases: the queue never runs dry.
  const items = quick ? 20_000 : 110_000;
  const log = (l: string) => console.log(`  (${l})`);
  const db = await createBenchDatabase();
  const profileDir = opts.profile ? await mkdtemp(path.join(tmpdir(), "rankwise-prof-")) : undefined;
  try {
    let t = performance.now();
    const project = await seedLoadProject(db.url, { items, labelers: Math.max(main.connections, p64.connections), overlap });
    log(
      `seeded ${items} items × overlap ${overlap}, ${project.tokens.length} labelers in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );

    const pgc = await pgbenchClients(db.url, main.connections);
    const pgSeconds = quick ? 5 : 20;
    log(`pgbench: max_connections ${pgc.max}, ${pgc.inUse} in use → -c ${pgc.clients} -j 2 -T ${pgSeconds}`);
    const pgTps = await runPgbench(db.url, pgc.clients, pgSeconds);
    log(`pgbench INSERT TPS ${pgTps.toFixed(0)}`);

    t = performance.now();
    const api = await startApi(db.url, { profileDir, workers: opts.workers, poolSize: opts.poolSize });
    const settings = `API_WORKERS=${opts.workers ?? "default"}, DATABASE_POOL_SIZE=${opts.poolSize ?? "default"}`;
    log(`API child up in ${((performance.now() - t) / 1000).toFixed(1)} s at ${api.url} (${settings})`);
    const runs: TModeRun[] = [];
    const all = new Set<string>();
    const checks = new Map<TLoadMode, { check: TCorrectness; inFlight: number }>();
    try {
      const drive = (mode: TLoadMode, phase: { connections: number; seconds: number }) =>
        driveLabelers({ url: api.url, projectId: project.projectId, tokens: project.tokens, mode, ...phase });
      for (const mode of modes) {
        console.log(`\n  ${MODE_TITLE[mode]}`);
        // Each mode warms its own code paths (JIT, per-connection prepared statements) before it is measured.
        const warm = await drive(mode, { connections: 64, seconds: quick ? 3 : 5 });
        for (const id of warm.acked) all.add(id);
        const meter = await cpuMeter(api.pid, db.url);
        const mainRun = await drive(mode, main);
        const cpu = await meter();
        for (const id of mainRun.acked) all.add(id);
        printPhase("main phase", mainRun);
        const perItem = (ms: number) => (ms / Math.max(1, mainRun.acked.size)).toFixed(2);
        console.log(
          `    CPU per labeled item: API ${perItem(cpu.api)} ms, Postgres ${perItem(cpu.postgres)} ms, load generator ${perItem(cpu.driver)} ms ` +
            `→ on 2 cores with nothing else running: ≈ ${(2000 / ((cpu.api + cpu.postgres + cpu.driver) / Math.max(1, mainRun.acked.size))).toFixed(0)} items/s`,
        );
        const run64 = await drive(mode, p64);
        for (const id of run64.acked) all.add(id);
        printPhase("64-connection phase", run64);
        runs.push({ mode, main: mainRun, run64, cpu });
        // Cumulative over the modes run so far: the project's rows must equal every acknowledged submit.
        const check = await checkCorrectness(db.url, project, all);
        const inFlight = mainRun.inFlightAtStop.size + run64.inFlightAtStop.size;
        checks.set(mode, { check, inFlight });
        console.log(
          `    correctness: ${check.annotationRows} annotation rows, ${check.acked} submits acknowledged, lost ${check.lost}, unacknowledged rows ${check.unacknowledgedRows}, ` +
            `overfilled items ${check.overfilledItems}, active_count > overlap ${check.activeCountAboveOverlap}, double answers ${check.doubleAnswers}, ` +
            `active_count mismatches ${check.activeCountMismatches}, done_count mismatches ${check.doneCountMismatches}, labelers with 2 leases ${check.labelersWithTwoLeases} → ${pass(check.ok && inFlight === 0)}`,
        );
      }
    } finally {
      const code = await api.stop();
      if (code !== 0) log(`API exited with ${code}`);
    }

    const figures = (r: TModeRun): TModeFigures => {
      const m = { next: summarize(r.main.next), submit: summarize(r.main.submit) };
      const s64 = { next: summarize(r.run64.next), submit: summarize(r.run64.submit) };
      const fivexx = [...r.main.next.byStatus, ...r.main.submit.byStatus, ...r.run64.next.byStatus, ...r.run64.submit.byStatus]
        .filter(([s]) => s >= 500)
        .reduce((n, [, c]) => n + c, 0);
      const c = checks.get(r.mode);
      return {
        m,
        submitsPerS: m.submit.count / r.main.seconds,
        leasesPerS: r.main.leases / r.main.seconds,
        requestsPerS: (m.next.count + m.submit.count) / r.main.seconds,
        // The app flow's GET tasks/next runs once per labeler per phase: too few for a p99, and not the loop.
        p99at64: r.mode === "app" ? s64.submit.p99 : Math.max(s64.next.p99, s64.submit.p99),
        fivexx,
        ok: !!c && c.check.ok && c.inFlight === 0 && fivexx === 0,
        bad: c ? c.check.lost + c.check.unacknowledgedRows + c.check.doubleAnswers + c.check.overfilledItems + fivexx : Number.NaN,
      };
    };
    const app = runs.find((r) => r.mode === "app");
    const two = runs.find((r) => r.mode === "two-request");
    const fa = app && figures(app);
    const ft = two && figures(two);
    if (fa) printTargets(fa, ft, pgTps);
    if (profileDir) await summarizeCpuProfiles(profileDir, (l) => console.log(l));
    const c = main.connections;
    const modeFigures = (label: string, f: TModeFigures, r: TModeRun): TFigure[] => [
      { name: `${label}: HTTP requests/s (${c} labelers)`, value: f.requestsPerS, unit: "req/s" },
      { name: `${label}: submits/s (${c} labelers)`, value: f.submitsPerS, unit: "submits/s" },
      { name: `${label}: assignments/s (${c} labelers)`, value: f.leasesPerS, unit: "leases/s" },
      { name: `${label}: submit p50 / p99 (${c} labelers)`, value: f.m.submit.p50, unit: `/ ${f.m.submit.p99.toFixed(1)} ms` },
      { name: `${label}: p99 at 64 connections`, value: f.p99at64, unit: "ms" },
      { name: `${label}: API CPU per labeled item`, value: r.cpu.api / Math.max(1, r.main.acked.size), unit: "ms" },
      { name: `${label}: Postgres CPU per labeled item`, value: r.cpu.postgres / Math.max(1, r.main.acked.size), unit: "ms" },
      { name: `${label}: submits/s ÷ pgbench TPS`, value: f.submitsPerS / pgTps, unit: "ratio" },
      { name: `${label}: lost + double assignments + 5xx`, value: f.bad, unit: "" },
    ];
    return [
      ...(app && fa ? modeFigures("app flow", fa, app) : []),
      ...(two && ft
        ? [
            { name: `two-request: tasks/next p50 / p99 (${c} labelers)`, value: ft.m.next.p50, unit: `/ ${ft.m.next.p99.toFixed(1)} ms` },
            ...modeFigures("two-request", ft, two),
          ]
        : []),
      { name: `pgbench INSERT TPS (-c ${pgc.clients})`, value: pgTps, unit: "tps" },
    ];
  } finally {
    await db.drop();
    if (profileDir) log(`CPU profiles kept in ${profileDir}`);
  }
}
