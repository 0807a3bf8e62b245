import { randomUUID } from "node:crypto";
import {
  type TExportCompletedEventV1,
  type TWebhookDeliveryJob,
  WEBHOOK_EVENTS,
  ZExportCompletedEventV1,
  ZExportFile,
  ZExportSpec,
} from "@rankwise/shared";
import type { Queue } from "bullmq";
import type { Export } from "../../generated/prisma/client.ts";
import { WEBHOOK_JOB } from "../../jobs/handoff-queues.ts";
import type { TPrisma } from "../../lib/prisma.ts";
import { apiUrl, exportFileUrls } from "../handoff/build-training-job.ts";

const EXPORT_COMPLETED = WEBHOOK_EVENTS[0];

export function buildExportCompletedEvent(
  row: Export,
  deliveryId: string,
  trainingRunId: string | null,
  publicApiUrl: string,
): TExportCompletedEventV1 {
  const spec = ZExportSpec.parse(row.spec);
  return ZExportCompletedEventV1.parse({
    v: 1,
    id: deliveryId,
    event: EXPORT_COMPLETED,
    createdAt: new Date().toISOString(),
    data: {
      exportId: row.id,
      projectId: row.projectId,
      format: spec.format,
      criterion: spec.criterion ?? null,
      sha256: row.sha256,
      files: exportFileUrls(publicApiUrl, row.id, ZExportFile.array().parse(row.files)),
      exportUrl: apiUrl(publicApiUrl, `/api/v1/exports/${row.id}`),
      trainingRunId,
    },
  });
}

/**
 * One delivery per enabled `export.completed` webhook of the export's project, queued with the
 * delivery id as job id. Idempotent: a retried call reuses each webhook's delivery for this export
 * and re-adding an existing job id is a no-op.
 */
export async function queueExportCompletedDeliveries(
  prisma: TPrisma,
  queue: Queue<TWebhookDeliveryJob>,
  row: Export,
  trainingRunId: string | null,
  publicApiUrl: string,
): Promise<string[]> {
  const hooks = await prisma.webhook.findMany({ where: { projectId: row.projectId, enabled: true, events: { has: EXPORT_COMPLETED } } });
  const ids: string[] = [];
  for (const hook of hooks) {
    const delivery = await prisma.$transaction(async (tx) => {
      await tx.$queryRaw`SELECT 1 AS locked FROM (SELECT pg_advisory_xact_lock(hashtext(${`delivery:${hook.id}:${row.id}`}))) AS l`;
      const existing = await tx.webhookDelivery.findFirst({ where: { webhookId: hook.id, exportId: row.id, event: EXPORT_COMPLETED } });
      if (existing) return existing;
      const id = randomUUID();
      const payload = buildExportCompletedEvent(row, id, trainingRunId, publicApiUrl);
      return tx.webhookDelivery.create({ data: { id, webhookId: hook.id, exportId: row.id, event: EXPORT_COMPLETED, payload } });
    });
    if (delivery.status === "PENDING") await queue.add(WEBHOOK_JOB, { v: 1, deliveryId: delivery.id }, { jobId: delivery.id });
    ids.push(delivery.id);
  }
  return ids;
}
