"use client";

import { FLAG_REASONS, type TFlagRequest } from "@rankwise/shared";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { errorMessage } from "../lib/api-client.ts";

export const FLAG_LABELS: Record<TFlagRequest["reason"], { title: string; detail: string }> = {
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

/**
 * Flag the item for researchers (modal: native focus trap, Esc cancels, focus returns). Digits pick a
 * reason; Enter confirms. The task stays: the labeler may still answer or skip it.
 */
export function FlagDialog({ open, current, onClose, onConfirm }: TProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const firstReason = useRef<HTMLInputElement>(null);
  const id = useId();
  const [reason, setReason] = useState<TFlagRequest["reason"] | null>(null);
  const [note, setNote] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setReason(current?.reason ?? null);
      setNote(current?.note ?? "");
      setError(null);
      dialog.showModal();
      const checked = dialog.querySelector<HTMLInputElement>(`input[value="${current?.reason ?? ""}"]`);
      (checked ?? firstReason.current)?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open, current]);

  const confirm = async (event?: FormEvent) => {
    event?.preventDefault();
    if (pending) return;
    if (!reason) {
      setError("Choose a reason.");
      return;
    }
    if (reason === "other" && note.trim() === "") {
      setError("Say briefly why in the note.");
      return;
    }
    setPending(true);
    setError(null);
    try {
      await onConfirm({ reason, ...(note.trim() ? { note: note.trim() } : {}) });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setPending(false);
    }
  };

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: backdrop clicks are a mouse extra; Esc and Cancel cover the keyboard
    <dialog
      ref={ref}
      className="dialog skip-dialog"
      aria-labelledby={`${id}-title`}
      onClose={onClose}
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
      data-testid="flag-dialog"
    >
      <form onSubmit={confirm}>
        <div className="dialog-head">
          <h2 id={`${id}-title`}>Flag this item</h2>
          <button type="button" className="btn btn-ghost" onClick={onClose} aria-keyshortcuts="Escape">
            Cancel <kbd>Esc</kbd>
          </button>
        </div>
        <div className="dialog-body">
          <fieldset className="skip-reasons">
            <legend>What is wrong with it? Researchers review flags; you can still answer or skip the task.</legend>
            {FLAG_REASONS.map((r, i) => (
              <label key={r} className="choice-option">
                <input
                  ref={i === 0 ? firstReason : undefined}
                  type="radio"
                  name={`${id}-reason`}
                  value={r}
                  checked={reason === r}
                  onChange={() => setReason(r)}
                  onKeyDown={(e) => {
                    const picked = /^[1-9]$/.test(e.key) ? FLAG_REASONS[Number(e.key) - 1] : undefined;
                    if (picked) {
                      e.preventDefault();
                      setReason(picked);
                      ref.current?.querySelector<HTMLInputElement>(`input[value="${picked}"]`)?.focus();
                    } else if (e.key === "Enter") {
                      e.preventDefault();
                      void confirm();
                    }
                  }}
                  data-testid={`flag-reason-${r}`}
                />
                <span className="choice-label">
                  <strong>{FLAG_LABELS[r].title}</strong> <span className="skip-detail">{FLAG_LABELS[r].detail}</span>
                </span>
                <kbd className="choice-key">
                  <span className="visually-hidden">key </span>
                  {i + 1}
                </kbd>
              </label>
            ))}
          </fieldset>
          <label className="field-label" htmlFor={`${id}-note`}>
            Note {reason === "other" ? "(required for Other)" : "(optional)"}
          </label>
          <textarea
            id={`${id}-note`}
            className="text-input"
            rows={2}
            maxLength={1000}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void confirm();
              }
            }}
            data-testid="flag-note"
          />
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <div className="dialog-foot">
          <button type="submit" className="btn btn-primary" disabled={pending} data-testid="flag-confirm">
            {pending ? "Sending…" : current ? "Update flag" : "Flag item"}
          </button>
        </div>
      </form>
    </dialog>
  );
}
