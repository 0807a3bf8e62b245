import { z } from "zod";
import { ZMessage, ZResponse } from "./items.ts";
import { ZMemberStatus } from "./projects.ts";
import { ZItemRole } from "./quality/contracts.ts";
import { ZUserKind } from "./users.ts";

/** Where an item stands in labeling; `disputed` is decided by `ZItemBrowseQuery.threshold`. */
export const ZItemBrowseStatus = z.enum(["all", "unlabeled", "in_progress", "complete", "skipped", "disputed"]);
export type TItemBrowseStatus = z.infer<typeof ZItemBrowseStatus>;

export const ZItemBrowseQuery = z.object({
  status: ZItemBrowseStatus.default("all"),
  /** Disagreement at or above this counts as disputed. */
  threshold: z.coerce.number().min(0).max(1).default(0.5),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** Items after this import position (the `nextCursor` of the previous page). */
  after: z.coerce.number().int().min(0).optional(),
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
});
export type TItemAnnotations = z.infer<typeof ZItemAnnotations>;
