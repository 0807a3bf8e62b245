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
