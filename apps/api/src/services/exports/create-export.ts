import { type TExportJob, type TExportSpecInput, ZExportSpec } from "@rankwise/shared";
import type { Queue } from "bullmq";
import { EXPORT_JOB } from "../../jobs/queues.ts";
import { AppError } from "../../lib/app-error.ts";
import type { TPrisma } from "../../lib/prisma.ts";
import { checkExportSpec } from "./check-export-spec.ts";

/**
 * Checks the spec against the project, records the export and queues it; the job id is the export id,
 * so a double enqueue is a no-op. A bad spec changes nothing.
 */
export async function createExport(
  prisma: TPrisma,
  queue: Queue<TExportJob>,
  input: { projectId: string; userId: string; spec: TExportSpecInput },
) {
  const spec = ZExportSpec.parse(input.spec);
  await checkExportSpec(prisma, input.projectId, spec);
  const row = await prisma.export.create({ data: { projectId: input.projectId, requestedById: input.userId, spec } });
  try {
    await queue.add(EXPORT_JOB, { v: 1, exportId: row.id }, { jobId: row.id });
  } catch {
    await prisma.export.update({
      where: { id: row.id },
      data: { status: "FAILED", error: "The job queue is unavailable; request the export again" },
    });
    throw new AppError("SERVICE_UNAVAILABLE", "The job queue (Redis) is unavailable; try again shortly");
  }
  return row;
}
