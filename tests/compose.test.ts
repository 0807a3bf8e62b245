// Static checks of the container setup (no Docker needed): docker-compose.yml against the config schema,
// the Dockerfiles against the repo, and the API healthcheck command run for real against a stub server.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { loadConfig, ZConfig } from "../apps/api/src/config.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const read = (rel: string) => readFileSync(path.join(root, rel), "utf8");
const DUMMY_SECRET = "compose-test-session-secret-0123456789abcdef";

// ---------------------------------------------------------------------------------------------
// Compose: parsing and interpolation
// ---------------------------------------------------------------------------------------------

type TDependsOn = Record<string, { condition?: string }>;
type TService = {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; target?: string };
  command?: string | string[];
  entrypoint?: string | string[];
  environment?: Record<string, string | number | boolean | null> | string[];
  ports?: (string | number | { target: number; published?: number | string })[];
  volumes?: (string | { type?: string; source?: string; target: string })[];
  depends_on?: string[] | TDependsOn;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  restart?: string;
  container_name?: string;
  working_dir?: string;
};
type TCompose = { services: Record<string, TService>; volumes?: Record<string, unknown> };

/** Compose's `${VAR}`, `${VAR:-default}`, `${VAR-default}`, `${VAR:?error}`, `${VAR?error}`, `$VAR`, `$$`. */
function interpolate(value: string, env: Record<string, string | undefined>): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (match, name: string | undefined, op: string | undefined, arg: string | undefined, bare: string | undefined) => {
      if (match === "$$") return "$";
      if (bare !== undefined) return env[bare] ?? "";
      const v = name === undefined ? undefined : env[name];
      if (op === ":-") return v ? v : (arg ?? "");
      if (op === "-") return v ?? arg ?? "";
      if ((op === ":?" && !v) || (op === "?" && v === undefined)) throw new Error(`${name} required: ${arg}`);
      return v ?? "";
    },
  );
}
const isInterpolated = (value: string) => /\$\{|\$[A-Za-z_]/.test(value.replaceAll("$$", ""));

function interpolateDeep<T>(value: T, env: Record<string, string | undefined>): T {
  if (typeof value === "string") return interpolate(value, env) as T;
  if (Array.isArray(value)) return value.map((v) => interpolateDeep(v, env)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateDeep(v, env)])) as T;
  }
  return value;
}

const rawCompose = parse(read("docker-compose.yml"), { merge: true }) as TCompose;
const composeFor = (env: Record<string, string | undefined>) => interpolateDeep(rawCompose, env);
const compose = composeFor({ SESSION_SECRET: DUMMY_SECRET });

function service(c: TCompose, name: string): TService {
  const s = c.services[name];
  if (!s) throw new Error(`service ${name} missing`);
  return s;
}

function envOf(s: TService): Record<string, string> {
  const env = s.environment ?? {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((line) => [line.split("=")[0] ?? "", line.slice(line.indexOf("=") + 1)]));
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === null ? "" : String(v)]));
}

function dependsOn(s: TService): TDependsOn {
  const d = s.depends_on ?? {};
  return Array.isArray(d) ? Object.fromEntries(d.map((n) => [n, {}])) : d;
}

/** Container-side ports of a service, with the host port where one is published. */
function portsOf(s: TService): { container: number; published?: number }[] {
  return (s.ports ?? []).map((p) => {
    if (typeof p === "object")
      return { container: Number(p.target), published: p.published === undefined ? undefined : Number(p.published) };
    const parts = String(p).split("/")[0]?.split(":") ?? [];
    const container = Number(parts.at(-1));
    return { container, published: parts.length > 1 ? Number(parts.at(-2)) : undefined };
  });
}

function mountsOf(s: TService): { source: string | undefined; target: string }[] {
  return (s.volumes ?? []).map((v) => {
    if (typeof v === "object") return { source: v.source, target: v.target };
    const [source, target] = v.split(":");
    return target === undefined ? { source: undefined, target: source ?? "" } : { source, target };
  });
}

const asArgs = (cmd: string | string[] | undefined): string[] | undefined => (typeof cmd === "string" ? cmd.split(/\s+/) : cmd);

// ---------------------------------------------------------------------------------------------
// Dockerfiles: a small parser that follows a path in the final image back to where it came from
// ---------------------------------------------------------------------------------------------

type TInstruction = { op: string; args: string; stage: number; workdir: string };
type TStage = { name: string | undefined; from: string; parent: number | undefined; own: TInstruction[] };
type TDockerfile = { file: string; stages: TStage[] };

function parseDockerfile(file: string): TDockerfile {
  const logical: string[] = [];
  let buf = "";
  for (const raw of read(file).split("\n")) {
    if (/^\s*#/.test(raw)) continue; // comments, also inside continuations
    const line = raw.trimEnd();
    if (line.endsWith("\\")) {
      buf += `${line.slice(0, -1)} `;
      continue;
    }
    buf += line;
    if (buf.trim()) logical.push(buf.trim().replace(/\s+/g, " "));
    buf = "";
  }
  const stages: TStage[] = [];
  let workdir = "/";
  for (const line of logical) {
    const op = (line.split(" ")[0] ?? "").toUpperCase();
    const args = line.slice(op.length).trim();
    if (op === "FROM") {
      const m = /^(?:--\S+ )*(\S+)(?: AS (\S+))?$/i.exec(args);
      if (!m?.[1]) throw new Error(`${file}: cannot parse FROM ${args}`);
      const parent = stages.findIndex((s) => s.name === m[1]);
      const parentStage = stages[parent];
      workdir = parentStage ? lastWorkdir(parentStage, stages) : "/";
      stages.push({ name: m[2], from: m[1], parent: parent === -1 ? undefined : parent, own: [] });
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`${file}: ${op} before FROM`);
    if (op === "WORKDIR") workdir = path.posix.resolve(workdir, args);
    stage.own.push({ op, args, stage: stages.length - 1, workdir });
  }
  return { file, stages };
}

function lastWorkdir(stage: TStage, stages: TStage[]): string {
  const own = stage.own.at(-1)?.workdir;
  if (own) return own;
  return stage.parent === undefined ? "/" : lastWorkdir(stages[stage.parent] as TStage, stages);
}

/** A stage's instructions including those it inherits through FROM <stage>. */
function chain(df: TDockerfile, index: number): TInstruction[] {
  const stage = df.stages[index] as TStage;
  return [...(stage.parent === undefined ? [] : chain(df, stage.parent)), ...stage.own];
}

const finalStage = (df: TDockerfile) => df.stages.length - 1;

function finalState(df: TDockerfile, index = finalStage(df)) {
  const env: Record<string, string> = {};
  let user = "root";
  let cmd: string[] | undefined;
  let cmdIsExec = false;
  const expose: number[] = [];
  const instrs = chain(df, index);
  for (const i of instrs) {
    if (i.op === "ENV") {
      const tokens = i.args.match(/(?:[^\s"']+|"[^"]*"|'[^']*')+/g) ?? [];
      if (tokens[0] && !tokens[0].includes("=")) env[tokens[0]] = tokens.slice(1).join(" ");
      else for (const t of tokens) env[t.slice(0, t.indexOf("="))] = t.slice(t.indexOf("=") + 1).replace(/^["']|["']$/g, "");
    }
    if (i.op === "USER") user = i.args.split(":")[0] ?? "";
    if (i.op === "EXPOSE") expose.push(...i.args.split(" ").map((p) => Number.parseInt(p, 10)));
    if (i.op === "CMD") {
      cmdIsExec = i.args.startsWith("[");
      cmd = cmdIsExec ? (JSON.parse(i.args) as string[]) : ["/bin/sh", "-c", i.args];
    }
  }
  return { env, user, cmd, cmdIsExec, expose, workdir: instrs.at(-1)?.workdir ?? "/" };
}

type TCopy = { from: string | undefined; chown: string | undefined; sources: string[]; dest: string; destIsDir: boolean };
function parseCopy(i: TInstruction): TCopy {
  const tokens = i.args.split(" ");
  const flags = tokens.filter((t) => t.startsWith("--"));
  const rest = tokens.filter((t) => !t.startsWith("--"));
  const flag = (name: string) => flags.find((f) => f.startsWith(`--${name}=`))?.split("=")[1];
  const rawDest = rest.at(-1) ?? "";
  const sources = rest.slice(0, -1);
  return {
    from: flag("from"),
    chown: flag("chown"),
    sources,
    dest: path.posix.resolve(i.workdir, rawDest),
    destIsDir: rawDest.endsWith("/") || sources.length > 1,
  };
}

type TTrace = { kind: "context"; path: string; stage: number; at: number; copy: TCopy } | { kind: "built"; path: string; stage: number };

/** Where an absolute path of stage `index` comes from: a COPY from the build context, or a RUN. */
function trace(df: TDockerfile, index: number, containerPath: string): TTrace {
  const instrs = chain(df, index);
  for (let at = instrs.length - 1; at >= 0; at--) {
    const i = instrs[at] as TInstruction;
    if (i.op !== "COPY" && i.op !== "ADD") continue;
    const copy = parseCopy(i);
    for (const src of copy.sources) {
      const placed = copy.destIsDir ? path.posix.join(copy.dest, path.posix.basename(src)) : copy.dest;
      if (containerPath !== placed && !containerPath.startsWith(`${placed}/`)) continue;
      const rest = containerPath.slice(placed.length);
      if (copy.from === undefined)
        return { kind: "context", path: path.posix.normalize(src + rest).replace(/^\.\//, ""), stage: index, at, copy };
      const from = df.stages.findIndex((s) => s.name === copy.from);
      if (from === -1) throw new Error(`${df.file}: COPY --from=${copy.from} names no stage`);
      return trace(df, from, path.posix.resolve(src) + rest);
    }
  }
  return { kind: "built", path: containerPath, stage: index };
}

const runs = (df: TDockerfile, index: number) => chain(df, index).filter((i) => i.op === "RUN");

/** The path a CMD argument names, resolved against the working directory (bare `--import` specifiers via node_modules). */
function referencedPaths(args: string[], workdir: string): string[] {
  const out: string[] = [];
  args.forEach((arg, n) => {
    const prev = args[n - 1];
    if (prev === "-e" || prev === "--eval" || arg.startsWith("-")) return;
    if (prev === "--import" || prev === "--require" || prev === "-r") {
      out.push(
        arg.startsWith(".") || arg.startsWith("/")
          ? path.posix.resolve(workdir, arg)
          : path.posix.resolve(workdir, "node_modules", arg, "package.json"),
      );
      return;
    }
    if (arg.includes("/") && !arg.includes("://")) out.push(path.posix.resolve(workdir, arg));
    else if (/\.(ts|mts|js|mjs|cjs)$/.test(arg)) out.push(path.posix.resolve(workdir, arg));
  });
  return out;
}

// .dockerignore, Docker's way: patterns are relative to the context root; a match on a folder covers its contents.
const ignorePatterns = read(".dockerignore")
  .split("\n")
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith("#"));
function globToRegExp(glob: string): RegExp {
  const src = glob
    .replace(/^\//, "")
    .replace(/\/$/, "")
    .split("/")
    .map((seg) =>
      seg === "**"
        ? "(?:.*)"
        : seg
            .replace(/[.+^${}()|[\]\\]/g, "\\$&")
            .replaceAll("*", "[^/]*")
            .replaceAll("?", "[^/]"),
    )
    .join("/")
    .replaceAll("(?:.*)/", "(?:.*/)?");
  return new RegExp(`^${src}$`);
}
function isIgnored(rel: string): boolean {
  const parts = rel.split("/");
  const prefixes = parts.map((_, n) => parts.slice(0, n + 1).join("/"));
  let ignored = false;
  for (const pattern of ignorePatterns) {
    const negate = pattern.startsWith("!");
    const re = globToRegExp(negate ? pattern.slice(1) : pattern);
    if (prefixes.some((p) => re.test(p))) ignored = !negate;
  }
  return ignored;
}

/** Workspace folders from the root package.json globs, the way npm expands `apps/*`. */
function workspaces(): string[] {
  const globs = (JSON.parse(read("package.json")) as { workspaces: string[] }).workspaces;
  return globs.flatMap((g) => {
    if (!g.endsWith("/*")) return [g];
    const dir = g.slice(0, -2);
    return readdirSync(path.join(root, dir), { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(path.join(root, dir, d.name, "package.json")))
      .map((d) => `${dir}/${d.name}`);
  });
}

// ---------------------------------------------------------------------------------------------

const SERVICES = ["postgres", "redis", "migrate", "api", "worker", "web"];
const APP_SERVICES = ["migrate", "api", "worker"];
const configKeys = Object.keys(ZConfig.in.shape) as (keyof typeof ZConfig.in.shape)[];
const api = service(compose, "api");
const apiEnv = envOf(api);
const apiPort = Number(apiEnv.API_PORT);

function dockerfileOf(s: TService): { df: TDockerfile; stage: number } {
  const build = s.build;
  if (!build || typeof build === "string") throw new Error("expected a build: { context, dockerfile } section");
  const df = parseDockerfile(path.posix.join(build.context ?? ".", build.dockerfile ?? "Dockerfile"));
  const stage = build.target === undefined ? finalStage(df) : df.stages.findIndex((st) => st.name === build.target);
  return { df, stage };
}

describe("docker-compose.yml: services and start order", () => {
  it("defines the six services", () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(SERVICES));
  });

  it("waits on healthy or completed dependencies only, each target existing and able to report it", () => {
    for (const [name, s] of Object.entries(compose.services)) {
      for (const [target, dep] of Object.entries(dependsOn(s))) {
        const t = compose.services[target];
        expect(t, `${name} depends on unknown service ${target}`).toBeDefined();
        const oneShot = t?.restart === "no";
        expect(dep.condition, `${name} -> ${target}`).toBe(oneShot ? "service_completed_successfully" : "service_healthy");
        if (dep.condition === "service_healthy") {
          expect(t?.healthcheck?.test, `${target} needs a healthcheck for ${name}`).toBeDefined();
          expect(t?.healthcheck?.disable).not.toBe(true);
        }
      }
    }
  });

  it("orders postgres -> migrate -> api/worker (with redis) -> web", () => {
    expect(dependsOn(service(compose, "migrate"))).toEqual({ postgres: { condition: "service_healthy" } });
    for (const name of ["api", "worker"]) {
      expect(dependsOn(service(compose, name))).toEqual({
        migrate: { condition: "service_completed_successfully" },
        redis: { condition: "service_healthy" },
      });
    }
    expect(dependsOn(service(compose, "web"))).toEqual({ api: { condition: "service_healthy" } });
  });

  it("has no dependency cycle", () => {
    const state = new Map<string, "visiting" | "done">();
    const visit = (name: string, trail: string[]) => {
      if (state.get(name) === "done") return;
      if (state.get(name) === "visiting") throw new Error(`cycle: ${[...trail, name].join(" -> ")}`);
      state.set(name, "visiting");
      for (const target of Object.keys(dependsOn(service(compose, name)))) visit(target, [...trail, name]);
      state.set(name, "done");
    };
    for (const name of Object.keys(compose.services)) expect(() => visit(name, [])).not.toThrow();
  });

  it("runs migrate once, never restarting it", () => {
    const migrate = service(compose, "migrate");
    expect(migrate.restart).toBe("no");
    expect(asArgs(migrate.command)?.slice(-2)).toEqual(["migrate", "deploy"]);
    expect(migrate.working_dir).toBeUndefined(); // prisma.config.ts is found in the image's WORKDIR
  });

  it("can scale the worker (no fixed name, no published port)", () => {
    const worker = service(compose, "worker");
    expect(worker.container_name).toBeUndefined();
    expect(worker.ports ?? []).toEqual([]);
  });

  it("builds migrate, api and worker from the same image", () => {
    const builds = APP_SERVICES.map((n) => JSON.stringify([service(compose, n).build, service(compose, n).image]));
    expect(new Set(builds).size).toBe(1);
    expect(service(compose, "api").build).toMatchObject({ dockerfile: "apps/api/Dockerfile" });
    expect(service(compose, "web").build).toMatchObject({ dockerfile: "apps/web/Dockerfile" });
  });
});

describe("docker-compose.yml: environment against apps/api/src/config.ts", () => {
  it("sets only ZConfig keys on the API-image services, each valid for its field", () => {
    for (const name of APP_SERVICES) {
      const raw = envOf(service(rawCompose, name));
      const resolved = envOf(service(compose, name));
      expect(Object.keys(raw).length).toBeGreaterThan(0);
      for (const [key, value] of Object.entries(resolved)) {
        expect(configKeys, `${name}: ${key} is not read by ZConfig`).toContain(key);
        const field = ZConfig.in.shape[key as (typeof configKeys)[number]];
        const result = field.safeParse(value);
        const how = isInterpolated(raw[key] ?? "") ? "after interpolation" : "as written";
        expect(result.success, `${name}: ${key}=${value} (${how}) ${result.error?.message ?? ""}`).toBe(true);
      }
    }
  });

  it("boots api and worker in production with a real secret", () => {
    for (const name of ["api", "worker"]) {
      const config = loadConfig(envOf(service(compose, name)));
      expect(config.NODE_ENV).toBe("production");
      expect(config.usingDevSecret).toBe(false);
      expect(config.SESSION_SECRET).toBe(DUMMY_SECRET);
      expect(config.API_HOST).toBe("0.0.0.0");
    }
  });

  it("refuses to start without SESSION_SECRET (no baked-in default)", () => {
    for (const name of ["api", "worker"]) {
      expect(envOf(service(rawCompose, name)).SESSION_SECRET).toMatch(/^\$\{SESSION_SECRET:\?.+\}$/);
    }
    expect(() => composeFor({})).toThrow(/SESSION_SECRET/);
  });

  it("sets NODE_ENV=production on every app process", () => {
    for (const name of [...APP_SERVICES, "web"]) expect(envOf(service(compose, name)).NODE_ENV, name).toBe("production");
  });

  it("gives api and worker the same database, queue and export folder, and migrate the same database", () => {
    const worker = envOf(service(compose, "worker"));
    for (const key of ["DATABASE_URL", "REDIS_URL", "QUEUE_PREFIX", "EXPORT_DIR", "SESSION_SECRET"]) {
      expect(worker[key], key).toBe(apiEnv[key]);
    }
    expect(envOf(service(compose, "migrate")).DATABASE_URL).toBe(apiEnv.DATABASE_URL);
  });

  it("points DATABASE_URL at the postgres service with its credentials, also when the password is overridden", () => {
    for (const env of [{ SESSION_SECRET: DUMMY_SECRET }, { SESSION_SECRET: DUMMY_SECRET, POSTGRES_PASSWORD: "0ther-Pass" }]) {
      const c = composeFor(env);
      const pg = envOf(service(c, "postgres"));
      for (const name of APP_SERVICES) {
        const url = new URL(envOf(service(c, name)).DATABASE_URL ?? "");
        expect(url.hostname, name).toBe("postgres");
        expect(url.port || "5432").toBe("5432");
        expect(decodeURIComponent(url.username)).toBe(pg.POSTGRES_USER);
        expect(decodeURIComponent(url.password)).toBe(pg.POSTGRES_PASSWORD);
        expect(url.pathname).toBe(`/${pg.POSTGRES_DB}`);
      }
    }
  });

  it("points REDIS_URL at the redis service", () => {
    const url = new URL(apiEnv.REDIS_URL ?? "");
    expect(url.hostname).toBe("redis");
    expect(url.port || "6379").toBe("6379");
  });
});

describe("docker-compose.yml: ports, proxy and volumes", () => {
  it("publishes the api on API_PORT", () => {
    expect(apiPort).toBe(loadConfig(apiEnv).API_PORT);
    const ports = portsOf(api);
    expect(ports).toContainEqual({ container: apiPort, published: apiPort });
  });

  it("points web's API_URL at the api service and port", () => {
    const url = new URL(envOf(service(compose, "web")).API_URL ?? "");
    expect(url.protocol).toBe("http:");
    expect(compose.services[url.hostname]).toBe(api);
    expect(Number(url.port)).toBe(apiPort);
  });

  it("publishes web on the port next start listens on", () => {
    const { df, stage } = dockerfileOf(service(compose, "web"));
    const cmd = finalState(df, stage).cmd ?? [];
    const port = Number(cmd[cmd.indexOf("--port") + 1]);
    expect(port).toBeGreaterThan(0);
    expect(portsOf(service(compose, "web")).map((p) => p.container)).toContain(port);
    expect(finalState(df, stage).expose).toContain(port);
  });

  it("declares every named volume it mounts, including pgdata and exports", () => {
    const declared = Object.keys(compose.volumes ?? {});
    expect(declared).toEqual(expect.arrayContaining(["pgdata", "exports"]));
    for (const [name, s] of Object.entries(compose.services)) {
      for (const m of mountsOf(s)) {
        if (m.source && !/^[./~]/.test(m.source)) expect(declared, `${name} mounts ${m.source}`).toContain(m.source);
      }
    }
    expect(mountsOf(service(compose, "postgres"))).toContainEqual({ source: "pgdata", target: "/var/lib/postgresql/data" });
  });

  it("mounts the same exports volume at EXPORT_DIR in api and worker", () => {
    for (const name of ["api", "worker"]) {
      const exportDir = envOf(service(compose, name)).EXPORT_DIR;
      expect(exportDir && path.posix.isAbsolute(exportDir)).toBe(true);
      expect(mountsOf(service(compose, name))).toContainEqual({ source: "exports", target: exportDir });
    }
  });
});

describe("api healthcheck", () => {
  const test = api.healthcheck?.test;
  const args = Array.isArray(test) ? test : [];

  it("is an exec-form node fetch of /api/healthz on API_PORT over IPv4 loopback", () => {
    expect(args[0]).toBe("CMD");
    expect(args[1]).toBe("node"); // slim images have no curl or wget
    expect(args.join(" ")).not.toMatch(/\b(curl|wget)\b/);
    expect(args.join(" ")).toContain(`http://127.0.0.1:${apiPort}/api/healthz`);
  });

  async function runHealthcheck(status: number | "down"): Promise<number | null> {
    const server = http.createServer((req, res) => {
      res.writeHead(req.url === "/api/healthz" ? (status === "down" ? 500 : status) : 404).end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    if (status === "down") await new Promise((resolve) => server.close(resolve));
    const script = args.slice(2).map((a) => a.replace(`127.0.0.1:${apiPort}`, `127.0.0.1:${port}`));
    try {
      return await new Promise((resolve, reject) => {
        const child = spawn(process.execPath, script, { stdio: "ignore" });
        child.on("error", reject);
        child.on("exit", (code) => resolve(code));
      });
    } finally {
      if (status !== "down") server.close();
    }
  }

  it("exits 0 on 200, non-zero on 503 or when nothing listens", async () => {
    expect(await runHealthcheck(200)).toBe(0);
    expect(await runHealthcheck(503)).not.toBe(0);
    expect(await runHealthcheck("down")).not.toBe(0);
  });
});

describe("Dockerfiles", () => {
  const built = Object.entries(compose.services).filter(([, s]) => s.build !== undefined);

  it("exist where compose says, with the repo root as context", () => {
    expect(built.length).toBeGreaterThanOrEqual(4);
    for (const [name, s] of built) {
      const build = s.build;
      expect(typeof build, name).toBe("object");
      if (typeof build !== "object") continue;
      expect(path.resolve(root, build.context ?? "."), name).toBe(root);
      expect(existsSync(path.join(root, build.dockerfile ?? "Dockerfile")), `${name}: ${build.dockerfile}`).toBe(true);
    }
  });

  for (const file of ["apps/api/Dockerfile", "apps/web/Dockerfile"]) {
    describe(file, () => {
      const df = parseDockerfile(file);
      const last = finalStage(df);
      const state = finalState(df);
      const instrs = chain(df, last);

      it("is multi-stage on node:20-bookworm-slim", () => {
        expect(df.stages.length).toBeGreaterThanOrEqual(2);
        for (const s of df.stages) if (s.parent === undefined) expect(s.from).toBe("node:20-bookworm-slim");
      });

      it("installs with npm ci from the lockfile and every workspace manifest", () => {
        const all = df.stages.flatMap((_, n) => chain(df, n));
        expect(all.some((i) => i.op === "RUN" && /\bnpm (install|i|add)\b/.test(i.args))).toBe(false);
        const ciStage = df.stages.findIndex((_, n) => runs(df, n).some((i) => /\bnpm ci\b/.test(i.args)));
        expect(ciStage).toBeGreaterThanOrEqual(0);
        const ci = runs(df, ciStage).find((i) => /\bnpm ci\b/.test(i.args)) as TInstruction;
        const at = chain(df, ciStage).indexOf(ci);
        const workdir = ci.workdir;
        for (const manifest of ["package.json", "package-lock.json", ...workspaces().map((w) => `${w}/package.json`)]) {
          const t = trace(df, ciStage, path.posix.join(workdir, manifest));
          expect(t.kind === "context" && t.path === manifest && t.at < at, `${manifest} copied before npm ci`).toBe(true);
        }
      });

      it("runs as the node user with telemetry off", () => {
        expect(state.user).toBe("node");
        expect(state.env.NEXT_TELEMETRY_DISABLED).toBe("1");
        expect(state.env.NODE_ENV).toBe("production");
      });

      it("copies only what exists and is not excluded by .dockerignore", () => {
        for (const i of df.stages.flatMap((s) => s.own)) {
          if (i.op !== "COPY" && i.op !== "ADD") continue;
          const copy = parseCopy(i);
          if (copy.from !== undefined) continue;
          for (const src of copy.sources) {
            expect(existsSync(path.join(root, src)), `${file}: COPY ${src}`).toBe(true);
            expect(isIgnored(src), `${file}: COPY ${src} is in .dockerignore`).toBe(false);
          }
        }
      });

      it("starts with an exec-form CMD whose files are in the image", () => {
        expect(state.cmdIsExec).toBe(true);
        expect(instrs.some((i) => i.op === "ENTRYPOINT")).toBe(false);
        const paths = referencedPaths(state.cmd ?? [], state.workdir);
        expect(paths.length).toBeGreaterThan(0);
        for (const p of paths) expectInImage(df, last, p);
      });
    });
  }
});

/** A path in the final image must come from a context file that exists, or from `npm ci` (node_modules). */
function expectInImage(df: TDockerfile, stage: number, containerPath: string) {
  const appRoot = lastWorkdirOfInstall(df);
  const t = trace(df, stage, containerPath);
  if (t.kind === "context") {
    expect(existsSync(path.join(root, t.path)), `${df.file}: ${containerPath} <- ${t.path} exists`).toBe(true);
    expect(isIgnored(t.path), `${df.file}: ${t.path} is in .dockerignore`).toBe(false);
    return;
  }
  const rel = path.posix.relative(appRoot, t.path);
  expect(rel.startsWith("node_modules/"), `${df.file}: ${containerPath} is neither copied nor installed`).toBe(true);
  expect(runs(df, t.stage).some((i) => /\bnpm ci\b/.test(i.args))).toBe(true);
  expect(existsSync(path.join(root, rel)), `${df.file}: ${rel} is installed by the lockfile`).toBe(true);
}

function lastWorkdirOfInstall(df: TDockerfile): string {
  for (let n = 0; n < df.stages.length; n++) {
    const ci = runs(df, n).find((i) => /\bnpm ci\b/.test(i.args));
    if (ci) return ci.workdir;
  }
  throw new Error(`${df.file}: no npm ci`);
}

describe("the api image", () => {
  const { df, stage } = dockerfileOf(api);
  const state = finalState(df, stage);
  const exportDir = apiEnv.EXPORT_DIR ?? "";

  it("runs the API by default and the worker and migrations through compose commands", () => {
    expect(referencedPaths(state.cmd ?? [], state.workdir)).toContain(path.posix.join(state.workdir, "apps/api/src/server.ts"));
    for (const [name, file] of [
      ["worker", "apps/api/src/worker.ts"],
      ["migrate", "node_modules/.bin/prisma"],
    ] as const) {
      const s = service(compose, name);
      const cmd = asArgs(s.command) ?? [];
      expect(Array.isArray(s.command), `${name}: exec-form command`).toBe(true);
      expect(s.entrypoint).toBeUndefined();
      const paths = referencedPaths(cmd, state.workdir);
      expect(paths).toContain(path.posix.join(state.workdir, file));
      for (const p of paths) expectInImage(df, stage, p);
    }
  });

  it("keeps tsx and the prisma CLI (root devDependencies) installed", () => {
    const all = df.stages.flatMap((_, n) => runs(df, n));
    expect(all.some((i) => /\bnpm ci\b.*(--omit[= ]dev|--production|--only[= ]prod)/.test(i.args))).toBe(false);
    expectInImage(df, stage, path.posix.join(state.workdir, "node_modules/tsx/package.json"));
    expectInImage(df, stage, path.posix.join(state.workdir, "node_modules/prisma/package.json"));
  });

  it("ships what prisma migrate deploy reads from its working directory", () => {
    for (const file of ["prisma.config.ts", "prisma/schema.prisma", "prisma/migrations/migration_lock.toml"]) {
      expectInImage(df, stage, path.posix.join(state.workdir, file));
    }
  });

  it("generates the Prisma client after copying the schema and the api sources", () => {
    const output = /generator client \{[^}]*output\s*=\s*"([^"]+)"/.exec(read("prisma/schema.prisma"))?.[1] ?? "";
    const generated = path.posix.join("prisma", output);
    const t = trace(df, stage, path.posix.join(state.workdir, generated, "client.ts"));
    const instrs = chain(df, t.stage);
    const schemaCopied = trace(df, t.stage, path.posix.join(state.workdir, "prisma/schema.prisma"));
    expect(schemaCopied.kind).toBe("context");
    const after = Math.max(t.kind === "context" ? t.at : 0, schemaCopied.kind === "context" ? schemaCopied.at : 0);
    expect(instrs.slice(after + 1).some((i) => i.op === "RUN" && /\bprisma generate\b/.test(i.args))).toBe(true);
    if (t.kind === "context") expect(isIgnored(t.path), "a local generated client must not leak into the image").toBe(true);
  });

  it("creates EXPORT_DIR owned by node, so the named volume starts writable", () => {
    const run = runs(df, stage).find((i) => i.args.includes(`mkdir -p ${exportDir}`));
    expect(run?.args).toMatch(new RegExp(`chown (-R )?node(:node)? ${exportDir}`));
  });

  it("exposes API_PORT", () => {
    expect(state.expose).toContain(apiPort);
  });
});

describe("the web image", () => {
  const { df, stage } = dockerfileOf(service(compose, "web"));
  const state = finalState(df, stage);
  const webDir = path.posix.join(lastWorkdirOfInstall(df), "apps/web");

  it("builds with next build after copying the sources, telemetry off", () => {
    const t = trace(df, stage, path.posix.join(webDir, ".next/BUILD_ID"));
    expect(t.kind).toBe("context"); // the apps/web COPY, with .next excluded by .dockerignore
    if (t.kind !== "context") return;
    expect(isIgnored(t.path)).toBe(true);
    const webScripts = (JSON.parse(read("apps/web/package.json")) as { scripts: Record<string, string> }).scripts;
    const buildRun = chain(df, t.stage)
      .slice(t.at + 1)
      .find((i) => i.op === "RUN" && (/\bnext build\b/.test(i.args) || /npm run build (-w|--workspace)[= ]@rankwise\/web/.test(i.args)));
    expect(buildRun).toBeDefined();
    if (!/\bnext build\b/.test(buildRun?.args ?? "")) expect(webScripts.build).toMatch(/\bnext build\b/);
    expect(finalState(df, t.stage).env.NEXT_TELEMETRY_DISABLED).toBe("1");
  });

  it("lets node write .next (next start keeps its cache there)", () => {
    const t = trace(df, stage, path.posix.join(webDir, ".next"));
    const copy = chain(df, stage)
      .filter((i) => i.op === "COPY")
      .map(parseCopy);
    const owner = copy.findLast((c) => {
      const placed = c.destIsDir ? c.sources.map((s) => path.posix.join(c.dest, path.posix.basename(s))) : [c.dest];
      return placed.some((p) => `${webDir}/.next`.startsWith(p));
    });
    expect(t.stage).not.toBe(stage);
    expect(owner?.chown).toMatch(/^node(:node)?$/);
  });

  it("runs next start on all interfaces", () => {
    const cmd = state.cmd ?? [];
    expect(cmd).toContain("start");
    expect(cmd[cmd.indexOf("--hostname") + 1]).toBe("0.0.0.0");
  });
});

describe(".dockerignore", () => {
  it("keeps dependencies, build output, git, local state and secrets out of the context", () => {
    for (const p of [
      "node_modules",
      "apps/web/node_modules",
      "apps/web/.next",
      ".git",
      ".env",
      "var/exports",
      "test-results",
      "apps/api/src/generated",
    ]) {
      expect(isIgnored(p), p).toBe(true);
    }
  });

  it("keeps what the images need", () => {
    for (const p of [
      "package-lock.json",
      "prisma/migrations",
      "prisma.config.ts",
      "apps/api/src/server.ts",
      "apps/web/src",
      "packages/shared/src/index.ts",
    ]) {
      expect(isIgnored(p), p).toBe(false);
    }
  });
});
