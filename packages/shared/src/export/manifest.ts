import {
  MANIFEST_SCHEMA_VERSION,
  NO_CRITERION,
  type TExportCounts,
  type TExportFile,
  type TExportManifest,
  type TExportSpec,
} from "../exports.ts";
import type { TSplit } from "./split.ts";

/** Data file name of a split: `train.jsonl`, or `train.jsonl.gz` with gzip. */
export function splitFileName(split: TSplit | string, gzip = false): string {
  return `${split}.jsonl${gzip ? ".gz" : ""}`;
}

export const MANIFEST_FILE = "manifest.json";
export const CARD_FILE = "README.md";

/**
 * The data files' digest input: their `sha256  name` lines (sha256sum's layout) sorted by name. The
 * export's sha256 is the SHA-256 of this text, so it changes exactly when a data file does.
 */
export function digestInput(files: readonly Pick<TExportFile, "name" | "sha256">[]): string {
  return [...files]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((f) => `${f.sha256}  ${f.name}\n`)
    .join("");
}

export type TManifestInput = {
  exportId: string;
  projectId: string;
  /** The export row's created_at, not the build time: rebuilding an export gives the same manifest. */
  createdAt: string;
  appVersion: string;
  spec: TExportSpec;
  counts: TExportCounts;
  files: TExportFile[];
  digest: string;
};

/** manifest.json's content: what was exported, how, how much, and the checksum of every file. */
export function buildManifest(input: TManifestInput): TExportManifest {
  return {
    schema_version: MANIFEST_SCHEMA_VERSION,
    app: { name: "rankwise", version: input.appVersion },
    export_id: input.exportId,
    project_id: input.projectId,
    created_at: input.createdAt,
    format: input.spec.format,
    spec: input.spec,
    counts: input.counts,
    files: input.files,
    digest: input.digest,
  };
}

/** Pretty JSON with a trailing newline: the bytes manifest.json holds. */
export function serializeManifest(manifest: TExportManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** A YAML scalar: JSON strings are valid YAML double-quoted scalars, so no YAML library is needed. */
const q = (s: string) => JSON.stringify(s);

const FORMAT_BLURB: Record<TExportSpec["format"], string> = {
  "trl-preference": "TRL preference rows (`prompt`/`chosen`/`rejected`) for `RewardTrainer`, `DPOTrainer` and friends.",
  "trl-unpaired": "TRL unpaired preference rows (`prompt`/`completion`/`label`) for `KTOTrainer`/`BCOTrainer`.",
  "trl-stepwise": "TRL stepwise supervision rows (`prompt`/`completions`/`labels`) for `PRMTrainer`.",
  openrlhf: "OpenRLHF reward-model rows (`--prompt_key`/`--chosen_key`/`--rejected_key`, optional `margin`).",
  "hh-rlhf": "Anthropic HH-RLHF style transcripts (`chosen`/`rejected`).",
  ratings: "Mean rating per (item, response, criterion).",
  rules: "Majority verdict per (item, response, rule).",
  raw: "Every annotation with all answers and pseudonymous labeler metadata.",
};

/**
 * README.md for the export folder: a Hugging Face dataset card whose YAML header maps each split to its
 * file, so `load_dataset("<folder or repo>")` picks the splits up (huggingface/hub-docs `datasetcard.md`,
 * `docs/hub/datasets-manual-configuration.md`: `configs: - config_name: default, data_files: - split, path`).
 */
export function buildDatasetCard(manifest: TExportManifest): string {
  const yaml: string[] = ["---", `pretty_name: ${q(`Rankwise export ${manifest.export_id}`)}`];
  if (manifest.files.length) {
    yaml.push("configs:", "- config_name: default", "  data_files:");
    for (const f of manifest.files) yaml.push(`  - split: ${f.split}`, `    path: ${q(f.name)}`);
  }
  yaml.push("tags:", "- rankwise", "- rlhf", `- ${q(manifest.format)}`, "---");

  const c = manifest.counts;
  const spec = manifest.spec;
  const body: string[] = [
    "",
    `# Rankwise export \`${manifest.export_id}\``,
    "",
    FORMAT_BLURB[manifest.format],
    "",
    `Exported from project \`${manifest.project_id}\` on ${manifest.created_at} by rankwise ${manifest.app.version}.`,
    "The full export spec and per-file checksums are in `manifest.json`.",
    "",
    "## Contents",
    "",
    "| split | file | rows | bytes | sha256 |",
    "| --- | --- | ---: | ---: | --- |",
    ...manifest.files.map((f) => `| ${f.split} | \`${f.name}\` | ${f.rows} | ${f.bytes} | \`${f.sha256}\` |`),
    "",
    `- annotations read: ${c.annotations} on ${c.items} items, from ${c.labelers.HUMAN} human and ${c.labelers.AI} AI labelers`,
    `- rows: ${c.rows}${c.pairs ? ` (${c.pairs} pairs, ${c.ties} ties)` : ""}; duplicates dropped: ${c.duplicates}`,
    `- rows per criterion: ${
      Object.entries(c.criteria)
        .map(([k, v]) => `${k === NO_CRITERION ? "none" : k} ${v}`)
        .join(", ") || "n/a"
    }`,
    "",
    "## How it was made",
    "",
    `- labelers: ${spec.labelerKind}${spec.minTier ? `, tier ≥ ${spec.minTier}` : ""}${spec.minGoldAgreement !== undefined ? `, gold agreement ≥ ${spec.minGoldAgreement}` : ""}; honeypots ${spec.excludeHoneypots ? "excluded" : "included"}`,
    `- pairs: ${spec.pairs}; aggregation: ${spec.aggregation}${spec.aggregation !== "none" ? ` (min ${spec.minAnnotators} annotators)` : ""}; ties ${spec.keepTies ? "kept" : "dropped"}; dedupe ${spec.dedupe ? "on" : "off"}`,
    `- split: train ${spec.split.train}, test ${spec.split.test}, validation ${spec.split.validation} by a seeded hash (seed ${spec.seed}) of the normalised prompt, so a prompt never appears in two splits`,
    "",
    "## Load",
    "",
    "```python",
    "from datasets import load_dataset",
    "",
    'ds = load_dataset("json", data_files={',
    ...manifest.files.map((f) => `    "${f.split}": "${f.name}",`),
    "})",
    "```",
    "",
  ];
  return `${yaml.join("\n")}\n${body.join("\n")}`;
}
