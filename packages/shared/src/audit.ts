import { z } from "zod";

/** A filter value: a dotted action ("gold.update") or its prefix ("gold"), an entity name. */
const ZFilter = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9_.]+$/i, "Letters, digits, dots and underscores only");

export const ZAuditQuery = z.object({
  /** Exact action, or a prefix: "gold" matches gold.create, gold.update and gold.delete. */
  action: ZFilter.optional(),
  entity: ZFilter.optional(),
  actorId: z.uuid().optional(),
  /** The `nextCursor` of the previous page. */
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type TAuditQuery = z.infer<typeof ZAuditQuery>;

export const ZAdminAuditQuery = ZAuditQuery.extend({
  projectId: z.uuid().optional(),
});
export type TAdminAuditQuery = z.infer<typeof ZAdminAuditQuery>;

export const ZAuditEntry = z.object({
  id: z.uuid(),
  createdAt: z.iso.datetime(),
  actor: z.object({ id: z.uuid(), name: z.string(), email: z.string() }).nullable(),
  project: z.object({ id: z.uuid(), name: z.string() }).nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type TAuditEntry = z.infer<typeof ZAuditEntry>;

export const ZAuditPage = z.object({
  entries: z.array(ZAuditEntry),
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: z.string().nullable(),
  /** Distinct actions and entities in scope, for the filters. */
  actions: z.array(z.string()),
  entities: z.array(z.string()),
});
export type TAuditPage = z.infer<typeof ZAuditPage>;
