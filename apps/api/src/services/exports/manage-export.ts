import type { Queue } from "bullmq";
import type { Export } from "../../generated/prisma/client.ts";
import { AppError, notFound } from "../../lib/app-error.ts";
import type { TPrisma } from "../../lib/prisma.ts";
import type { TExportStorage } from "./export-storage.ts";

/**
 * Cancels a QUEUED or RUNNING export. A waiting job is removed from the queue; a running one stops at
 * its next batch (the worker re-reads the status after each) and deletes its partial files.
 */
export async function cancelExport(prisma: TPrisma, queue: Queue, exportId: string): Promise<Export> {
  const updated = await prisma.export.updateMany({
    where: { id: exportId, status: { in: ["QUEUED", "RUNNING"] } },
    data: { status: "CANCELLED", finishedAt: new Date() },
  });
  const row = await prisma.export.findUnique({ where: { id: exportId } });
  if (!row) throw notFound("Export");
  if (updated.count === 0) throw new AppError("CONFLICT", `The export is ${row.status}; only QUEUED or RUNNING exports can be cancelled`);
  // An active job is locked by its worker and cannot be removed; it sees CANCELLED at its next batch.
  await queue
    .getJob(exportId)
    .then((job) => job?.remove())
    .catch(() => {});
  return row;
}

/** Deletes a finished export and its files. A QUEUED or RUNNING export must be cancelled first. */
export async function deleteExport(prisma: TPrisma, storage: TExportStorage, row: Export): Promise<void> {
  if (row.status === "QUEUED" || row.status === "RUNNING")
    throw new AppError("CONFLICT", `The export is ${row.status}; cancel it before deleting it`);
  await storage.remove(row.id);
  await prisma.export.delete({ where: { id: row.id } });
}
