import { type TTrainingJobV1, type TWebhookDeliveryJob, ZExportSpec } from "@rankwise/shared";
import type { Queue } from "bullmq";
import type { TPrisma } from "../../lib/prisma.ts";
import { queueExportCompletedDeliveries } from "../webhooks/queue-deliveries.ts";
import { resolveHandoff } from "./handoff-settings.ts";
import { publishTrainingJob, type TPublishedTrainingJob } from "./publish-training-job.ts";

export type THandoffQueues = { training: (name: string) => Queue<TTrainingJobV1>; webhooks: Queue<TWebhookDeliveryJob> };

export type THandOffResult =
  | { handedOff: false; reason: string }
  | { handedOff: true; training: TPublishedTrainingJob | null; trainingSkipped: string | null; deliveryIds: string[] };

/**
 * Everything that follows a COMPLETED export: the training job (unless the project opts out) and the
 * `export.completed` webhook deliveries, which carry the training run id. Safe to call again: each
 * step finds what an earlier call created.
 */
export async function handOffExport(
  prisma: TPrisma,
  queues: THandoffQueues,
  exportId: string,
  opts: { publicApiUrl: string; defaultQueue: string },
): Promise<THandOffResult> {
  const row = await prisma.export.findUnique({ where: { id: exportId }, include: { project: { select: { settings: true } } } });
  if (!row) return { handedOff: false, reason: "export not found" };
  if (row.status !== "COMPLETED") return { handedOff: false, reason: `export is ${row.status}, not COMPLETED` };

  const { project, ...exportRow } = row;
  const handoff = resolveHandoff(project.settings, ZExportSpec.parse(row.spec).format, opts.defaultQueue);
  const training = handoff.enabled ? await publishTrainingJob(prisma, queues.training(handoff.queue), exportRow, opts.publicApiUrl) : null;
  const deliveryIds = await queueExportCompletedDeliveries(
    prisma,
    queues.webhooks,
    exportRow,
    training?.trainingRunId ?? null,
    opts.publicApiUrl,
  );
  return { handedOff: true, training, trainingSkipped: handoff.enabled ? null : handoff.reason, deliveryIds };
}
