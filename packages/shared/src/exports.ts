import { z } from "zod";

/**
 * Output formats. Field names follow the trainers' own documentation:
 * - trl-preference: TRL preference datasets (`prompt`/`chosen`/`rejected`, optional `margin` read by RewardTrainer)
 *                   — huggingface/trl `docs/source/dataset_formats.md` ("Preference"), `trl/trainer/reward_trainer.py`
 * - trl-unpaired:   TRL unpaired preference (KTO/BCO): `prompt`/`completion`/`label`, each pair unpaired the way
 *                   TRL's `unpair_preference_dataset` does (`trl/data_utils.py`): chosen → true, rejected → false
 * - trl-stepwise:   TRL stepwise supervision (PRMTrainer): `prompt`/`completions`/`labels`
 *                   — `docs/source/dataset_formats.md` ("Stepwise supervision"), `trl/trainer/prm_trainer.py`
 * - openrlhf:       OpenRLHF reward-model datasets (`--prompt_key`, `--chosen_key`, `--rejected_key`, `margin`)
 *                   — OpenRLHF/OpenRLHF `openrlhf/datasets/reward_dataset.py`, `openrlhf/cli/train_rm.py`
 * - hh-rlhf:        Anthropic HH-RLHF style transcripts (`chosen`/`rejected`, "\n\nHuman: …\n\nAssistant: …")
 * - ratings, rules, raw: Rankwise's own row types (see docs/exports.md)
 * The row shapes are pinned by the zod schemas in `export/row-schemas.ts`.
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
    /**
     * Keep ties as rows where the format has them (trl-preference/openrlhf, with margin 0); dropped otherwise.
     * Neither trainer models ties, so tie rows always carry the `margin` column (0) to be told apart:
     * keepTies implies includeMargin for those formats. Votes are always tie-aware when aggregating.
     */
    keepTies: z.boolean().default(false),
    /** Rating questions yield a pair when two responses' scores differ by at least this (0 = never). */
    ratingGap: z.number().min(0).max(100).default(0),
    aggregation: z.enum(AGGREGATIONS).default("none"),
    /**
     * Majority vote: minimum distinct annotations that compared the pair. Bradley-Terry: minimum distinct
     * annotations with a comparison on the item (per criterion). Ignored without aggregation.
     */
    minAnnotators: z.number().int().min(1).max(100).default(1),
    /** Drop rows repeating an earlier (prompt, chosen, rejected) — or (prompt, steps, labels) for trl-stepwise. */
    dedupe: z.boolean().default(true),

    // Split
    split: z
      .object({ train: ZFraction, test: ZFraction, validation: ZFraction.default(0) })
      .refine((s) => Math.abs(s.train + s.test + s.validation - 1) < 1e-9, "split fractions must sum to 1")
      .default({ train: 1, test: 0, validation: 0 }),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 31 - 1)
      .default(42),

    // Shape
    /** trl-preference/openrlhf: message lists (conversational) or plain strings (standard). */
    style: z.enum(["conversational", "standard"]).default("conversational"),
    /** trl-preference: a separate `prompt` field (explicit) or the prompt repeated inside chosen/rejected (implicit). */
    prompt: z.enum(["explicit", "implicit"]).default("explicit"),
    includeMargin: z.boolean().default(false),
    /** openrlhf key names, as its --prompt_key / --chosen_key / --rejected_key flags. */
    keys: z
      .object({
        prompt: z.string().min(1).max(40).default("prompt"),
        chosen: z.string().min(1).max(40).default("chosen"),
        rejected: z.string().min(1).max(40).default("rejected"),
      })
      .default({ prompt: "prompt", chosen: "chosen", rejected: "rejected" }),
    /** Write `<split>.jsonl.gz` (deterministic gzip: no name, no mtime) instead of `<split>.jsonl`. */
    gzip: z.boolean().default(false),
  })
  .refine((s) => !s.from || !s.to || s.from <= s.to, { message: "from must be before to", path: ["to"] })
  .refine((s) => new Set([s.keys.prompt, s.keys.chosen, s.keys.rejected, "margin"]).size === 4, {
    message: 'openrlhf keys must be distinct and not "margin"',
    path: ["keys"],
  });
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

/** The key rows without a criterion are counted under in `criteria` (not a valid criterion id). */
export const NO_CRITERION = "(none)";

/** What an export (or its preview) contains. */
export const ZExportCounts = z.object({
  /** Annotations that passed the filters and were read. */
  annotations: z.number().int(),
  /** Items with at least one such annotation. */
  items: z.number().int(),
  /** Lines written, over all splits. */
  rows: z.number().int(),
  /** Preferences emitted (pair formats; trl-unpaired writes two rows per pair). */
  pairs: z.number().int(),
  /** Tie rows among them (keepTies). */
  ties: z.number().int(),
  /** Rows dropped as repeats of an earlier row (dedupe). */
  duplicates: z.number().int(),
  splits: z.object({ train: z.number().int(), test: z.number().int(), validation: z.number().int() }),
  /** Rows per criterion; rows of questions without a criterion count under "(none)". */
  criteria: z.record(z.string(), z.number().int()),
  /** Distinct labelers whose annotations were read, by kind. */
  labelers: z.object({ HUMAN: z.number().int(), AI: z.number().int() }),
});
export type TExportCounts = z.infer<typeof ZExportCounts>;

export const ZExport = z.object({
  id: z.uuid(),
  projectId: z.uuid(),
  spec: ZExportSpec,
  status: ZExportStatus,
  progress: z.number().min(0).max(1),
  rowsDone: z.number().int(),
  rowsTotal: z.number().int().nullable(),
  /** Flat totals: annotations, items, rows, pairs, ties, duplicates and rows per split (train/test/validation). */
  counts: z.record(z.string(), z.number()),
  /** Rows per criterion (see {@link ZExportCounts}). */
  criteria: z.record(z.string(), z.number()),
  /** Distinct labelers by kind. */
  labelers: z.record(z.string(), z.number()),
  /** Data files (one per non-empty split); manifest.json and README.md sit beside them. */
  files: z.array(ZExportFile),
  /** Digest of the data files (sha256 of their sorted `sha256  name` lines): equal for equal data + spec. */
  sha256: z.string().nullable(),
  error: z.string().nullable(),
  /** Where the files are: "local" (EXPORT_DIR) or "s3". */
  storage: z.string(),
  createdAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
});
export type TExport = z.infer<typeof ZExport>;

export const ZExportList = z.object({ exports: z.array(ZExport) });

/** POST /projects/:id/exports/preview: the counts the export would have, without writing files. */
export const ZExportPreview = z.object({
  /** False when the preview stopped at its annotation budget; counts then cover the annotations scanned. */
  complete: z.boolean(),
  annotationsScanned: z.number().int(),
  annotationsTotal: z.number().int(),
  counts: ZExportCounts,
});
export type TExportPreview = z.infer<typeof ZExportPreview>;

export const MANIFEST_SCHEMA_VERSION = 1;

/** manifest.json, written beside the data files. */
export const ZExportManifest = z.object({
  schema_version: z.literal(MANIFEST_SCHEMA_VERSION),
  app: z.object({ name: z.literal("rankwise"), version: z.string() }),
  export_id: z.uuid(),
  project_id: z.uuid(),
  /** The export's own creation time (from its row), so rebuilding the same export gives the same bytes. */
  created_at: z.iso.datetime(),
  format: ZExportFormat,
  spec: ZExportSpec,
  counts: ZExportCounts,
  files: z.array(ZExportFile),
  /** Same as the export's sha256: the digest of the data files. */
  digest: z.string(),
});
export type TExportManifest = z.infer<typeof ZExportManifest>;

/** GET /exports/:id/url */
export const ZExportUrl = z.object({
  url: z.string(),
  storage: z.string(),
  /** When a presigned URL stops working; null for the API's own download URL. */
  expiresAt: z.iso.datetime().nullable(),
});

/** The job payload on the `exports` queue; versioned so old jobs fail loudly, not silently. */
export const ZExportJob = z.object({ v: z.literal(1), exportId: z.uuid() });
export type TExportJob = z.infer<typeof ZExportJob>;
