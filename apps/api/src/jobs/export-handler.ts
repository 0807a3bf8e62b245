import { ZExportJob } from "@rankwise/shared";
import { type Job, UnrecoverableError } from "bullmq";
import type { TPrisma } from "../lib/prisma.ts";
import { buildExport, ExportCancelledError, type TBuildExportResult, type TExportProgress } from "../services/exports/build-export.ts";
import type { TExportStorage } from "../services/exports/export-storage.ts";

export type TExportHandlerDeps = {
  prisma: TPrisma;
  exportDir: string;
  /** Where finished files go (S3 when configured); the local export folder by default. */
  storage?: TExportStorage;
  /**
   * The hand-off point: called once an export is COMPLETED (training queue, webhooks). Its errors are
   * logged and never fail the export; it must be idempotent, as a retried job may call it again.
   */
  onExportCompleted?: (exportId: string) => Promise<void>;
  /** Where hook failures are reported; console.error by default. */
  logError?: (message: string, err: unknown) => void;
  /** Annotations per keyset batch; tests make it small. */
  batchSize?: number;
  /**
   * Runs the build; buildExport in this process by default. The worker runs it in a child process of its
   * own (runExportProcess) so that an export's memory is bounded and returned to the OS when it ends.
   */
  runExport?: (exportId: string, onProgress: (p: TExportProgress) => Promise<void>) => Promise<TBuildExportResult>;
};

/** Builds one export; the last failed attempt leaves the export FAILED with a readable reason. */
export function createExportHandler(deps: TExportHandlerDeps) {
  const logError = deps.logError ?? ((message: string, err: unknown) => console.error(message, err));
  return async (job: Job) => {
    const payload = ZExportJob.safeParse(job.data);
    if (!payload.success) throw new UnrecoverableError(`Invalid export job payload: ${payload.error.message}`);
    const { exportId } = payload.data;
    const run =
      deps.runExport ??
      ((id: string, onProgress: (p: TExportProgress) => Promise<void>) =>
        buildExport({ prisma: deps.prisma, exportDir: deps.exportDir, storage: deps.storage, batchSize: deps.batchSize }, id, onProgress));
    let result: TBuildExportResult;
    try {
      result = await run(exportId, async (p) => {
        await job.updateProgress(p);
      });
    } catch (err) {
      if (err instanceof ExportCancelledError) return { cancelled: true };
      const attempts = job.opts.attempts ?? 1;
      const final = job.attemptsMade + 1 >= attempts || err instanceof UnrecoverableError;
      await deps.prisma.export.updateMany({
        where: { id: exportId, status: { notIn: ["CANCELLED", "COMPLETED"] } },
        data: final
          ? { status: "FAILED", error: (err as Error).message, finishedAt: new Date() }
          : { status: "QUEUED", error: `attempt ${job.attemptsMade + 1} failed: ${(err as Error).message}; retrying` },
      });
      throw err;
    }
    if (result.status === "COMPLETED" && deps.onExportCompleted) {
      try {
        await deps.onExportCompleted(exportId);
      } catch (err) {
        logError(`[export] ${exportId}: the completion hook failed; the export itself is COMPLETED`, err);
      }
    }
    return { cancelled: false };
  };
}
