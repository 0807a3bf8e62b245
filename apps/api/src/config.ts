import { DEFAULT_TRAINING_QUEUE, ZQueueName } from "@rankwise/shared";
import { z } from "zod";

const DEV_SESSION_SECRET = "rankwise-dev-session-secret-change-me";

/** Every setting the API, worker and CLI read. Nothing else reads process.env. */
export const ZConfig = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).default("postgresql://postgres@127.0.0.1:5432/rankwise"),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).default("redis://127.0.0.1:6379"),
    EXPORT_DIR: z.string().min(1).default("var/exports"),
    SESSION_SECRET: z.string().min(32, "SESSION_SECRET must be at least 32 characters").optional(),
    API_HOST: z.string().default("127.0.0.1"),
    API_PORT: z.coerce.number().int().min(1).max(65535).default(4000),
    WEB_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    /** Where browsers reach the web app; used for CORS-free cookie setup and links. */
    PUBLIC_WEB_URL: z.url().default("http://localhost:3000"),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    /** Prefix for BullMQ keys; tests give each file its own. */
    QUEUE_PREFIX: z.string().min(1).default("rankwise"),
    EXPORT_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
    /** Export files go to this S3-compatible bucket when set (built locally in EXPORT_DIR first), else stay in EXPORT_DIR. */
    S3_BUCKET: z.string().min(3).max(63).optional(),
    /** For S3-compatible servers (MinIO, R2, …); unset for AWS. */
    S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
    S3_REGION: z.string().min(1).default("us-east-1"),
    /** Both or neither; without them the AWS SDK's default credential chain applies. */
    S3_ACCESS_KEY_ID: z.string().min(1).optional(),
    S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
    /** Path-style URLs (endpoint/bucket/key), which most S3-compatible servers need. */
    S3_FORCE_PATH_STYLE: z
      .enum(["true", "false"])
      .default("false")
      .transform((v) => v === "true"),
    /** Where trainers reach the API: the base of the absolute URLs in training jobs and webhook payloads. */
    PUBLIC_API_URL: z.url({ protocol: /^https?$/ }).default("http://localhost:4000"),
    /** The BullMQ queue completed exports hand off to; a project's settings.handoff.queue overrides it. */
    TRAINING_QUEUE: ZQueueName.default(DEFAULT_TRAINING_QUEUE),
    /** Webhook deliveries: attempts in all, with exponential backoff from WEBHOOK_BACKOFF_MS (10 × 10 s ≈ 85 min). */
    WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(25).default(10),
    WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).default(10_000),
    WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
    /** Export outbox: how often the API hands exports Redis missed to the queue (±20 % jitter); 0 turns the timer off. */
    OUTBOX_RELAY_INTERVAL_MS: z.coerce.number().int().min(0).max(3_600_000).default(15_000),
    /** BullMQ: a crashed worker's export is retried once its lock (renewed every half of it) has expired and the stalled check runs. */
    EXPORT_LOCK_DURATION_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
    EXPORT_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).max(600_000).default(30_000),
    /** SIGTERM: how long the API drains requests and the worker lets running exports finish before leaving them to a retry. */
    SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(3_600_000).default(25_000),
    /** When set, GET /api/metrics needs `Authorization: Bearer <METRICS_TOKEN>`; unset, it is open (keep it off public networks). */
    METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
    /**
     * Which peers' X-Forwarded-For to believe for the client IP (the login limit counts per IP):
     * "loopback" (the web app's proxy on the same host), a comma list of addresses/CIDRs or
     * proxy-addr names such as "uniquelocal" (a compose network), "true" (any) or "false" (none).
     */
    TRUST_PROXY: z
      .string()
      .default("loopback")
      .transform((v): boolean | string => (v === "true" ? true : v === "false" ? false : v)),
    /** Largest JSON request body; bigger ones get 413 PAYLOAD_TOO_LARGE. */
    BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(1024 * 1024),
    /** Largest JSONL import (streamed, never buffered whole). */
    IMPORT_BODY_LIMIT_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(16 * 1024 * 1024 * 1024)
      .default(1024 * 1024 * 1024),
    /** Login attempts allowed per client IP and per email within the window, successful or not; then 429 with Retry-After. */
    LOGIN_RATE_LIMIT_PER_IP: z.coerce.number().int().min(1).max(100_000).default(100),
    LOGIN_RATE_LIMIT_PER_EMAIL: z.coerce.number().int().min(1).max(100_000).default(10),
    LOGIN_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
    /** Consecutive failed passwords that lock an account, and for how long; a successful login or an admin resets it. */
    LOGIN_LOCKOUT_THRESHOLD: z.coerce.number().int().min(1).max(1000).default(10),
    LOGIN_LOCKOUT_MINUTES: z.coerce.number().int().min(1).max(10_080).default(15),
    /** API processes serving one port (node:cluster); 1 runs the server in this process. */
    API_WORKERS: z.coerce.number().int().min(1).max(64).default(1),
    /** Postgres connections per API process; with API_WORKERS, keep workers × pool within max_connections. */
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  })
  .transform((env, ctx) => {
    if (env.SESSION_SECRET === undefined && env.NODE_ENV === "production") {
      ctx.addIssue({ code: "custom", path: ["SESSION_SECRET"], message: "SESSION_SECRET is required when NODE_ENV=production" });
      return z.NEVER;
    }
    if ((env.S3_ACCESS_KEY_ID === undefined) !== (env.S3_SECRET_ACCESS_KEY === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["S3_SECRET_ACCESS_KEY"],
        message: "set both S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, or neither",
      });
      return z.NEVER;
    }
    return { ...env, SESSION_SECRET: env.SESSION_SECRET ?? DEV_SESSION_SECRET, usingDevSecret: env.SESSION_SECRET === undefined };
  });

export type TConfig = z.output<typeof ZConfig>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Parses the environment once; throws a ConfigError whose message lists every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): TConfig {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = ZConfig.safeParse(present);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  - ${i.path.join(".") || "(env)"}: ${i.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
}
