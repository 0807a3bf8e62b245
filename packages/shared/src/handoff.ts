import { z } from "zod";
import { ZExportFile, ZExportFormat, ZExportSpec } from "./exports.ts";

/**
 * Hand-off to GPU training: when an export completes, the API publishes a {@link ZTrainingJobV1}
 * on a BullMQ queue and trainers report back through the training-run events API.
 * Documented for non-TypeScript consumers in docs/handoff.md.
 */

/** The queue a training job goes to unless the project (`settings.handoff.queue`) or `TRAINING_QUEUE` says otherwise. */
export const DEFAULT_TRAINING_QUEUE = "reward-model-training";
/** The BullMQ job name of a {@link ZTrainingJobV1}. */
export const TRAINING_JOB_NAME = "train-reward-model";

/** BullMQ queue names end up inside Redis keys (`<prefix>:<queue>:…`), so no colons or spaces. */
export const ZQueueName = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, "a queue name is 1-100 letters, digits, dots, dashes or underscores");

/** `projects.settings.handoff`: how a project's completed exports start training. */
export const ZHandoffSettings = z.object({
  /** false: completed exports start no training job (webhooks still fire). */
  enabled: z.boolean().default(true),
  /** Overrides `TRAINING_QUEUE` (default `reward-model-training`) for this project. */
  queue: ZQueueName.optional(),
  /** Only exports in these formats start training (default: every format). */
  formats: z.array(ZExportFormat).optional(),
});
export type THandoffSettings = z.infer<typeof ZHandoffSettings>;

/** One file of the export, with the absolute URL a trainer downloads it from (bearer token required). */
export const ZTrainingJobFile = ZExportFile.extend({
  /** `GET` with `Authorization: Bearer <API token>`; Range requests are supported. */
  url: z.url(),
});
export type TTrainingJobFile = z.infer<typeof ZTrainingJobFile>;

/**
 * The job contract on the training queue (job name {@link TRAINING_JOB_NAME}), version 1.
 *
 * Version policy: new optional fields may be added to v1 at any time, so consumers must ignore
 * fields they do not know (zod objects do). Removing, renaming or retyping a field makes a v2,
 * published on its own queue (BullMQ workers take every job of a queue, whatever its name), so v1
 * consumers keep working until they move. A consumer fails a job whose `v` it does not know
 * without retrying it, rather than guess.
 *
 * @example A Python trainer reads the same payload with the BullMQ Python client: see docs/handoff.md.
 */
export const ZTrainingJobV1 = z.object({
  /** Contract version. */
  v: z.literal(1),
  /** The TrainingRun created (PENDING) for this job: report progress for it at `eventsUrl`. */
  trainingRunId: z.uuid(),
  exportId: z.uuid(),
  projectId: z.uuid(),
  /** The criterion this export was built for (one reward model per criterion); null for questions without one. */
  criterion: z.string().nullable(),
  /** Row format of the files, e.g. `trl-preference` (prompt/chosen/rejected). */
  format: ZExportFormat,
  /** One file per split (`train`, `test`, `validation`), with rows, bytes and sha256 to verify the download. */
  files: z.array(ZTrainingJobFile),
  /**
   * The export's manifest as the export worker wrote it (`exports.manifest`); for exports without one,
   * the export's files list (the same entries as `files`, without URLs).
   */
  manifest: z.union([z.array(ZExportFile), z.record(z.string(), z.unknown())]),
  /** The full export spec the files were built with (filters, pairing, split, seed, shape). */
  spec: ZExportSpec,
  /** Absolute URL: `POST` training events here (status, step, metrics, message). */
  eventsUrl: z.url(),
  /** Absolute URL: `GET` the run and its events. */
  runUrl: z.url(),
  /** When the job was published. */
  createdAt: z.iso.datetime(),
});
export type TTrainingJobV1 = z.infer<typeof ZTrainingJobV1>;

export const TRAINING_RUN_STATUSES = ["PENDING", "RUNNING", "SUCCEEDED", "FAILED", "CANCELLED"] as const;
export const ZTrainingRunStatus = z.enum(TRAINING_RUN_STATUSES);
export type TTrainingRunStatus = z.infer<typeof ZTrainingRunStatus>;
/** A run in one of these states is closed: it accepts no further events. */
export const TERMINAL_TRAINING_STATUSES: readonly TTrainingRunStatus[] = ["SUCCEEDED", "FAILED", "CANCELLED"];

/** Named numbers, e.g. `{ loss: 0.41, reward_accuracy: 0.83 }` (TRL logs `loss`, `accuracy`, `margin`, ...). */
export const ZTrainingMetrics = z
  .record(z.string().min(1).max(64), z.number())
  .refine((m) => Object.keys(m).length <= 100, "at most 100 metrics per event");
export type TTrainingMetrics = z.infer<typeof ZTrainingMetrics>;

/** What a trainer sends to `POST /api/v1/training-runs/:id/events`. */
export const ZTrainingEventRequest = z
  .object({
    /** Omit to report progress without a status change. Terminal states are final. */
    status: ZTrainingRunStatus.optional(),
    /** Optimizer step (TRL's `global_step`). */
    step: z.number().int().min(0).max(1_000_000_000).optional(),
    /** Merged into the run's metrics: the run keeps the latest value of each. */
    metrics: ZTrainingMetrics.optional(),
    message: z.string().max(10_000).optional(),
    /** Who is training, e.g. `trl-0.24 on gpu-node-3`; stored on the run. */
    trainer: z.string().trim().min(1).max(200).optional(),
  })
  .refine((e) => e.status !== undefined || e.step !== undefined || e.metrics !== undefined || e.message !== undefined, {
    message: "send at least one of status, step, metrics or message",
    path: ["status"],
  });
export type TTrainingEventRequest = z.input<typeof ZTrainingEventRequest>;

export const ZTrainingEvent = z.object({
  id: z.uuid(),
  runId: z.uuid(),
  status: ZTrainingRunStatus.nullable(),
  step: z.number().int().nullable(),
  metrics: z.record(z.string(), z.number()),
  message: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type TTrainingEvent = z.infer<typeof ZTrainingEvent>;

export const ZTrainingRun = z.object({
  id: z.uuid(),
  exportId: z.uuid(),
  projectId: z.uuid(),
  status: ZTrainingRunStatus,
  trainer: z.string().nullable(),
  step: z.number().int().nullable(),
  /** Latest value of every metric reported so far; the final metrics once the run ends. */
  metrics: z.record(z.string(), z.number()),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TTrainingRun = z.infer<typeof ZTrainingRun>;

/** A run with its events, oldest first. */
export const ZTrainingRunDetail = ZTrainingRun.extend({ events: z.array(ZTrainingEvent) });
export type TTrainingRunDetail = z.infer<typeof ZTrainingRunDetail>;

export const ZTrainingRunList = z.object({ trainingRuns: z.array(ZTrainingRun) });
export type TTrainingRunList = z.infer<typeof ZTrainingRunList>;

export const ZTrainingRunsQuery = z.object({ exportId: z.uuid() });

/** The reply to an event: the stored event and the run after it. */
export const ZRecordedTrainingEvent = z.object({ event: ZTrainingEvent, run: ZTrainingRun });
export type TRecordedTrainingEvent = z.infer<typeof ZRecordedTrainingEvent>;
