import type { TMessage } from "../items.ts";
import { hash52, hashToUnit } from "./hash.ts";
import { normalizePrompt } from "./prompt-text.ts";

export const SPLITS = ["train", "test", "validation"] as const;
export type TSplit = (typeof SPLITS)[number];
export type TSplitFractions = { train: number; test: number; validation: number };

/**
 * Assigns a prompt to train/test/validation by a seeded hash of its normalised text
 * ({@link normalizePrompt}): the same prompt, however it is cased or spaced, always lands in the same
 * split, so no prompt leaks from train into test. Which split a prompt gets depends only on the prompt,
 * the fractions and the seed, never on the order items are read in.
 */
export function assignSplit(messages: readonly TMessage[], fractions: TSplitFractions, seed: number): TSplit {
  return splitForUnit(hashToUnit(hash52(normalizePrompt(messages), seed)), fractions);
}

/** The split a uniform draw u ∈ [0, 1) falls in: train first, then test, then validation. */
export function splitForUnit(u: number, fractions: TSplitFractions): TSplit {
  if (u < fractions.train) return "train";
  if (u < fractions.train + fractions.test) return "test";
  if (fractions.validation > 0) return "validation";
  // Rounding left a sliver above train + test with no validation share: fold it into the last non-empty split.
  return fractions.test > 0 ? "test" : "train";
}
