import { type TExportJob, type TExportSpecInput, ZExportSpec } from "@rankwise/shared";
import type { Queue } from "bullmq";
import type { TPrisma } from "../../lib/prisma.ts";
import { checkExportSpec } from "./check-export-spec.ts";
import { enqueueExport } from "./export-outbox.ts";

/**
 * Checks the spec against the project, records the export, then hands it to the queue (the job id is
 * the export id, so a double enqueue is a no-op). When Redis is down the export is still accepted: it
 * stays QUEUED with enqueuedAt null and the outbox relay (export-outbox.ts) enqueues it later. A bad spec
 * changes nothing.
 */
export async function createExport(
  prisma: TPrisma,
  queue: Queue<TExportJob>,
  input: { projectId: string; userId: string; spec: TExportSpecInput },
) {
  const spec = ZExportSpec.parse(input.spec);
  await checkExportSpec(prisma, input.projectId, spec);
  const row = await prisma.export.create({ data: { projectId: input.projectId, requestedById: input.userId, spec } });
  // Redis down: accepted all the same (202, QUEUED); the relay enqueues it once Redis answers.
  await enqueueExport(prisma, queue, row.id);
  return row;
}
