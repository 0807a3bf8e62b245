"use client";

import { useEffect, useRef } from "react";

type TShortcut = { keys: string[][]; action: string };

const SECTIONS: { title: string; shortcuts: TShortcut[] }[] = [
  {
    title: "Moving around",
    shortcuts: [
      { keys: [["n"], ["p"]], action: "Next / previous question" },
      { keys: [["j"], ["k"]], action: "Next / previous row: step, rule, response" },
      { keys: [["]"], ["["]], action: "Next / previous response in the question" },
      { keys: [["Tab"]], action: "Next control; arrows move within a scale" },
      { keys: [["Esc"]], action: "Leave a text field (then n / p work again)" },
    ],
  },
  {
    title: "Answering",
    shortcuts: [
      { keys: [["1…9"]], action: "Pick the option at that position in the focused question" },
      { keys: [["←"], ["→"]], action: "Move along a scale (rating, comparison, verdict)" },
      { keys: [["1"], ["2"], ["3"]], action: "Rules: yes / no / unsure, then the next rule" },
      { keys: [["e"]], action: "Rules: quote evidence for the focused verdict" },
      { keys: [["+"], ["0"], ["-"]], action: "Steps: good / neutral / wrong, then the next step" },
      { keys: [["Space"]], action: "Toggle the focused checkbox" },
    ],
  },
  {
    title: "Ranking",
    shortcuts: [
      { keys: [["↑"], ["↓"]], action: "Focus the previous / next response (also j / k)" },
      {
        keys: [
          ["Shift", "↑"],
          ["Shift", "↓"],
        ],
        action: "Move the focused response up (better) / down (also Alt)",
      },
      { keys: [["1…9"]], action: "Move the focused response to that position" },
      { keys: [["t"]], action: "Tie / untie with the response above" },
      { keys: [["Space"]], action: "Pick up to drag with arrows; Space drops, Esc cancels" },
      { keys: [["Home"], ["End"]], action: "Focus the best / worst response" },
    ],
  },
  {
    title: "Task",
    shortcuts: [
      { keys: [["Enter"], ["Ctrl", "Enter"]], action: "Submit (Ctrl+Enter works in text fields too)" },
      { keys: [["s"]], action: "Skip this task (asks for a reason)" },
      { keys: [["f"]], action: "Flag this item for researchers (asks for a reason)" },
      { keys: [["z"], ["Ctrl", "Z"]], action: "Undo the last submit, for a few seconds after it" },
      { keys: [["g"]], action: "Show or hide the guidelines" },
      { keys: [["v"]], action: "Responses side by side / stacked" },
      { keys: [["?"]], action: "Show or hide this list" },
    ],
  },
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
      className="dialog shortcut-dialog"
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
        <button type="button" className="btn btn-ghost" onClick={onClose} aria-keyshortcuts="Escape">
          Close <kbd>Esc</kbd>
        </button>
      </div>
      <div className="shortcut-sections">
        {SECTIONS.map((section) => (
          <table key={section.title} className="shortcut-table">
            <caption>{section.title}</caption>
            <tbody>
              {section.shortcuts.map((s) => (
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
        ))}
      </div>
    </dialog>
  );
}
