import { z } from "zod";
import { ZMessage, ZResponse } from "./items.ts";
import { ZMemberStatus } from "./projects.ts";
import { ZItemRole } from "./quality/contracts.ts";
import { ZFlagReason } from "./tasks.ts";
import { ZUserKind } from "./users.ts";

/**
 * Where an item stands in labeling; `disputed` is decided by `ZItemBrowseQuery.threshold`, `flagged`
 * means open (unresolved) labeler flags, `skipped` at least one skip.
 */
export const ZItemBrowseStatus = z.enum(["all", "unlabeled", "in_progress", "complete", "skipped", "flagged", "disputed"]);
export type TItemBrowseStatus = z.infer<typeof ZItemBrowseStatus>;

export const ZItemBrowseQuery = z.object({
  status: ZItemBrowseStatus.default("all"),
  /** Disagreement at or above this counts as disputed. */
  threshold: z.coerce.number().min(0).max(1).default(0.5),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Items after this import position (the `nextCursor` of the previous page). */
  after: z.coerce.number().int().min(0).max(2_147_483_647).optional(), // a Postgres int: larger values are a 400, not a 500
});
export type TItemBrowseQuery = z.infer<typeof ZItemBrowseQuery>;

export const ZItemBrowseRow = z.object({
  id: z.uuid(),
  seq: z.number().int(),
  externalId: z.string(),
  role: ZItemRole,
  hasGold: z.boolean(),
  answers: z.number().int(),
  skips: z.number().int(),
  /** Open (unresolved) flags from labelers. */
  flags: z.number().int(),
  /** 1 − Kendall's W of the labelers' rankings (mean over ranking questions); null with fewer than 2 answers. */
  disagreement: z.number().min(0).max(1).nullable(),
});
export type TItemBrowseRow = z.infer<typeof ZItemBrowseRow>;

export const ZItemBrowseList = z.object({
  overlap: z.number().int(),
  items: z.array(ZItemBrowseRow),
  nextCursor: z.number().int().nullable(),
});
export type TItemBrowseList = z.infer<typeof ZItemBrowseList>;

export const ZItemAnnotationsParams = z.object({ id: z.uuid(), itemId: z.uuid() });

export const ZItemAnnotation = z.object({
  id: z.uuid(),
  labeler: z.object({ id: z.uuid(), name: z.string(), email: z.string(), kind: ZUserKind, tier: ZMemberStatus.nullable() }),
  answers: z.record(z.string(), z.unknown()),
  formVersion: z.number().int().nullable(),
  durationMs: z.number().int().nullable(),
  displayOrder: z.array(z.string()),
  createdAt: z.iso.datetime(),
});
export type TItemAnnotation = z.infer<typeof ZItemAnnotation>;

/** A labeler's flag on an item, as researchers see it. */
export const ZItemFlag = z.object({
  id: z.uuid(),
  reason: ZFlagReason,
  note: z.string().nullable(),
  user: z.object({ id: z.uuid(), name: z.string(), email: z.string() }),
  createdAt: z.iso.datetime(),
  resolvedAt: z.iso.datetime().nullable(),
  resolvedBy: z.object({ id: z.uuid(), name: z.string() }).nullable(),
});
export type TItemFlag = z.infer<typeof ZItemFlag>;

/** Resolves every open flag of an item; the note goes to the audit log. */
export const ZResolveFlagsRequest = z.object({ note: z.string().trim().max(1000).optional() });
export type TResolveFlagsRequest = z.infer<typeof ZResolveFlagsRequest>;
export const ZResolveFlagsResult = z.object({ resolved: z.number().int(), flags: z.array(ZItemFlag) });
export type TResolveFlagsResult = z.infer<typeof ZResolveFlagsResult>;

export const ZItemAnnotations = z.object({
  item: z.object({
    id: z.uuid(),
    projectId: z.uuid(),
    externalId: z.string(),
    role: ZItemRole,
    superRatersOnly: z.boolean(),
    hasGold: z.boolean(),
    prompt: z.array(ZMessage),
    responses: z.array(ZResponse),
    metadata: z.record(z.string(), z.unknown()),
    skips: z.number().int(),
    disagreement: z.number().min(0).max(1).nullable(),
  }),
  annotations: z.array(ZItemAnnotation),
  /** Labelers' flags, open first, newest first. */
  flags: z.array(ZItemFlag),
});
export type TItemAnnotations = z.infer<typeof ZItemAnnotations>;
