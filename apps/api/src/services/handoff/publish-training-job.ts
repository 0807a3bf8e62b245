import { TRAINING_JOB_NAME, type TTrainingJobV1, ZTrainingJobV1 } from "@rankwise/shared";
import type { Queue } from "bullmq";
import type { Export } from "../../generated/prisma/client.ts";
import type { TPrisma } from "../../lib/prisma.ts";
import { buildTrainingJob } from "./build-training-job.ts";

export type TPublishedTrainingJob = { trainingRunId: string; queue: string; published: boolean };

/**
 * Creates the export's TrainingRun (PENDING) and publishes the job, with the run id as the BullMQ job id.
 * Idempotent: a retried call finds the run (under an advisory lock, so two calls cannot both create
 * one) and re-adding a job id that exists is a no-op. A run the trainer already moved past PENDING is
 * never published again.
 */
export async function publishTrainingJob(
  prisma: TPrisma,
  queue: Queue<TTrainingJobV1>,
  row: Export,
  publicApiUrl: string,
): Promise<TPublishedTrainingJob> {
  const run = await prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext(${`training-run:${row.id}`}))) AS l`;
    const existing = await tx.trainingRun.findFirst({ where: { exportId: row.id }, orderBy: { createdAt: "asc" } });
    return existing ?? tx.trainingRun.create({ data: { exportId: row.id, projectId: row.projectId, status: "PENDING" } });
  });
  if (run.status !== "PENDING") return { trainingRunId: run.id, queue: queue.name, published: false };
  // Validated on the way out too: a job that breaks the published contract must fail here, not on a GPU.
  const job = ZTrainingJobV1.parse(buildTrainingJob(row, run.id, publicApiUrl));
  await queue.add(TRAINING_JOB_NAME, job, { jobId: run.id });
  return { trainingRunId: run.id, queue: queue.name, published: true };
}
