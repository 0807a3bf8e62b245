import { z } from "zod";
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
    responses: z.array(z.object({ id: ZResponseId, content: z.string() })),
  }),
  leaseExpiresAt: z.iso.datetime(),
});
export type TTask = z.infer<typeof ZTask>;

/** Best first; responses in one inner list are tied. */
export const ZRanking = z.array(z.array(ZResponseId).min(1)).min(1);
export type TRanking = z.infer<typeof ZRanking>;

export const ZRankingAnswer = z.object({
  ranking: ZRanking,
  durationMs: z.number().int().min(0).max(86_400_000).optional(),
});
export type TRankingAnswer = z.infer<typeof ZRankingAnswer>;

export const ZAnnotation = z.object({
  id: z.uuid(),
  assignmentId: z.uuid(),
  itemId: z.uuid(),
  answer: z.record(z.string(), z.unknown()),
  durationMs: z.number().int().nullable(),
  createdAt: z.iso.datetime(),
});
export type TAnnotation = z.infer<typeof ZAnnotation>;

export const ZAssignmentParams = z.object({ id: z.uuid() });

export const ZIdempotencyHeaders = z.object({
  "idempotency-key": z.string().min(1).max(200).optional(),
});

/**
 * Checks a ranking against the item's response ids: every id exactly once.
 * Returns human-readable problems; empty when valid.
 */
export function checkRanking(ranking: TRanking, responseIds: readonly string[]): string[] {
  const known = new Set(responseIds);
  const seen = new Map<string, number>();
  for (const tier of ranking) for (const id of tier) seen.set(id, (seen.get(id) ?? 0) + 1);
  const unknown = [...seen.keys()].filter((id) => !known.has(id));
  const duplicate = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
  const missing = responseIds.filter((id) => !seen.has(id));
  const problems: string[] = [];
  if (unknown.length) problems.push(`unknown response ids: ${unknown.join(", ")}`);
  if (duplicate.length) problems.push(`duplicate response ids: ${duplicate.join(", ")}`);
  if (missing.length) problems.push(`missing response ids: ${missing.join(", ")}`);
  return problems;
}
