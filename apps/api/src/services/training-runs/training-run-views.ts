import type { TTrainingEvent, TTrainingRun } from "@rankwise/shared";
import type { TrainingEvent, TrainingRun } from "../../generated/prisma/client.ts";

/** Metrics are stored as JSON; only finite numbers are metrics. */
export function toMetrics(json: unknown): Record<string, number> {
  if (json === null || typeof json !== "object" || Array.isArray(json)) return {};
  return Object.fromEntries(Object.entries(json).filter((e): e is [string, number] => typeof e[1] === "number" && Number.isFinite(e[1])));
}

export function toTrainingRun(row: TrainingRun): TTrainingRun {
  return {
    id: row.id,
    exportId: row.exportId,
    projectId: row.projectId,
    status: row.status,
    trainer: row.trainer,
    step: row.step,
    metrics: toMetrics(row.metrics),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function toTrainingEvent(row: TrainingEvent): TTrainingEvent {
  return {
    id: row.id,
    runId: row.runId,
    status: row.status,
    step: row.step,
    metrics: toMetrics(row.metrics),
    message: row.message,
    createdAt: row.createdAt.toISOString(),
  };
}
