import { z } from "zod";
import { ZMessage, ZResponse } from "../items.ts";

/**
 * One zod schema per export row type: the contract the files keep and the tests check every written
 * line against. `.strict()` so that a stray field fails loudly instead of reaching a trainer.
 *
 * Field names are the trainers' own:
 * - TRL: huggingface/trl `docs/source/dataset_formats.md` (preference, unpaired preference, stepwise
 *   supervision; standard and conversational), `trl/trainer/reward_trainer.py` (`margin`, read by
 *   `DataCollatorForPreference` and subtracted inside the loss), `trl/data_utils.py`
 *   (`unpair_preference_dataset`), `trl/trainer/prm_trainer.py` (`completions`, `labels`).
 * - OpenRLHF: `openrlhf/datasets/reward_dataset.py` (`preprocess_data` reads `data[prompt_key]`,
 *   `data[chosen_key]`, `data[rejected_key]` and `data["margin"]`), `openrlhf/cli/train_rm.py` flags.
 * - HH-RLHF: Anthropic/hh-rlhf rows are `{chosen, rejected}` transcripts; TRL's
 *   `examples/datasets/hh-rlhf-helpful-base.py` splits them on "\n\nHuman: " / "\n\nAssistant: ".
 */

const ZAssistantTurn = z.array(z.object({ role: z.literal("assistant"), content: z.string() }).strict()).length(1);
const ZConversation = z.array(ZMessage.strict()).min(2);
const ZMargin = z.number().finite();

/** TRL preference, conversational, explicit prompt (the default). */
export const ZTrlPreferenceConversationalRow = z
  .object({ prompt: z.array(ZMessage.strict()).min(1), chosen: ZAssistantTurn, rejected: ZAssistantTurn, margin: ZMargin.optional() })
  .strict();
/** TRL preference, conversational, implicit prompt: the prompt turns open both chosen and rejected. */
export const ZTrlPreferenceConversationalImplicitRow = z
  .object({ chosen: ZConversation, rejected: ZConversation, margin: ZMargin.optional() })
  .strict();
/** TRL preference, standard (plain strings), explicit prompt. */
export const ZTrlPreferenceStandardRow = z
  .object({ prompt: z.string(), chosen: z.string(), rejected: z.string(), margin: ZMargin.optional() })
  .strict();
/** TRL preference, standard, implicit prompt. */
export const ZTrlPreferenceStandardImplicitRow = z
  .object({ chosen: z.string(), rejected: z.string(), margin: ZMargin.optional() })
  .strict();

/** TRL unpaired preference (KTOTrainer/BCOTrainer). */
export const ZTrlUnpairedConversationalRow = z
  .object({ prompt: z.array(ZMessage.strict()).min(1), completion: ZAssistantTurn, label: z.boolean() })
  .strict();
export const ZTrlUnpairedStandardRow = z.object({ prompt: z.string(), completion: z.string(), label: z.boolean() }).strict();

/** TRL stepwise supervision (PRMTrainer): standard format only — the trainer tokenises `prompt` as a string. */
export const ZTrlStepwiseRow = z
  .object({ prompt: z.string(), completions: z.array(z.string()).min(1), labels: z.array(z.boolean()).min(1) })
  .strict()
  .refine((r) => r.completions.length === r.labels.length, "one label per step");

/** OpenRLHF reward-model row with the default keys (`--prompt_key prompt`; chosen/rejected are the flag defaults). */
export function openRlhfRowSchema(
  keys: { prompt: string; chosen: string; rejected: string },
  opts: { style: "conversational" | "standard"; prompt: "explicit" | "implicit" },
) {
  const turn = opts.style === "conversational" ? (opts.prompt === "explicit" ? ZAssistantTurn : ZConversation) : z.string();
  const shape: Record<string, z.ZodType> = { [keys.chosen]: turn, [keys.rejected]: turn, margin: ZMargin.optional() };
  if (opts.prompt === "explicit") shape[keys.prompt] = opts.style === "conversational" ? z.array(ZMessage.strict()).min(1) : z.string();
  return z.object(shape).strict();
}

/** HH-RLHF: whole transcripts, both starting with the same "\n\nHuman: " prompt and ending in an assistant turn. */
export const ZHhRlhfRow = z
  .object({
    chosen: z.string().includes("\n\nHuman: ").includes("\n\nAssistant: "),
    rejected: z.string().includes("\n\nHuman: ").includes("\n\nAssistant: "),
  })
  .strict();

/** One row per (item, response, criterion): the mean of that response's rating-question scores. */
export const ZRatingsRow = z
  .object({
    external_id: z.string(),
    prompt: z.array(ZMessage.strict()).min(1),
    response_id: z.string(),
    model: z.string().nullable(),
    response: z.string(),
    criterion: z.string().nullable(),
    mean: z.number().finite(),
    count: z.number().int().min(1),
  })
  .strict();

/** One row per (item, response, rule): the majority verdict (null on a tie for the lead) and the vote counts. */
export const ZRulesRow = z
  .object({
    external_id: z.string(),
    prompt: z.array(ZMessage.strict()).min(1),
    response_id: z.string(),
    model: z.string().nullable(),
    response: z.string(),
    question_id: z.string(),
    rule_id: z.string(),
    rule: z.string(),
    criterion: z.string().nullable(),
    verdict: z.enum(["yes", "no", "unsure"]).nullable(),
    yes: z.number().int().min(0),
    no: z.number().int().min(0),
    unsure: z.number().int().min(0),
    count: z.number().int().min(1),
  })
  .strict();

/** Every annotation as answered. The labeler is a stable per-project pseudonym: never an id or an email. */
export const ZRawRow = z
  .object({
    annotation_id: z.uuid(),
    external_id: z.string(),
    prompt: z.array(ZMessage.strict()).min(1),
    responses: z.array(ZResponse),
    labeler: z.string().regex(/^lab_[0-9a-f]{16}$/),
    labeler_kind: z.enum(["HUMAN", "AI"]),
    tier: z.string().nullable(),
    form_version: z.number().int().nullable(),
    display_order: z.array(z.string()),
    duration_ms: z.number().int().nullable(),
    created_at: z.iso.datetime(),
    answers: z.record(z.string(), z.unknown()),
  })
  .strict();
