"use client";

import { SKIP_REASONS, type TSkipRequest } from "@rankwise/shared";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { errorMessage } from "../lib/api-client.ts";

const REASON_LABELS: Record<TSkipRequest["reason"], { title: string; detail: string }> = {
  unclear: { title: "Unclear", detail: "The prompt or the responses don't make sense." },
  cannot_judge: { title: "Can't judge", detail: "Outside my expertise or language." },
  offensive: { title: "Offensive", detail: "Disturbing content I won't review." },
  other: { title: "Other", detail: "Explain in the note." },
};

type TProps = { open: boolean; onClose: () => void; onConfirm: (request: TSkipRequest) => Promise<void> };

/**
 * Give the task back with a reason (modal: native focus trap, Esc cancels, focus returns).
 * Digits pick a reason; Enter confirms.
 */
export function SkipDialog({ open, onClose, onConfirm }: TProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const firstReason = useRef<HTMLInputElement>(null);
  const id = useId();
  const [reason, setReason] = useState<TSkipRequest["reason"] | null>(null);
  const [note, setNote] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setReason(null);
      setNote("");
      setError(null);
      dialog.showModal();
      firstReason.current?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open]);

  const noteNeeded = reason === "other" && note.trim() === "";

  const confirm = async (event?: FormEvent) => {
    event?.preventDefault();
    if (!reason || pending) {
      if (!reason) setError("Choose a reason.");
      return;
    }
    if (noteNeeded) {
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
      data-testid="skip-dialog"
    >
      <form onSubmit={confirm}>
        <div className="dialog-head">
          <h2 id={`${id}-title`}>Skip this task</h2>
          <button type="button" className="btn btn-ghost" onClick={onClose} aria-keyshortcuts="Escape">
            Cancel <kbd>Esc</kbd>
          </button>
        </div>
        <div className="dialog-body">
          <fieldset className="skip-reasons">
            <legend>Why are you skipping it? It goes back to the queue for someone else.</legend>
            {SKIP_REASONS.map((r, i) => (
              <label key={r} className="choice-option">
                <input
                  ref={i === 0 ? firstReason : undefined}
                  type="radio"
                  name={`${id}-reason`}
                  value={r}
                  checked={reason === r}
                  onChange={() => setReason(r)}
                  onKeyDown={(e) => {
                    // Digits pick a reason; Enter on a reason confirms (radios don't submit by themselves).
                    const picked = /^[1-9]$/.test(e.key) ? SKIP_REASONS[Number(e.key) - 1] : undefined;
                    if (picked) {
                      e.preventDefault();
                      setReason(picked);
                      document.querySelector<HTMLInputElement>(`input[name="${CSS.escape(`${id}-reason`)}"][value="${picked}"]`)?.focus();
                    } else if (e.key === "Enter") {
                      e.preventDefault();
                      void confirm();
                    }
                  }}
                  data-testid={`skip-reason-${r}`}
                />
                <span className="choice-label">
                  <strong>{REASON_LABELS[r].title}</strong> <span className="skip-detail">{REASON_LABELS[r].detail}</span>
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
            data-testid="skip-note"
          />
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <div className="dialog-foot">
          <button type="submit" className="btn btn-primary" disabled={pending} data-testid="skip-confirm">
            {pending ? "Skipping…" : "Skip task"}
          </button>
        </div>
      </form>
    </dialog>
  );
}
