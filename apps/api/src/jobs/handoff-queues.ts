import type { TTrainingJobV1, TWebhookDeliveryJob } from "@rankwise/shared";
import { Queue } from "bullmq";
import type { Redis } from "ioredis";

export const WEBHOOK_QUEUE = "webhooks";
export const WEBHOOK_JOB = "deliver-webhook";

/** Retries live in Redis, so a delivery keeps its remaining attempts across worker restarts. */
export function createWebhookQueue(
  connection: Redis,
  prefix: string,
  retry: { attempts: number; backoffMs: number },
): Queue<TWebhookDeliveryJob> {
  return new Queue<TWebhookDeliveryJob>(WEBHOOK_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: retry.attempts,
      backoff: { type: "exponential", delay: retry.backoffMs, jitter: 0.2 },
      removeOnComplete: { age: 7 * 24 * 3600, count: 5000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    },
  });
}

/**
 * A training queue is consumed outside Rankwise (a GPU trainer, in any language), so the job is tried
 * once: the trainer owns its retries and reports FAILED when it gives up.
 */
export function createTrainingQueue(connection: Redis, prefix: string, name: string): Queue<TTrainingJobV1> {
  return new Queue<TTrainingJobV1>(name, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: 1,
      removeOnComplete: { age: 7 * 24 * 3600, count: 1000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    },
  });
}
