import { z } from "zod";
import { ZMemberStatus } from "../projects.ts";
import { ZTask } from "../tasks.ts";
import { ZUserKind } from "../users.ts";

// ---------------------------------------------------------------- items and gold

export const ZItemRole = z.enum(["LIVE", "HONEYPOT", "SCREENING"]);
export type TItemRole = z.infer<typeof ZItemRole>;

export const ZUpdateItemRequest = z
  .object({ role: ZItemRole.optional(), superRatersOnly: z.boolean().optional() })
  .refine((b) => b.role !== undefined || b.superRatersOnly !== undefined, { message: "send role and/or superRatersOnly" });
export type TUpdateItemRequest = z.infer<typeof ZUpdateItemRequest>;

/** An item as researchers manage it (never sent to labelers). */
export const ZItemQuality = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  externalId: z.string(),
  role: ZItemRole,
  superRatersOnly: z.boolean(),
  hasGold: z.boolean(),
});
export type TItemQuality = z.infer<typeof ZItemQuality>;

export const ZSetGoldRequest = z.object({ answers: z.record(z.string(), z.unknown()) });
export type TSetGoldRequest = z.infer<typeof ZSetGoldRequest>;

export const ZGoldAnswer = z.object({
  itemId: z.uuid(),
  answers: z.record(z.string(), z.unknown()),
  /** Who saved the current answers. */
  createdById: z.uuid(),
  updatedAt: z.iso.datetime(),
});
export type TGoldAnswer = z.infer<typeof ZGoldAnswer>;

// ---------------------------------------------------------------- screening

export const ZScreeningConfig = z.object({
  /** Minimum score (0..1) to qualify. */
  passThreshold: z.number().min(0).max(1).default(0.8),
  maxAttempts: z.number().int().min(1).max(20).default(2),
  /** Null: no time limit. */
  timeLimitSeconds: z.number().int().min(30).max(86_400).nullable().default(null),
  /** Tell the labeler which questions they got right (never the gold answers). */
  showFeedback: z.boolean().default(true),
  enabled: z.boolean().default(true),
});
export type TScreeningConfig = z.infer<typeof ZScreeningConfig>;
export type TScreeningConfigInput = z.input<typeof ZScreeningConfig>;

export const ZScreeningTest = ZScreeningConfig.extend({
  /** Whether the project has a screening test at all (false: these are the defaults, disabled). */
  configured: z.boolean(),
  /** Items with role SCREENING, and how many of them have gold (only those are in the test). */
  items: z.number().int(),
  itemsWithGold: z.number().int(),
  updatedAt: z.iso.datetime().nullable(),
});
export type TScreeningTest = z.infer<typeof ZScreeningTest>;

export const ZScreeningAttemptStatus = z.enum(["IN_PROGRESS", "PASSED", "FAILED", "EXPIRED"]);

/** A labeler's own view of their screening: never any gold. */
export const ZScreeningMe = z.object({
  projectId: z.uuid(),
  enabled: z.boolean(),
  status: ZMemberStatus,
  attemptsUsed: z.number().int(),
  attemptsLeft: z.number().int(),
  maxAttempts: z.number().int(),
  passThreshold: z.number(),
  timeLimitSeconds: z.number().int().nullable(),
  lastScore: z.number().nullable(),
  lastAttemptStatus: ZScreeningAttemptStatus.nullable(),
  inProgress: z.object({ attemptId: z.uuid(), startedAt: z.iso.datetime(), expiresAt: z.iso.datetime().nullable() }).nullable(),
});
export type TScreeningMe = z.infer<typeof ZScreeningMe>;

/** The test as the labeler takes it: items shaped like a task's, with the form; no gold, role or flags. */
export const ZScreeningAttempt = z.object({
  attemptId: z.uuid(),
  projectId: z.uuid(),
  attempt: z.number().int(),
  startedAt: z.iso.datetime(),
  expiresAt: z.iso.datetime().nullable(),
  form: ZTask.shape.form,
  tasks: z.array(z.object({ item: ZTask.shape.item, pairs: ZTask.shape.pairs })),
});
export type TScreeningAttempt = z.infer<typeof ZScreeningAttempt>;

export const ZSubmitScreeningRequest = z.object({
  /** Answers per item id, each keyed by question id like a task submit. Items left out score 0. */
  answers: z.record(z.uuid(), z.record(z.string(), z.unknown())),
});
export type TSubmitScreeningRequest = z.infer<typeof ZSubmitScreeningRequest>;

export const ZScreeningResult = z.object({
  attemptId: z.uuid(),
  status: ZScreeningAttemptStatus,
  /** Null when the attempt expired before it was submitted. */
  score: z.number().nullable(),
  passThreshold: z.number(),
  passed: z.boolean(),
  memberStatus: ZMemberStatus,
  attemptsUsed: z.number().int(),
  attemptsLeft: z.number().int(),
  /** Only when the test shows feedback: right or wrong per question, never the gold answer. */
  feedback: z
    .array(z.object({ itemId: z.uuid(), questions: z.array(z.object({ questionId: z.string(), correct: z.boolean() })) }))
    .nullable(),
});
export type TScreeningResult = z.infer<typeof ZScreeningResult>;

// ---------------------------------------------------------------- members and tiers

export const ZMemberParams = z.object({ id: z.uuid(), userId: z.uuid() });

export const ZSetMemberStatusRequest = z.object({
  status: ZMemberStatus.exclude(["SCREENING"]),
  reason: z.string().trim().min(1).max(1000),
});
export type TSetMemberStatusRequest = z.infer<typeof ZSetMemberStatusRequest>;

export const ZMemberQuality = z.object({
  userId: z.uuid(),
  email: z.string(),
  name: z.string(),
  kind: ZUserKind,
  status: ZMemberStatus,
  goldAgreement: z.number().nullable(),
  goldCount: z.number().int(),
  peerAgreement: z.number().nullable(),
  updatedAt: z.iso.datetime(),
});
export type TMemberQuality = z.infer<typeof ZMemberQuality>;

export const ZTierChange = z.object({
  userId: z.uuid(),
  from: ZMemberStatus,
  to: ZMemberStatus,
  reason: z.string(),
  changedById: z.uuid().nullable(),
  createdAt: z.iso.datetime(),
});
export type TTierChange = z.infer<typeof ZTierChange>;

export const ZMemberQualityList = z.object({ members: z.array(ZMemberQuality), recentChanges: z.array(ZTierChange) });

export const ZRecomputeResult = z.object({ members: z.number().int(), changes: z.array(ZTierChange) });
export type TRecomputeResult = z.infer<typeof ZRecomputeResult>;

// ---------------------------------------------------------------- agreement report

const boolString = z
  .enum(["true", "false"])
  .default("false")
  .transform((v) => v === "true");

export const ZAgreementQuery = z.object({
  /** Questions come from this form version (default: the latest); answers to other versions count where a question id keeps its type. */
  formVersion: z.coerce.number().int().min(1).max(2_147_483_647).optional(), // a Postgres int: larger values are a 400, not a 500
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** Bootstrap resamples for the confidence intervals; 0 skips them. */
  iterations: z.coerce.number().int().min(0).max(10_000).default(1000),
  seed: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .default(1),
  /** Ignore the cached report. */
  refresh: boolString,
});
export type TAgreementQuery = z.infer<typeof ZAgreementQuery>;

export const ZAlphaResult = z.object({
  /** Null when undefined for these data (see `reason`). */
  alpha: z.number().nullable(),
  ci: z.object({ lower: z.number(), upper: z.number(), iterations: z.number().int() }).nullable(),
  /** Pairable units (two or more values) and the values in them. */
  units: z.number().int(),
  values: z.number().int(),
  reason: z.string().nullable(),
});
export type TAlphaResult = z.infer<typeof ZAlphaResult>;

const ZLevel = z.enum(["nominal", "ordinal", "interval"]);

export const ZAgreementQuestion = z.object({
  questionId: z.string(),
  type: z.string(),
  title: z.string(),
  criterion: z.string().nullable(),
  level: ZLevel,
  human: ZAlphaResult,
  ai: ZAlphaResult,
  /** α between the human consensus and the AI consensus on units both answered. */
  aiVsHuman: ZAlphaResult,
  /** Answers per label: rating value, choice option, rule verdict, step label, pairwise value, number of ranking tiers. */
  distribution: z.object({ human: z.record(z.string(), z.number().int()), ai: z.record(z.string(), z.number().int()) }),
});

export const ZAgreementCriterion = z.object({
  criterion: z.string(),
  level: ZLevel,
  questions: z.array(z.string()),
  human: ZAlphaResult,
  ai: ZAlphaResult,
  aiVsHuman: ZAlphaResult,
});

export const ZLabelerAgreement = z.object({
  userId: z.uuid(),
  name: z.string(),
  email: z.string(),
  kind: ZUserKind,
  status: ZMemberStatus.nullable(),
  annotations: z.number().int(),
  medianDurationMs: z.number().nullable(),
  /** Rolling gold agreement and gold items scored, as kept on the membership. */
  goldAgreement: z.number().nullable(),
  goldCount: z.number().int(),
  /** Against the consensus of the other labelers of the same kind, over shared items in this report. */
  peerAgreement: z.number().nullable(),
  peerItems: z.number().int(),
  positionBias: z.object({
    rankings: z.number().int(),
    /** Share of ranking answers that put the response shown first in the top tier... */
    firstInTop: z.number().nullable(),
    /** ...and the share expected by chance (top-tier size / K, i.e. 1/K without ties). */
    expected: z.number().nullable(),
  }),
});
export type TLabelerAgreement = z.infer<typeof ZLabelerAgreement>;

export const ZAgreementTrend = z.object({
  /** Monday (UTC) of the week in which the item got its first answer. */
  week: z.string(),
  criterion: z.string(),
  level: ZLevel,
  human: z.object({ alpha: z.number().nullable(), units: z.number().int() }),
  ai: z.object({ alpha: z.number().nullable(), units: z.number().int() }),
});

export const ZAgreementReport = z.object({
  projectId: z.uuid(),
  formVersion: z.number().int(),
  generatedAt: z.iso.datetime(),
  computeMs: z.number(),
  cached: z.boolean(),
  filters: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
  bootstrap: z.object({ iterations: z.number().int(), seed: z.number().int(), confidence: z.number() }),
  counts: z.object({ annotations: z.number().int(), items: z.number().int(), human: z.number().int(), ai: z.number().int() }),
  questions: z.array(ZAgreementQuestion),
  criteria: z.array(ZAgreementCriterion),
  labelers: z.object({ human: z.array(ZLabelerAgreement), ai: z.array(ZLabelerAgreement) }),
  trends: z.array(ZAgreementTrend),
});
export type TAgreementReport = z.infer<typeof ZAgreementReport>;
