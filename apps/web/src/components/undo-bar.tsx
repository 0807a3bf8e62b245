"use client";

import { useEffect, useState } from "react";

type TProps = {
  /** When the answer stops being undoable (epoch ms). */
  expiresAt: number;
  pending: boolean;
  onUndo: () => void;
  onExpired: () => void;
};

/**
 * "Submitted · Undo" with the seconds left, shown while the last answer can be taken back. The
 * countdown is not a live region (it would be read every second); the submit announcement says
 * how to undo.
 */
export function UndoBar({ expiresAt, pending, onUndo, onExpired }: TProps) {
  const [now, setNow] = useState(() => Date.now());
  const left = Math.max(0, Math.ceil((expiresAt - now) / 1000));

  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(timer);
  }, []);

  useEffect(() => {
    if (left === 0) onExpired();
  }, [left, onExpired]);

  return (
    <section className="undo-bar" aria-label="Last answer" data-testid="undo-bar">
      <span className="undo-bar-text">
        <svg aria-hidden="true" width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2.4">
          <path d="M5 12.5l4.5 4.5L19 7.5" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        Submitted
      </span>
      <button
        type="button"
        className="undo-bar-btn"
        onClick={onUndo}
        disabled={pending}
        aria-keyshortcuts="Control+Z Z"
        data-testid="undo-submit"
      >
        {pending ? "Undoing…" : "Undo"} <kbd className="undo-bar-key">Ctrl+Z</kbd> <span className="key-or">/</span>{" "}
        <kbd className="undo-bar-key">Z</kbd>
      </button>
      <span className="undo-bar-count" data-testid="undo-countdown">
        {left} s<span className="visually-hidden"> left to undo</span>
      </span>
    </section>
  );
}
