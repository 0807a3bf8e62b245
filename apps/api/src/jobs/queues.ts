import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { TExportJob } from "@rankwise/shared";

export const EXPORT_QUEUE = "exports";
export const EXPORT_JOB = "build-export";

export function createExportQueue(connection: Redis, prefix: string): Queue<TExportJob> {
  return new Queue<TExportJob>(EXPORT_QUEUE, {
    connection,
    prefix,
    defaultJobOptions: {
      attempts: 3,
      backoff: { type: "exponential", delay: 2000 },
      removeOnComplete: { age: 7 * 24 * 3600, count: 1000 },
      removeOnFail: { age: 30 * 24 * 3600 },
    },
  });
}
