"use client";

import { SKIP_REASONS, type TSkipRequest } from "@rankwise/shared";
import { ReasonDialog, type TReasonLabels } from "./reason-dialog.tsx";

const REASON_LABELS: TReasonLabels<TSkipRequest["reason"]> = {
  unclear: { title: "Unclear", detail: "The prompt or the responses don't make sense." },
  cannot_judge: { title: "Can't judge", detail: "Outside my expertise or language." },
  offensive: { title: "Offensive", detail: "Disturbing content I won't review." },
  other: { title: "Other", detail: "Explain in the note." },
};

type TProps = { open: boolean; onClose: () => void; onConfirm: (request: TSkipRequest) => Promise<void> };

/** Give the task back with a reason; it goes back to the queue for someone else. */
export function SkipDialog({ open, onClose, onConfirm }: TProps) {
  return (
    <ReasonDialog
      open={open}
      title="Skip this task"
      legend="Why are you skipping it? It goes back to the queue for someone else."
      reasons={SKIP_REASONS}
      labels={REASON_LABELS}
      confirmLabel="Skip task"
      pendingLabel="Skipping…"
      testId="skip"
      onClose={onClose}
      onConfirm={onConfirm}
    />
  );
}
