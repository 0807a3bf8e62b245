"use client";

import { useEffect, useRef } from "react";

const SHORTCUTS: { keys: string[][]; action: string }[] = [
  { keys: [["↑"], ["↓"]], action: "Focus the previous / next response" },
  { keys: [["k"], ["j"]], action: "Same, without leaving the home row" },
  {
    keys: [
      ["Shift", "↑"],
      ["Alt", "↑"],
    ],
    action: "Move the focused response up (better)",
  },
  {
    keys: [
      ["Shift", "↓"],
      ["Alt", "↓"],
    ],
    action: "Move the focused response down (worse)",
  },
  { keys: [["t"]], action: "Tie / untie with the response above" },
  { keys: [["Space"]], action: "Pick up to drag with arrows; Space drops, Esc cancels" },
  { keys: [["Home"], ["End"]], action: "Focus the best / worst response" },
  { keys: [["Enter"], ["Ctrl", "Enter"]], action: "Submit the ranking" },
  { keys: [["?"]], action: "Show or hide this list" },
];

/** The keyboard reference, as a modal dialog (native focus trap, Esc closes, focus returns). */
export function ShortcutOverlay({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: backdrop clicks are a mouse extra; Esc (native to <dialog>) and the Close button cover the keyboard
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby="shortcut-title"
      onClose={onClose}
      onClick={(e) => {
        // A click on the backdrop lands on the dialog element itself.
        if (e.target === e.currentTarget) onClose();
      }}
      data-testid="shortcut-overlay"
    >
      <div className="dialog-head">
        <h2 id="shortcut-title">Keyboard shortcuts</h2>
        <button type="button" className="btn btn-ghost" onClick={onClose} aria-label="Close keyboard shortcuts">
          Close <kbd>Esc</kbd>
        </button>
      </div>
      <table className="shortcut-table">
        <tbody>
          {SHORTCUTS.map((s) => (
            <tr key={s.action}>
              <th scope="row">
                {s.keys.map((combo, i) => (
                  <span key={combo.join("+")}>
                    {i > 0 && <span className="key-or">or</span>}
                    {combo.map((k) => (
                      <kbd key={k}>{k}</kbd>
                    ))}
                  </span>
                ))}
              </th>
              <td>{s.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </dialog>
  );
}
