import { ZWebhookDeliveryJob } from "@rankwise/shared";
import { type Job, UnrecoverableError } from "bullmq";
import type { TPrisma } from "../lib/prisma.ts";
import { attemptDelivery } from "../services/webhooks/deliver-webhook.ts";

export type TWebhookHandlerDeps = { prisma: TPrisma; timeoutMs: number };

/**
 * One attempt per run of the job: a failed POST throws so BullMQ retries it with exponential backoff
 * (the schedule lives in Redis and survives restarts); the last attempt leaves the delivery FAILED.
 */
export function createWebhookHandler(deps: TWebhookHandlerDeps) {
  return async (job: Job) => {
    const payload = ZWebhookDeliveryJob.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`Invalid webhook job payload: ${payload.error.message}`);
    const final = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    const result = await attemptDelivery(deps.prisma, payload.data.deliveryId, { final, timeoutMs: deps.timeoutMs });
    if (result.outcome === "failed") throw new Error(`webhook delivery ${payload.data.deliveryId} failed: ${result.error}`);
    return result;
  };
}
