import { z } from "zod";

export const ZCriterion = z.object({
  id: z
    .string()
    .min(1)
    .max(40)
    .regex(/^[a-z][a-z0-9_-]*$/, "lowercase id"),
  name: z.string().min(1).max(80),
  description: z.string().max(2000).default(""),
});
export type TCriterion = z.infer<typeof ZCriterion>;

export const DEFAULT_CRITERIA: TCriterion[] = [
  { id: "helpful", name: "Helpful", description: "Does what the user asked, clearly and completely." },
  { id: "honest", name: "Honest", description: "Accurate, calibrated, and says when it does not know." },
  { id: "harmless", name: "Harmless", description: "Avoids content that could cause harm; refuses unsafe requests politely." },
];

export const ZCreateProjectRequest = z.object({
  name: z.string().trim().min(1).max(200),
  guidelines: z.string().max(100_000).default(""),
  criteria: z
    .array(ZCriterion)
    .max(20)
    .default(DEFAULT_CRITERIA)
    .refine((c) => new Set(c.map((x) => x.id)).size === c.length, "criterion ids must be unique"),
  overlap: z.number().int().min(1).max(50).default(1),
  leaseSeconds: z.number().int().min(30).max(86_400).default(600),
});
export type TCreateProjectRequest = z.input<typeof ZCreateProjectRequest>;

export const ZProjectCounts = z.object({
  items: z.number().int(),
  annotations: z.number().int(),
  /** Items that have all `overlap` answers. */
  completedItems: z.number().int(),
  /** completedItems / items, 0 when there are no items. */
  completion: z.number(),
});
export type TProjectCounts = z.infer<typeof ZProjectCounts>;

export const ZProject = z.object({
  id: z.uuid(),
  name: z.string(),
  guidelines: z.string(),
  criteria: z.array(ZCriterion),
  overlap: z.number().int(),
  leaseSeconds: z.number().int(),
  createdAt: z.iso.datetime(),
  counts: ZProjectCounts,
});
export type TProject = z.infer<typeof ZProject>;

export const ZProjectList = z.object({ projects: z.array(ZProject) });
export type TProjectList = z.infer<typeof ZProjectList>;

export const ZIdParams = z.object({ id: z.uuid() });
export type TIdParams = z.infer<typeof ZIdParams>;

export const ZMemberStatus = z.enum(["INVITED", "SCREENING", "QUALIFIED", "FAILED", "SUPER_RATER", "SUSPENDED"]);
export type TMemberStatus = z.infer<typeof ZMemberStatus>;

export const ZAddMemberRequest = z.object({ email: z.email().max(320) });

export const ZMember = z.object({
  userId: z.uuid(),
  email: z.string(),
  name: z.string(),
  kind: z.enum(["HUMAN", "AI"]),
  status: ZMemberStatus,
});
export type TMember = z.infer<typeof ZMember>;
