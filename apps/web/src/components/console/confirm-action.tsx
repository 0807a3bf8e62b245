"use client";

import { useState } from "react";

/**
 * A destructive row action that asks first: the button turns into "<confirmLabel>" and "Keep".
 * `testId` names the first button; the confirming one is `<testId>-confirm`. `busy` is this row's
 * request in flight, `locked` any other's; the question closes once `onConfirm` settles.
 */
export function ConfirmAction({
  label,
  ariaLabel,
  confirmLabel,
  busyLabel,
  note,
  busy,
  locked,
  onConfirm,
  testId,
}: {
  label: string;
  ariaLabel: string;
  confirmLabel: string;
  busyLabel: string;
  /** What confirming does, under the buttons. */
  note?: string;
  busy: boolean;
  locked: boolean;
  onConfirm: () => Promise<void>;
  testId: string;
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className="btn btn-sm" onClick={() => setAsking(true)} aria-label={ariaLabel} data-testid={testId}>
        {label}
      </button>
    );
  }
  const buttons = (
    <span className="row" style={{ justifyContent: "flex-end", flexWrap: "nowrap" }}>
      <button
        type="button"
        className="btn btn-sm btn-danger"
        onClick={() => onConfirm().finally(() => setAsking(false))}
        disabled={busy || locked}
        data-testid={`${testId}-confirm`}
      >
        {busy ? busyLabel : confirmLabel}
      </button>
      <button type="button" className="btn btn-sm" onClick={() => setAsking(false)}>
        Keep
      </button>
    </span>
  );
  if (!note) return buttons;
  return (
    <span className="admin-confirm">
      {buttons}
      <span className="admin-confirm-note">{note}</span>
    </span>
  );
}
