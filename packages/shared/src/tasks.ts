import { z } from "zod";
import { ZFormDefinition } from "./forms/form-definition.ts";
import { ZMessage, ZResponseId } from "./items.ts";

/**
 * What a labeler receives: only what is needed to answer. It never carries other
 * labelers' answers, counts, gold data or flags.
 */
export const ZTask = z.object({
  assignmentId: z.uuid(),
  projectId: z.uuid(),
  item: z.object({
    id: z.uuid(),
    prompt: z.array(ZMessage),
    /** In this assignment's display order. */
    responses: z.array(z.object({ id: ZResponseId, content: z.string(), steps: z.array(z.string()).optional() })),
  }),
  /** The form to answer, at the version this assignment is bound to. */
  form: z.object({ version: z.number().int(), definition: ZFormDefinition }),
  /** For each pairwise question: the two responses (by id) this labeler compares. */
  pairs: z.record(z.string(), z.tuple([ZResponseId, ZResponseId])),
  leaseExpiresAt: z.iso.datetime(),
});
export type TTask = z.infer<typeof ZTask>;

/** Best first; responses in one inner list are tied. */
export const ZRanking = z.array(z.array(ZResponseId).min(1)).min(1);
export type TRanking = z.infer<typeof ZRanking>;

/**
 * A submit: `answers` keyed by question id. `{ ranking }` alone is shorthand for
 * `{ answers: { ranking } }` (the default form's single ranking question).
 */
export const ZSubmitAnswer = z
  .object({
    answers: z.record(z.string(), z.unknown()).optional(),
    ranking: ZRanking.optional(),
    durationMs: z.number().int().min(0).max(86_400_000).optional(),
  })
  .refine((b) => (b.answers === undefined) !== (b.ranking === undefined), { message: "send either answers or ranking", path: ["answers"] });
export type TSubmitAnswer = z.infer<typeof ZSubmitAnswer>;

export const SKIP_REASONS = ["unclear", "cannot_judge", "offensive", "other"] as const;
export const ZSkipRequest = z.object({
  reason: z.enum(SKIP_REASONS),
  note: z.string().trim().max(1000).optional(),
});
export type TSkipRequest = z.infer<typeof ZSkipRequest>;

export const ZAnnotation = z.object({
  id: z.uuid(),
  assignmentId: z.uuid(),
  itemId: z.uuid(),
  answer: z.record(z.string(), z.unknown()),
  formVersion: z.number().int().nullable(),
  displayOrder: z.array(z.string()),
  durationMs: z.number().int().nullable(),
  createdAt: z.iso.datetime(),
});
export type TAnnotation = z.infer<typeof ZAnnotation>;

export const ZAssignmentParams = z.object({ id: z.uuid() });

export const ZIdempotencyHeaders = z.object({
  "idempotency-key": z.string().min(1).max(200).optional(),
});

/** How long after a submit its labeler may take it back: `projects.settings.undoWindowSeconds`, 0 turns undo off. */
export const DEFAULT_UNDO_WINDOW_SECONDS = 10;
export const ZUndoWindowSeconds = z.number().int().min(0).max(300);

/** Reads `settings.undoWindowSeconds`; anything missing or out of range means the default. */
export function readUndoWindowSeconds(settings: unknown): number {
  const raw = settings && typeof settings === "object" ? (settings as Record<string, unknown>).undoWindowSeconds : undefined;
  const parsed = ZUndoWindowSeconds.safeParse(raw);
  return parsed.success ? parsed.data : DEFAULT_UNDO_WINDOW_SECONDS;
}

/** `?next=1` on a submit also leases the labeler's next task and returns it in the same response. */
export const ZSubmitQuery = z.object({
  next: z.stringbool().optional(),
});
export type TSubmitQuery = z.infer<typeof ZSubmitQuery>;

/**
 * A stored answer; with `?next=1` also the next task (null when the queue is empty) and until when
 * the answer can be taken back (`POST /assignments/:id/undo`).
 */
export const ZSubmitResult = ZAnnotation.extend({
  undoExpiresAt: z.iso.datetime().optional(),
  next: ZTask.nullable().optional(),
});
export type TSubmitResult = z.infer<typeof ZSubmitResult>;

export const FLAG_REASONS = ["broken", "unclear", "harmful", "duplicate", "other"] as const;
export const ZFlagReason = z.enum(FLAG_REASONS);
export type TFlagReason = z.infer<typeof ZFlagReason>;

/** A labeler flags the item of a task they hold or answered; flagging again replaces their flag. */
export const ZFlagRequest = z
  .object({
    reason: ZFlagReason,
    note: z.string().trim().max(1000).optional(),
  })
  .refine((b) => b.reason !== "other" || (b.note ?? "") !== "", { message: "say briefly why in the note", path: ["note"] });
export type TFlagRequest = z.infer<typeof ZFlagRequest>;

/** What the labeler gets back: their own flag only. */
export const ZMyFlag = z.object({
  itemId: z.uuid(),
  reason: ZFlagReason,
  note: z.string().nullable(),
  createdAt: z.iso.datetime(),
});
export type TMyFlag = z.infer<typeof ZMyFlag>;
