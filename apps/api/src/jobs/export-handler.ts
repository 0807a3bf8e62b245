import { ZExportJob } from "@rankwise/shared";
import { type Job, UnrecoverableError } from "bullmq";
import type { TPrisma } from "../lib/prisma.ts";
import { buildExport, ExportCancelledError } from "../services/exports/build-export.ts";

export type TExportHandlerDeps = { prisma: TPrisma; exportDir: string };

/** Builds one export; the last failed attempt leaves the export FAILED with a readable reason. */
export function createExportHandler(deps: TExportHandlerDeps) {
  return async (job: Job) => {
    const payload = ZExportJob.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`Invalid export job payload: ${payload.error.message}`);
    const { exportId } = payload.data;
    try {
      await buildExport(deps.prisma, deps.exportDir, exportId, async (p) => {
        await job.updateProgress(p);
      });
    } catch (err) {
      if (err instanceof ExportCancelledError) return { cancelled: true };
      const attempts = job.opts.attempts ?? 1;
      const final = job.attemptsMade + 1 >= attempts || err instanceof UnrecoverableError;
      await deps.prisma.export.updateMany({
        where: { id: exportId, status: { not: "CANCELLED" } },
        data: final
          ? { status: "FAILED", error: (err as Error).message, finishedAt: new Date() }
          : { status: "QUEUED", error: `attempt ${job.attemptsMade + 1} failed: ${(err as Error).message}; retrying` },
      });
      throw err;
    }
    return { cancelled: false };
  };
}
