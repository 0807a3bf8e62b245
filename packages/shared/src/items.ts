import { z } from "zod";

export const ZMessage = z.object({
  role: z.enum(["system", "user", "assistant"]),
  content: z.string(),
});
export type TMessage = z.infer<typeof ZMessage>;

export const ZResponseId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, "letters, digits and _ . : - only");

/** A model response as stored: the id is stable and unique within its item. */
export const ZResponse = z.object({
  id: ZResponseId,
  model: z.string().max(200).nullable(),
  content: z.string(),
  /** Reasoning steps for step-level labels; when absent, the content's non-empty lines are the steps. */
  steps: z.array(z.string()).optional(),
});
export type TResponse = z.infer<typeof ZResponse>;

export const MAX_RESPONSES_PER_ITEM = 16;

/** One line of a JSONL import file. */
export const ZImportLine = z
  .object({
    external_id: z.string().trim().min(1).max(200),
    prompt: z.union([z.string().min(1), z.array(ZMessage).min(1)]),
    responses: z
      .array(
        z.object({
          id: ZResponseId.optional(),
          model: z.string().max(200).optional(),
          content: z.string(),
          steps: z.array(z.string().min(1)).min(1).max(500).optional(),
        }),
      )
      .min(2, "an item needs at least 2 responses to compare")
      .max(MAX_RESPONSES_PER_ITEM),
    metadata: z.record(z.string(), z.unknown()).optional(),
    /** A gold item: part of the screening test, or a honeypot mixed into the live queue. Absent: a live item. */
    role: z.enum(["screening", "honeypot"]).optional(),
  })
  .superRefine((line, ctx) => {
    const seen = new Set<string>();
    line.responses.forEach((r, i) => {
      if (r.id === undefined) return;
      if (seen.has(r.id)) ctx.addIssue({ code: "custom", path: ["responses", i, "id"], message: `duplicate response id "${r.id}"` });
      seen.add(r.id);
    });
  });
export type TImportLine = z.infer<typeof ZImportLine>;

export const ZImportQuery = z.object({
  /** Skip bad lines instead of rejecting the whole file. */
  skipInvalid: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
});

export const ZImportLineError = z.object({ line: z.number().int(), message: z.string() });
export type TImportLineError = z.infer<typeof ZImportLineError>;

export const ZImportResult = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  skipped: z.number().int(),
  errors: z.array(ZImportLineError),
});
export type TImportResult = z.infer<typeof ZImportResult>;

export const ZItemRoleFilter = z.enum(["LIVE", "HONEYPOT", "SCREENING"]);

export const ZItemListQuery = z.object({
  role: ZItemRoleFilter.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  /** Items after this import position (the `nextCursor` of the previous page). */
  after: z.coerce.number().int().min(0).max(2_147_483_647).optional(), // a Postgres int: larger values are a 400, not a 500
});

/** An item as researchers see it: content plus its quality flags (never shown to labelers). */
export const ZProjectItem = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  externalId: z.string(),
  role: ZItemRoleFilter,
  superRatersOnly: z.boolean(),
  hasGold: z.boolean(),
  prompt: z.array(ZMessage),
  responses: z.array(ZResponse),
  metadata: z.record(z.string(), z.unknown()),
  doneCount: z.number().int(),
  skipCount: z.number().int(),
});
export type TProjectItem = z.infer<typeof ZProjectItem>;

export const ZProjectItemList = z.object({ items: z.array(ZProjectItem), nextCursor: z.number().int().nullable() });
