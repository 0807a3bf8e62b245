import { tmpdir } from "node:os";
import path from "node:path";
import { DEFAULT_TRAINING_QUEUE } from "@rankwise/shared";
import { Worker } from "bullmq";
import { Redis } from "ioredis";
import { z } from "zod";
import { processTrainingJob } from "./process-training-job.ts";

const ZEnv = z.object({
  REDIS_URL: z.string().default("redis://127.0.0.1:6379"),
  /** Must match the API's QUEUE_PREFIX. */
  QUEUE_PREFIX: z.string().default("rankwise"),
  TRAINING_QUEUE: z.string().default(DEFAULT_TRAINING_QUEUE),
  RANKWISE_TOKEN: z.string().min(1, "set RANKWISE_TOKEN to an API token of an ENGINEER (rankwise cli or POST /api/v1/tokens)"),
  WORK_DIR: z.string().default(path.join(tmpdir(), "rankwise-training")),
});

const parsed = ZEnv.safeParse(process.env);
if (!parsed.success) {
  console.error(`[consumer] ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("\n")}`);
  process.exit(1);
}
const env = parsed.data;

const connection = new Redis(env.REDIS_URL, { maxRetriesPerRequest: null });
const worker = new Worker(
  env.TRAINING_QUEUE,
  (job) =>
    processTrainingJob(job.data, {
      token: env.RANKWISE_TOKEN,
      workDir: env.WORK_DIR,
      log: (m) => console.log(`[consumer] ${job.id}: ${m}`),
    }),
  // One job at a time: a real trainer owns the GPU while it runs.
  { connection, prefix: env.QUEUE_PREFIX, concurrency: 1 },
);
worker.on("completed", (job, result) => console.log(`[consumer] run ${job.id} SUCCEEDED`, result.metrics));
worker.on("failed", (job, err) => console.error(`[consumer] run ${job?.id} failed: ${err.message}`));
console.log(`[consumer] waiting for jobs on "${env.QUEUE_PREFIX}:${env.TRAINING_QUEUE}"`);

const close = async () => {
  await worker.close();
  connection.disconnect();
  process.exit(0);
};
process.once("SIGTERM", () => void close());
process.once("SIGINT", () => void close());
