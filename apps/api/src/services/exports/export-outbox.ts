import type { TExportJob } from "@rankwise/shared";
import type { Queue } from "bullmq";
import { EXPORT_JOB } from "../../jobs/queues.ts";
import type { TPrisma } from "../../lib/prisma.ts";

/**
 * The export outbox. Postgres is the source of truth: an export row is written first (enqueuedAt null),
 * then handed to the queue; when Redis is down the row waits and the relay hands it over once Redis
 * answers. The job id is the export id, so handing an export over twice adds one job, never two.
 */

export type TOutboxLog = { warn: (obj: object, msg: string) => void; info: (obj: object, msg: string) => void };

/** Adds the export's job and marks the row enqueued; false (and nothing changed) when Redis refused. */
export async function enqueueExport(prisma: TPrisma, queue: Queue<TExportJob>, exportId: string): Promise<boolean> {
  try {
    await queue.add(EXPORT_JOB, { v: 1, exportId }, { jobId: exportId });
  } catch {
    return false;
  }
  await prisma.export.updateMany({ where: { id: exportId, enqueuedAt: null }, data: { enqueuedAt: new Date() } });
  return true;
}

export type TRelayResult = { enqueued: number; requeued: number; pending: number };

/**
 * One pass: hands every QUEUED export not yet enqueued to the queue (oldest first), and re-adds QUEUED
 * exports whose job Redis has lost (a Redis restarted without persistence). Stops at the first refusal:
 * Redis is down, the next pass retries. Only QUEUED rows are touched: a RUNNING export's job may be
 * alive in a worker, and re-adding it could run it twice at once.
 */
export async function relayExportOutbox(prisma: TPrisma, queue: Queue<TExportJob>, opts: { batch?: number } = {}): Promise<TRelayResult> {
  const batch = opts.batch ?? 200;
  const result: TRelayResult = { enqueued: 0, requeued: 0, pending: 0 };
  const waiting = await prisma.export.findMany({
    where: { status: "QUEUED", enqueuedAt: null },
    orderBy: { createdAt: "asc" },
    select: { id: true },
    take: batch,
  });
  for (const [i, row] of waiting.entries()) {
    if (!(await enqueueExport(prisma, queue, row.id))) {
      result.pending = waiting.length - i;
      return result;
    }
    result.enqueued++;
  }
  const handedOver = await prisma.export.findMany({
    where: { status: "QUEUED", enqueuedAt: { not: null } },
    orderBy: { createdAt: "asc" },
    select: { id: true },
    take: batch,
  });
  for (const row of handedOver) {
    let job: unknown;
    try {
      job = await queue.getJob(row.id);
    } catch {
      return result;
    }
    if (job) continue;
    try {
      await queue.add(EXPORT_JOB, { v: 1, exportId: row.id }, { jobId: row.id });
      result.requeued++;
    } catch {
      return result;
    }
  }
  return result;
}

export type TOutboxRelay = {
  /** Runs a pass now (or joins the one running). */
  runNow: () => Promise<TRelayResult | null>;
  stop: () => Promise<void>;
};

/**
 * Runs relayExportOutbox every `intervalMs` ±20 % (jitter keeps several API processes from running in
 * step); never two passes at once. Failures (Postgres down too) are logged and retried next time.
 */
export function startOutboxRelay(deps: { prisma: TPrisma; queue: Queue<TExportJob>; intervalMs: number; log: TOutboxLog }): TOutboxRelay {
  let running: Promise<TRelayResult | null> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;

  const runNow = () => {
    running ??= relayExportOutbox(deps.prisma, deps.queue)
      .then((r) => {
        if (r.enqueued || r.requeued) deps.log.info(r, "export outbox: handed exports to the queue");
        if (r.pending) deps.log.warn(r, "export outbox: the queue is unavailable; exports wait in Postgres");
        return r;
      })
      .catch((err: unknown) => {
        deps.log.warn({ err: (err as Error).message }, "export outbox: relay pass failed");
        return null;
      })
      .finally(() => {
        running = null;
      });
    return running;
  };
  const schedule = () => {
    if (stopped || deps.intervalMs <= 0) return;
    timer = setTimeout(
      () => {
        void runNow().finally(schedule);
      },
      Math.round(deps.intervalMs * (0.8 + Math.random() * 0.4)),
    );
    timer.unref();
  };
  schedule();
  return {
    runNow,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
