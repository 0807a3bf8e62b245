import type { TExportSpec } from "../exports.ts";
import type { TPreference } from "./aggregate.ts";
import type { ItemView } from "./item-view.ts";

/**
 * Row formatters: each returns JSONL lines (without the newline) built from pre-serialised fragments,
 * with keys in a fixed order so the same input always gives the same bytes. The shapes are pinned by the
 * schemas in `row-schemas.ts`; docs/exports.md shows an example of each.
 */

type TShape = Pick<TExportSpec, "style" | "prompt" | "includeMargin" | "keys">;

function marginField(p: TPreference, withMargin: boolean): string {
  return withMargin ? `,"margin":${p.margin}` : "";
}

/** The chosen/rejected value of a pair row in the requested style. */
function side(view: ItemView, id: string, shape: TShape): string {
  if (shape.style === "conversational") {
    return shape.prompt === "explicit" ? `[${view.assistantTurn(id)}]` : `[${view.promptInner},${view.assistantTurn(id)}]`;
  }
  return shape.prompt === "explicit" ? view.contentJson(id) : JSON.stringify(`${view.promptText}\n\n${view.content(id)}`);
}

function promptValue(view: ItemView, shape: TShape): string {
  return shape.style === "conversational" ? view.promptJson : view.promptTextJson;
}

/**
 * TRL preference rows (RewardTrainer, DPOTrainer, …): `{prompt, chosen, rejected[, margin]}` or, with an
 * implicit prompt, `{chosen, rejected[, margin]}` where both open with the prompt turns.
 * huggingface/trl `docs/source/dataset_formats.md` § Preference; `margin` per `trl/trainer/reward_trainer.py`.
 */
export function trlPreferenceRow(view: ItemView, p: TPreference, shape: TShape, withMargin: boolean): string {
  const head = shape.prompt === "explicit" ? `{"prompt":${promptValue(view, shape)},` : "{";
  return `${head}"chosen":${side(view, p.chosen, shape)},"rejected":${side(view, p.rejected, shape)}${marginField(p, withMargin)}}`;
}

/**
 * OpenRLHF reward-model rows: the same content under the keys passed to `--prompt_key/--chosen_key/
 * --rejected_key`; `margin` is read by name when training with `--margin_loss`.
 * OpenRLHF `openrlhf/datasets/reward_dataset.py` (`preprocess_data`), `openrlhf/cli/train_rm.py`.
 * Conversational rows need `--apply_chat_template` (the prompt and reply lists are concatenated).
 */
export function openRlhfRow(view: ItemView, p: TPreference, shape: TShape, withMargin: boolean): string {
  const k = shape.keys;
  const head = shape.prompt === "explicit" ? `{${JSON.stringify(k.prompt)}:${promptValue(view, shape)},` : "{";
  return `${head}${JSON.stringify(k.chosen)}:${side(view, p.chosen, shape)},${JSON.stringify(k.rejected)}:${side(view, p.rejected, shape)}${marginField(p, withMargin)}}`;
}

/** Anthropic HH-RLHF rows: two full transcripts ending in the chosen and the rejected assistant turn. */
export function hhRlhfRow(view: ItemView, p: TPreference): string {
  const chosen = JSON.stringify(`${view.hhPrompt}\n\nAssistant: ${view.content(p.chosen)}`);
  const rejected = JSON.stringify(`${view.hhPrompt}\n\nAssistant: ${view.content(p.rejected)}`);
  return `{"chosen":${chosen},"rejected":${rejected}}`;
}

/**
 * TRL unpaired preference rows (KTOTrainer, BCOTrainer): each pair becomes two rows, the chosen
 * completion labelled true and the rejected one false — exactly what TRL's `unpair_preference_dataset`
 * (`trl/data_utils.py`, `_unpair_row`: `"label": [True] * n + [False] * n`) does to a preference dataset.
 */
export function trlUnpairedRows(view: ItemView, p: TPreference, shape: TShape): [string, string] {
  const prompt = promptValue(view, shape);
  const completion = (id: string) => (shape.style === "conversational" ? `[${view.assistantTurn(id)}]` : view.contentJson(id));
  return [
    `{"prompt":${prompt},"completion":${completion(p.chosen)},"label":true}`,
    `{"prompt":${prompt},"completion":${completion(p.rejected)},"label":false}`,
  ];
}

/**
 * Step labels as PRM training labels. +1 → true, −1 → false, and 0 (PRM800K's "neutral") → false,
 * as TRL's own PRM800K conversion does (`examples/datasets/prm800k.py`: `label = completion["rating"] == 1`).
 * The steps stop at the first −1, inclusive: PRM800K labeling ends there, and steps after a wrong one
 * were never judged on their own.
 */
export function stepwiseLabels(labels: readonly (1 | 0 | -1)[]): boolean[] {
  const out: boolean[] = [];
  for (const l of labels) {
    out.push(l === 1);
    if (l === -1) break;
  }
  return out;
}

/** TRL stepwise supervision row (PRMTrainer): `{prompt, completions, labels}`, standard format. */
export function trlStepwiseRow(view: ItemView, steps: readonly string[], labels: readonly boolean[]): string {
  return `{"prompt":${view.promptTextJson},"completions":${JSON.stringify(steps)},"labels":${JSON.stringify(labels)}}`;
}
