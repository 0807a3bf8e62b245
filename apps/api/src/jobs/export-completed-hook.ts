import type { TTrainingJobV1 } from "@rankwise/shared";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { TPrisma } from "../lib/prisma.ts";
import { handOffExport, type THandOffResult } from "../services/handoff/hand-off-export.ts";
import { createTrainingQueue, createWebhookQueue } from "./handoff-queues.ts";

export type TExportCompletedHookDeps = {
  prisma: TPrisma;
  /** Shared by every queue the hook publishes to; the caller owns (and closes) it. */
  connection: Redis;
  prefix: string;
  /** PUBLIC_API_URL: the base of the file, events and export URLs trainers and webhooks receive. */
  publicApiUrl: string;
  /** TRAINING_QUEUE: used unless a project's settings.handoff.queue names another. */
  trainingQueue: string;
  webhookAttempts: number;
  webhookBackoffMs: number;
  log?: (message: string) => void;
};

export type TExportCompletedHook = {
  /** For createExportHandler({ onExportCompleted }): idempotent, throws only when Postgres or Redis fail. */
  onExportCompleted: (exportId: string) => Promise<void>;
  /** The same, returning what it did. */
  handOff: (exportId: string) => Promise<THandOffResult>;
  close: () => Promise<void>;
};

/** Wires the hand-off to queues: one Queue per training queue name in use, one for webhook deliveries. */
export function createExportCompletedHook(deps: TExportCompletedHookDeps): TExportCompletedHook {
  const training = new Map<string, Queue<TTrainingJobV1>>();
  const webhooks = createWebhookQueue(deps.connection, deps.prefix, { attempts: deps.webhookAttempts, backoffMs: deps.webhookBackoffMs });
  // Connection errors reach the owner of the connection; a Queue without a listener would throw them.
  webhooks.on("error", () => {});
  const trainingQueue = (name: string) => {
    let queue = training.get(name);
    if (!queue) {
      queue = createTrainingQueue(deps.connection, deps.prefix, name);
      queue.on("error", () => {});
      training.set(name, queue);
    }
    return queue;
  };

  const handOff = (exportId: string) =>
    handOffExport(deps.prisma, { training: trainingQueue, webhooks }, exportId, {
      publicApiUrl: deps.publicApiUrl,
      defaultQueue: deps.trainingQueue,
    });

  return {
    handOff,
    onExportCompleted: async (exportId) => {
      const result = await handOff(exportId);
      if (!result.handedOff) deps.log?.(`[handoff] export ${exportId}: nothing handed off (${result.reason})`);
      else {
        const run = result.training
          ? `training run ${result.training.trainingRunId} on "${result.training.queue}"`
          : `no training job (${result.trainingSkipped})`;
        deps.log?.(`[handoff] export ${exportId}: ${run}; ${result.deliveryIds.length} webhook deliveries queued`);
      }
    },
    close: async () => {
      await Promise.all([webhooks, ...training.values()].map((q) => q.close()));
    },
  };
}
