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
