import { z } from "zod";

/**
 * Output formats. Field names follow the trainers' own documentation:
 * - trl-preference: TRL preference datasets (`prompt`/`chosen`/`rejected`, optional `margin` read by RewardTrainer)
 * - trl-unpaired:   TRL unpaired preference (KTO): `prompt`/`completion`/`label`
 * - trl-stepwise:   TRL stepwise supervision (PRM): `prompt`/`completions`/`labels`
 * - openrlhf:       OpenRLHF reward-model datasets (`--prompt_key`, `--chosen_key`, `--rejected_key`, optional margin)
 * - hh-rlhf:        Anthropic HH-RLHF style transcripts (`chosen`/`rejected`)
 * - ratings, rules, raw: Rankwise's own row types (see docs/exports.md)
 */
export const EXPORT_FORMATS = ["trl-preference", "trl-unpaired", "trl-stepwise", "openrlhf", "hh-rlhf", "ratings", "rules", "raw"] as const;
export const ZExportFormat = z.enum(EXPORT_FORMATS);
export type TExportFormat = z.infer<typeof ZExportFormat>;

export const PAIR_STRATEGIES = ["all", "best-vs-rest", "adjacent", "best-vs-worst"] as const;
export const AGGREGATIONS = ["none", "majority", "bradley-terry"] as const;

const ZFraction = z.number().min(0).max(1);

export const ZExportSpec = z
  .object({
    format: ZExportFormat.default("trl-preference"),

    // What
    /** One reward model per criterion: only questions tied to this criterion (null: questions without one). */
    criterion: z.string().max(40).nullable().optional(),
    /** Only these question ids (default: every question that feeds the format). */
    questions: z.array(z.string().max(40)).max(50).optional(),
    /** Only answers given on these form versions. */
    formVersions: z.array(z.number().int().min(1)).max(100).optional(),
    from: z.iso.datetime().optional(),
    to: z.iso.datetime().optional(),

    // Who
    labelerKind: z.enum(["HUMAN", "AI", "ALL"]).default("HUMAN"),
    minTier: z.enum(["QUALIFIED", "SUPER_RATER"]).optional(),
    /** Only labelers whose agreement with gold is at least this. */
    minGoldAgreement: ZFraction.optional(),
    excludeHoneypots: z.boolean().default(true),

    // Pairs
    pairs: z.enum(PAIR_STRATEGIES).default("all"),
    /** Keep ties as rows where the format has them (openrlhf/trl with margin 0); dropped otherwise. */
    keepTies: z.boolean().default(false),
    /** Rating questions yield a pair when two responses' scores differ by at least this (0 = never). */
    ratingGap: z.number().min(0).max(100).default(0),
    aggregation: z.enum(AGGREGATIONS).default("none"),
    /** Majority vote: minimum annotators who compared the pair. */
    minAnnotators: z.number().int().min(1).max(100).default(1),
    dedupe: z.boolean().default(true),

    // Split
    split: z
      .object({ train: ZFraction, test: ZFraction, validation: ZFraction.default(0) })
      .refine((s) => Math.abs(s.train + s.test + s.validation - 1) < 1e-9, "split fractions must sum to 1")
      .default({ train: 1, test: 0, validation: 0 }),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),

    // Shape
    /** trl-preference/openrlhf: message lists (conversational) or plain strings (standard). */
    style: z.enum(["conversational", "standard"]).default("conversational"),
    /** trl-preference: a separate `prompt` field (explicit) or the prompt repeated inside chosen/rejected (implicit). */
    prompt: z.enum(["explicit", "implicit"]).default("explicit"),
    includeMargin: z.boolean().default(false),
    /** openrlhf key names, as its --prompt_key / --chosen_key / --rejected_key flags. */
    keys: z
      .object({ prompt: z.string().min(1).max(40).default("prompt"), chosen: z.string().min(1).max(40).default("chosen"), rejected: z.string().min(1).max(40).default("rejected") })
      .default({ prompt: "prompt", chosen: "chosen", rejected: "rejected" }),
    gzip: z.boolean().default(false),
  })
  .refine((s) => !s.from || !s.to || s.from <= s.to, { message: "from must be before to", path: ["to"] });
export type TExportSpec = z.infer<typeof ZExportSpec>;
export type TExportSpecInput = z.input<typeof ZExportSpec>;

export const ZExportStatus = z.enum(["QUEUED", "RUNNING", "COMPLETED", "FAILED", "CANCELLED"]);
export type TExportStatus = z.infer<typeof ZExportStatus>;

export const ZExportFile = z.object({
  split: z.string(),
  name: z.string(),
  rows: z.number().int(),
  bytes: z.number().int(),
  sha256: z.string(),
});
export type TExportFile = z.infer<typeof ZExportFile>;

export const ZExport = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  spec: ZExportSpec,
  status: ZExportStatus,
  progress: z.number().min(0).max(1),
  rowsDone: z.number().int(),
  rowsTotal: z.number().int().nullable(),
  counts: z.record(z.string(), z.number()),
  files: z.array(ZExportFile),
  sha256: z.string().nullable(),
  error: z.string().nullable(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
});
export type TExport = z.infer<typeof ZExport>;

export const ZExportList = z.object({ exports: z.array(ZExport) });

/** The job payload on the `exports` queue; versioned so old jobs fail loudly, not silently. */
export const ZExportJob = z.object({ v: z.literal(1), exportId: z.uuid() });
export type TExportJob = z.infer<typeof ZExportJob>;
