"use client";

import { FLAG_REASONS, type TFlagRequest } from "@rankwise/shared";
import { ReasonDialog, type TReasonLabels } from "./reason-dialog.tsx";

export const FLAG_LABELS: TReasonLabels<TFlagRequest["reason"]> = {
  broken: { title: "Broken", detail: "Missing, cut off or garbled text." },
  unclear: { title: "Unclear", detail: "The prompt can't be judged as written." },
  harmful: { title: "Harmful", detail: "Content researchers should look at." },
  duplicate: { title: "Duplicate", detail: "I've seen this item before." },
  other: { title: "Other", detail: "Explain in the note." },
};

type TProps = {
  open: boolean;
  /** The labeler's current flag on this item, if any: flagging again replaces it. */
  current: TFlagRequest | null;
  onClose: () => void;
  onConfirm: (request: TFlagRequest) => Promise<void>;
};

/** Flag the item for researchers. The task stays: the labeler may still answer or skip it. */
export function FlagDialog({ open, current, onClose, onConfirm }: TProps) {
  return (
    <ReasonDialog
      open={open}
      title="Flag this item"
      legend="What is wrong with it? Researchers review flags; you can still answer or skip the task."
      reasons={FLAG_REASONS}
      labels={FLAG_LABELS}
      initial={current}
      confirmLabel={current ? "Update flag" : "Flag item"}
      pendingLabel="Sending…"
      testId="flag"
      onClose={onClose}
      onConfirm={onConfirm}
    />
  );
}
