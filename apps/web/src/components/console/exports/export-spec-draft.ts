import { type TExportFormat, type TExportSpec, type TExportSpecInput, ZExportSpec } from "@rankwise/shared";
import { type TFieldErrors, toFieldErrors } from "../field-errors.ts";

/**
 * The export form's model. Percentages and dates are kept as people type them and converted to
 * the API's ZExportSpec (fractions, ISO datetimes) in one place, which also validates.
 */
export type TSpecDraft = {
  format: TExportFormat;
  /** "*": every question; "": questions without a criterion; otherwise a criterion id. */
  criterion: string;
  labelerKind: "HUMAN" | "AI" | "ALL";
  minTier: "" | "QUALIFIED" | "SUPER_RATER";
  /** Percent, "" for no minimum. */
  minGoldAgreement: string;
  excludeHoneypots: boolean;
  pairs: TExportSpec["pairs"];
  keepTies: boolean;
  ratingGap: number;
  aggregation: TExportSpec["aggregation"];
  minAnnotators: number;
  dedupe: boolean;
  /** Percent of rows per split. */
  train: number;
  test: number;
  validation: number;
  seed: number;
  style: TExportSpec["style"];
  prompt: TExportSpec["prompt"];
  includeMargin: boolean;
  keyPrompt: string;
  keyChosen: string;
  keyRejected: string;
  gzip: boolean;
  /** datetime-local values, "" for open-ended. */
  from: string;
  to: string;
};

export const ALL_CRITERIA = "*";

export const DEFAULT_DRAFT: TSpecDraft = {
  format: "trl-preference",
  criterion: ALL_CRITERIA,
  labelerKind: "HUMAN",
  minTier: "",
  minGoldAgreement: "",
  excludeHoneypots: true,
  pairs: "all",
  keepTies: false,
  ratingGap: 0,
  aggregation: "none",
  minAnnotators: 1,
  dedupe: true,
  train: 90,
  test: 10,
  validation: 0,
  seed: 42,
  style: "conversational",
  prompt: "explicit",
  includeMargin: false,
  keyPrompt: "prompt",
  keyChosen: "chosen",
  keyRejected: "rejected",
  gzip: false,
  from: "",
  to: "",
};

export const FORMATS: Record<TExportFormat, { label: string; rows: string; trainer: string }> = {
  "trl-preference": { label: "TRL preference", rows: "prompt · chosen · rejected", trainer: "TRL RewardTrainer / DPOTrainer" },
  "trl-unpaired": { label: "TRL unpaired", rows: "prompt · completion · label", trainer: "TRL KTOTrainer / BCOTrainer" },
  "trl-stepwise": { label: "TRL stepwise", rows: "prompt · completions · labels", trainer: "TRL PRMTrainer" },
  openrlhf: { label: "OpenRLHF", rows: "prompt · chosen · rejected (keys configurable)", trainer: "openrlhf.cli.train_rm" },
  "hh-rlhf": { label: "HH-RLHF", rows: "chosen · rejected transcripts", trainer: "RewardTrainer (implicit prompt)" },
  ratings: { label: "Ratings", rows: "one row per rating", trainer: "regression / analysis" },
  rules: { label: "Rules", rows: "one row per rule verdict", trainer: "rule-based reward models" },
  raw: { label: "Raw answers", rows: "every answer as stored", trainer: "your own pipeline" },
};

/** Which settings mean something for a format; the rest are hidden rather than silently ignored. */
export function formatUses(format: TExportFormat) {
  const pairwise = format === "trl-preference" || format === "trl-unpaired" || format === "openrlhf" || format === "hh-rlhf";
  return {
    pairs: pairwise,
    keepTies: format === "trl-preference" || format === "openrlhf",
    style: format === "trl-preference" || format === "openrlhf",
    prompt: format === "trl-preference",
    margin: format === "trl-preference" || format === "openrlhf",
    keys: format === "openrlhf",
  };
}

function toIso(local: string): string | undefined {
  if (!local) return undefined;
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? "invalid" : d.toISOString();
}

export function toSpecInput(d: TSpecDraft): TExportSpecInput {
  const uses = formatUses(d.format);
  const gold = d.minGoldAgreement.trim();
  return {
    format: d.format,
    ...(d.criterion === ALL_CRITERIA ? {} : { criterion: d.criterion === "" ? null : d.criterion }),
    labelerKind: d.labelerKind,
    ...(d.minTier ? { minTier: d.minTier } : {}),
    ...(gold ? { minGoldAgreement: Number(gold) / 100 } : {}),
    excludeHoneypots: d.excludeHoneypots,
    ...(uses.pairs
      ? {
          pairs: d.pairs,
          keepTies: uses.keepTies && d.keepTies,
          ratingGap: d.ratingGap,
          aggregation: d.aggregation,
          minAnnotators: d.minAnnotators,
        }
      : {}),
    dedupe: d.dedupe,
    split: { train: d.train / 100, test: d.test / 100, validation: d.validation / 100 },
    seed: d.seed,
    ...(uses.style ? { style: d.style } : {}),
    ...(uses.prompt ? { prompt: d.prompt } : {}),
    ...(uses.margin ? { includeMargin: d.includeMargin } : {}),
    ...(uses.keys ? { keys: { prompt: d.keyPrompt, chosen: d.keyChosen, rejected: d.keyRejected } } : {}),
    gzip: d.gzip,
    ...(toIso(d.from) ? { from: toIso(d.from) } : {}),
    ...(toIso(d.to) ? { to: toIso(d.to) } : {}),
  };
}

/** The spec to send, or field errors keyed like the draft's fields. */
export function validateSpec(d: TSpecDraft): { spec: TExportSpec | null; errors: TFieldErrors } {
  const parsed = ZExportSpec.safeParse(toSpecInput(d));
  if (parsed.success) return { spec: parsed.data, errors: {} };
  return { spec: null, errors: draftErrors(toFieldErrors(parsed.error.issues)) };
}

/** Spec paths → draft fields (split.train → train, keys.prompt → keyPrompt…). */
export function draftErrors(errors: TFieldErrors): TFieldErrors {
  const rename: Record<string, string> = {
    "split.train": "train",
    "split.test": "test",
    "split.validation": "validation",
    "keys.prompt": "keyPrompt",
    "keys.chosen": "keyChosen",
    "keys.rejected": "keyRejected",
  };
  const out: TFieldErrors = {};
  for (const [k, v] of Object.entries(errors)) {
    const key = rename[k] ?? k;
    out[key] = [
      ...(out[key] ?? []),
      ...v.map((m) =>
        key === "minGoldAgreement"
          ? "Between 0 and 100"
          : key === "from" || key === "to"
            ? m.startsWith("Invalid")
              ? "Enter a date and time"
              : m
            : m,
      ),
    ];
  }
  return out;
}

/** A short description of what an export contains, for lists. */
export function describeSpec(spec: TExportSpec, criteriaNames: Record<string, string> = {}): string {
  const criterion =
    spec.criterion === undefined
      ? "all criteria"
      : spec.criterion === null
        ? "no criterion"
        : (criteriaNames[spec.criterion] ?? spec.criterion);
  const who = spec.labelerKind === "ALL" ? "humans + AI" : spec.labelerKind === "AI" ? "AI" : "humans";
  return `${criterion} · ${who}`;
}

export function splitText(spec: TExportSpec): string {
  const parts = [`${Math.round(spec.split.train * 100)}% train`];
  if (spec.split.test > 0) parts.push(`${Math.round(spec.split.test * 100)}% test`);
  if (spec.split.validation > 0) parts.push(`${Math.round(spec.split.validation * 100)}% validation`);
  return `${parts.join(" / ")} · seed ${spec.seed}`;
}
