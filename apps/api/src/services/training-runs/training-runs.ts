import {
  type TRecordedTrainingEvent,
  type TTrainingEventRequest,
  type TTrainingRun,
  type TTrainingRunDetail,
  ZTrainingEventRequest,
} from "@rankwise/shared";
import type { TrainingRun } from "../../generated/prisma/client.ts";
import { AppError, notFound } from "../../lib/app-error.ts";
import type { TDb, TPrisma } from "../../lib/prisma.ts";
import type { TAuthUser } from "../auth/sessions.ts";
import { assertProjectAccess } from "../projects/project-access.ts";
import { transitionError } from "./run-transitions.ts";
import { toMetrics, toTrainingEvent, toTrainingRun } from "./training-run-views.ts";

/** A run is visible to whoever may export its project's data (engineers, researchers, admins). */
export async function findAccessibleRun(db: TDb, user: TAuthUser, runId: string): Promise<TrainingRun> {
  const run = await db.trainingRun.findUnique({ where: { id: runId } });
  if (!run) throw notFound("Training run");
  await assertProjectAccess(db, user, run.projectId, "export");
  return run;
}

export async function getTrainingRun(db: TDb, user: TAuthUser, runId: string): Promise<TTrainingRunDetail> {
  const run = await findAccessibleRun(db, user, runId);
  const events = await db.trainingEvent.findMany({ where: { runId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
  return { ...toTrainingRun(run), events: events.map(toTrainingEvent) };
}

export async function listTrainingRuns(db: TDb, user: TAuthUser, exportId: string): Promise<TTrainingRun[]> {
  const row = await db.export.findUnique({ where: { id: exportId }, select: { projectId: true } });
  if (!row) throw notFound("Export");
  await assertProjectAccess(db, user, row.projectId, "export");
  const runs = await db.trainingRun.findMany({ where: { exportId }, orderBy: { createdAt: "desc" } });
  return runs.map(toTrainingRun);
}

/**
 * Stores one event and moves the run: status (forward only, 409 otherwise), latest step, metrics
 * merged key by key. The run row is locked for the check-and-write, so two racing events cannot
 * both leave a terminal state.
 */
export async function recordTrainingEvent(
  prisma: TPrisma,
  user: TAuthUser,
  runId: string,
  input: TTrainingEventRequest,
): Promise<TRecordedTrainingEvent> {
  const body = ZTrainingEventRequest.parse(input);
  await findAccessibleRun(prisma, user, runId);
  return prisma.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM training_runs WHERE id = ${runId}::uuid FOR UPDATE`;
    const run = await tx.trainingRun.findUnique({ where: { id: runId } });
    if (!run) throw notFound("Training run");
    const conflict = transitionError(run.status, body.status);
    if (conflict) throw new AppError("CONFLICT", conflict);
    const event = await tx.trainingEvent.create({
      data: { runId, status: body.status ?? null, step: body.step ?? null, metrics: body.metrics ?? {}, message: body.message ?? null },
    });
    const updated = await tx.trainingRun.update({
      where: { id: runId },
      data: {
        ...(body.status ? { status: body.status } : {}),
        ...(body.step !== undefined ? { step: body.step } : {}),
        ...(body.trainer ? { trainer: body.trainer } : {}),
        metrics: { ...toMetrics(run.metrics), ...body.metrics },
      },
    });
    return { event: toTrainingEvent(event), run: toTrainingRun(updated) };
  });
}
