import fp from "fastify-plugin";
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import { withTimeout } from "../../lib/connections.ts";
import type { TPrisma } from "../../lib/prisma.ts";

declare module "fastify" {
  interface FastifyInstance {
    metrics: { registry: Registry };
  }
}

/** The route of a submit, as Fastify names it (the template, never the URL with its ids). */
const SUBMIT_ROUTE = "/api/v1/assignments/:id/annotations";
/** How long a scrape waits for Postgres or Redis before leaving their series out. */
const SCRAPE_TIMEOUT_MS = 1000;
const EXPORT_DURATION_BUCKETS = [1, 5, 15, 60, 300, 900, 3600];

type TMetricValue = { value: number; labels?: Record<string, string | number>; metricName?: string };

/**
 * Export build time (started_at → finished_at of COMPLETED exports) as a histogram computed from the
 * exports table at scrape time. The table is the truth: it survives restarts, counts what every worker
 * built, and needs no Redis. Every API process reports the same numbers, so aggregate with max(), not sum().
 */
function exportDurationHistogram(prisma: TPrisma) {
  const name = "rankwise_export_duration_seconds";
  const buckets = EXPORT_DURATION_BUCKETS.map((le, i) => `count(*) FILTER (WHERE d <= ${le}) AS b${i}`).join(", ");
  return {
    name,
    help: "Build time of completed exports (last attempt), from the exports table",
    type: "histogram",
    reset: () => {},
    get: async () => {
      let values: TMetricValue[] = [];
      try {
        const [row] = await withTimeout(
          prisma.$queryRawUnsafe<Record<string, bigint | number | null>[]>(
            `SELECT ${buckets}, count(*) AS n, coalesce(sum(d), 0)::float8 AS s FROM (
               SELECT extract(epoch FROM finished_at - started_at)::float8 AS d FROM exports
               WHERE status = 'COMPLETED' AND started_at IS NOT NULL AND finished_at IS NOT NULL) x`,
          ),
          SCRAPE_TIMEOUT_MS,
          "postgres",
        );
        if (row) {
          const count = Number(row.n);
          values = [
            ...EXPORT_DURATION_BUCKETS.map((le, i) => ({ metricName: `${name}_bucket`, labels: { le }, value: Number(row[`b${i}`]) })),
            { metricName: `${name}_bucket`, labels: { le: "+Inf" }, value: count },
            { metricName: `${name}_sum`, value: Number(row.s) },
            { metricName: `${name}_count`, value: count },
          ];
        }
      } catch {
        // Postgres down: the series is absent from this scrape, which Prometheus shows as a gap.
      }
      return {
        name,
        help: "Build time of completed exports (last attempt), from the exports table",
        type: "histogram",
        values,
        aggregator: "max",
      };
    },
  };
}

/**
 * Prometheus metrics on a registry of this app's own (tests build many apps in one process): request
 * latency by route template, error responses by stable error code, annotation submissions, export
 * durations, export queue depth and outbox backlog, and the default process metrics. Scrapes never fail
 * because Postgres or Redis is down: those series are left out and rankwise_redis_up says why.
 */
export default fp(
  async (app) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry });
    const registers = [registry];

    const latency = new Histogram({
      name: "rankwise_http_request_duration_seconds",
      help: "HTTP request latency by method, route template and status",
      labelNames: ["method", "route", "status_code"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    });
    const errors = new Counter({
      name: "rankwise_http_errors_total",
      help: "Error responses (4xx and 5xx) by route template, status and stable error code",
      labelNames: ["method", "route", "status_code", "code"] as const,
      registers,
    });
    const submissions = new Counter({
      name: "rankwise_annotation_submissions_total",
      help: "Accepted annotation submits; replayed = an Idempotency-Key retry answered from the first submit",
      labelNames: ["outcome"] as const,
      registers,
    });
    const redisUp = new Gauge({ name: "rankwise_redis_up", help: "1 when the last scrape reached Redis", registers });
    new Gauge({
      name: "rankwise_queue_jobs",
      help: "Jobs in the exports queue by state (absent while Redis is down)",
      labelNames: ["queue", "state"] as const,
      registers,
      async collect() {
        this.reset();
        try {
          const counts = await withTimeout(
            app.exportQueue.getJobCounts("waiting", "active", "delayed", "failed"),
            SCRAPE_TIMEOUT_MS,
            "redis",
          );
          for (const [state, n] of Object.entries(counts)) this.set({ queue: "exports", state }, n);
          redisUp.set(1);
        } catch {
          redisUp.set(0);
        }
      },
    });
    new Gauge({
      name: "rankwise_export_outbox_pending",
      help: "QUEUED exports not yet handed to the queue (Redis was down when they were requested)",
      registers,
      async collect() {
        this.reset();
        const n = await withTimeout(
          app.prisma.export.count({ where: { status: "QUEUED", enqueuedAt: null } }),
          SCRAPE_TIMEOUT_MS,
          "postgres",
        ).catch(() => null);
        if (n !== null) this.set(n);
      },
    });
    registry.registerMetric(exportDurationHistogram(app.prisma) as unknown as Gauge);

    app.addHook("onSend", async (request, reply, payload) => {
      if (reply.statusCode >= 400) {
        const code = typeof payload === "string" ? /^\{"error":\{"code":"([A-Z_]+)"/.exec(payload)?.[1] : undefined;
        errors.inc({
          method: request.method,
          route: request.routeOptions.url ?? "unmatched",
          status_code: reply.statusCode,
          code: code ?? "NONE",
        });
      }
      return payload;
    });
    app.addHook("onResponse", async (request, reply) => {
      const route = request.routeOptions.url ?? "unmatched";
      latency.observe({ method: request.method, route, status_code: reply.statusCode }, reply.elapsedTime / 1000);
      if (route === SUBMIT_ROUTE && request.method === "POST" && reply.statusCode === 201) {
        submissions.inc({ outcome: reply.getHeader("idempotent-replayed") === "true" ? "replayed" : "created" });
      }
    });
    app.decorate("metrics", { registry });
  },
  { name: "metrics", dependencies: ["prisma", "redis"] },
);
