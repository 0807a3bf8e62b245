"use client";

import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { errorMessage } from "../lib/api-client.ts";

export type TReasonLabels<R extends string> = Record<R, { title: string; detail: string }>;

type TProps<R extends string> = {
  open: boolean;
  title: string;
  legend: string;
  reasons: readonly R[];
  labels: TReasonLabels<R>;
  /** Pre-selected answer when the dialog opens (e.g. the labeler's current flag). */
  initial?: { reason: R; note?: string | null } | null;
  confirmLabel: string;
  pendingLabel: string;
  /** Prefix of the data-testid attributes: `<prefix>-dialog`, `<prefix>-reason-<r>`, … */
  testId: string;
  onClose: () => void;
  onConfirm: (request: { reason: R; note?: string }) => Promise<void>;
};

/**
 * A reason (and an optional note, required for "other") in a modal: native focus trap, Esc
 * cancels, focus returns. Digits pick a reason; Enter confirms; Ctrl+Enter confirms from the note.
 */
export function ReasonDialog<R extends string>(props: TProps<R>) {
  const { open, reasons, labels, initial, testId, onClose, onConfirm } = props;
  const ref = useRef<HTMLDialogElement>(null);
  const firstReason = useRef<HTMLInputElement>(null);
  const id = useId();
  const [reason, setReason] = useState<R | null>(null);
  const [note, setNote] = useState("");
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      setReason(initial?.reason ?? null);
      setNote(initial?.note ?? "");
      setError(null);
      dialog.showModal();
      const checked = initial ? dialog.querySelector<HTMLInputElement>(`input[value="${CSS.escape(initial.reason)}"]`) : null;
      (checked ?? firstReason.current)?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open, initial]);

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
      data-testid={`${testId}-dialog`}
    >
      <form onSubmit={confirm}>
        <div className="dialog-head">
          <h2 id={`${id}-title`}>{props.title}</h2>
          <button type="button" className="btn btn-ghost" onClick={onClose} aria-keyshortcuts="Escape">
            Cancel <kbd>Esc</kbd>
          </button>
        </div>
        <div className="dialog-body">
          <fieldset className="skip-reasons">
            <legend>{props.legend}</legend>
            {reasons.map((r, i) => (
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
                    const picked = /^[1-9]$/.test(e.key) ? reasons[Number(e.key) - 1] : undefined;
                    if (picked) {
                      e.preventDefault();
                      setReason(picked);
                      ref.current?.querySelector<HTMLInputElement>(`input[value="${CSS.escape(picked)}"]`)?.focus();
                    } else if (e.key === "Enter") {
                      e.preventDefault();
                      void confirm();
                    }
                  }}
                  data-testid={`${testId}-reason-${r}`}
                />
                <span className="choice-label">
                  <strong>{labels[r].title}</strong> <span className="skip-detail">{labels[r].detail}</span>
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
            data-testid={`${testId}-note`}
          />
          {error && (
            <p className="field-error" role="alert">
              {error}
            </p>
          )}
        </div>
        <div className="dialog-foot">
          <button type="submit" className="btn btn-primary" disabled={pending} data-testid={`${testId}-confirm`}>
            {pending ? props.pendingLabel : props.confirmLabel}
          </button>
        </div>
      </form>
    </dialog>
  );
}
