"use client";

import type { TSpan } from "@rankwise/shared";
import { useEffect, useId, useMemo, useRef, useState } from "react";
import { findQuote, spanText } from "../../lib/quote-span.ts";
import type { TResponseView } from "./types.ts";

export type TEvidenceTarget = { responseId: string; ruleId: string; ruleNumber: number; ruleText: string };

type TProps = {
  target: TEvidenceTarget | null;
  response: TResponseView | undefined;
  span: TSpan | null | undefined;
  onAttach: (span: TSpan | null) => void;
  onClose: () => void;
};

/** Character offset of a DOM position inside `box`, whose text is exactly the response content. */
function offsetIn(box: HTMLElement, node: Node, offset: number): number | null {
  if (!box.contains(node)) return null;
  const range = document.createRange();
  range.setStart(box, 0);
  range.setEnd(node, offset);
  return range.toString().length;
}

/** The page's current selection, if it lies inside the given response's card. */
function selectedTextIn(responseId: string): string {
  const selection = window.getSelection();
  if (!selection || selection.isCollapsed || selection.rangeCount === 0) return "";
  const card = document.querySelector(`[data-testid="response-card"][data-response-id="${CSS.escape(responseId)}"]`);
  const node = selection.getRangeAt(0).commonAncestorContainer;
  return card?.contains(node) ? selection.toString() : "";
}

/**
 * Attach the passage that supports a rule verdict. Two ways in, both ending in exact offsets into
 * the response's original content: select text in the response as written (offsets read from the
 * DOM selection), or type/paste the quote (found in the content, tolerant of markdown markup).
 */
export function EvidenceDialog({ target, response, span, onAttach, onClose }: TProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const box = useRef<HTMLElement>(null);
  const quoteField = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const [quote, setQuote] = useState("");
  const [selected, setSelected] = useState<TSpan | null>(null);
  const content = response?.content ?? "";
  const open = target !== null && response !== undefined;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) {
      // Start from the attached quote, or from text the labeler selected in the response card.
      const existing = spanText(content, span);
      setSelected(existing !== null && span ? { start: span.start, end: span.end } : null);
      setQuote(existing ?? (target ? selectedTextIn(target.responseId) : ""));
      dialog.showModal();
      quoteField.current?.focus();
    }
    if (!open && dialog.open) dialog.close();
  }, [open, content, span, target]);

  const match = useMemo(() => {
    if (selected) return { ...selected, count: 1, exact: true };
    return findQuote(content, quote);
  }, [selected, content, quote]);

  const onSelectInBox = () => {
    const el = box.current;
    const selection = window.getSelection();
    if (!el || !selection || selection.isCollapsed || selection.rangeCount === 0) return;
    const range = selection.getRangeAt(0);
    const start = offsetIn(el, range.startContainer, range.startOffset);
    const end = offsetIn(el, range.endContainer, range.endOffset);
    if (start === null || end === null || end <= start) return;
    setSelected({ start, end });
    setQuote(content.slice(start, end));
  };

  const attach = () => {
    if (!match) return;
    onAttach({ start: match.start, end: match.end });
    onClose();
  };

  let status: string;
  if (quote.trim() === "") status = "Select the passage in the response above, or type or paste it here.";
  else if (!match) status = `Not found in Response ${response?.letter ?? ""}. Copy the words exactly as they appear.`;
  else if (match.count > 1)
    status = `Found in ${match.count} places; the first (characters ${match.start}–${match.end}) is used. Quote more to pick another.`;
  else status = `Found: characters ${match.start}–${match.end}.`;

  const before = match ? content.slice(0, match.start) : content;
  const marked = match ? content.slice(match.start, match.end) : "";
  const after = match ? content.slice(match.end) : "";

  return (
    // biome-ignore lint/a11y/useKeyWithClickEvents: backdrop clicks are a mouse extra; Esc and Cancel cover the keyboard
    <dialog
      ref={ref}
      className="dialog evidence-dialog"
      aria-labelledby={`${id}-title`}
      onClose={onClose}
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
      data-testid="evidence-dialog"
    >
      <div className="dialog-head">
        <h2 id={`${id}-title`}>Quote evidence</h2>
        <button type="button" className="btn btn-ghost" onClick={onClose} aria-keyshortcuts="Escape">
          Cancel <kbd>Esc</kbd>
        </button>
      </div>
      {target && response && (
        <div className="dialog-body">
          <p className="evidence-context">
            <span className="letter-chip" data-hue={response.hue} aria-hidden="true">
              {response.letter}
            </span>
            <span>
              Response {response.letter} · Rule {target.ruleNumber}: {target.ruleText}
            </span>
          </p>
          <p className="field-label" id={`${id}-source-label`}>
            Response {response.letter} as written — select the passage with the mouse
          </p>
          <section
            ref={box}
            className="evidence-source"
            // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to be read (WCAG 2.1.1)
            tabIndex={0}
            aria-labelledby={`${id}-source-label`}
            onMouseUp={onSelectInBox}
            onKeyUp={onSelectInBox}
            data-testid="evidence-source"
          >
            {before}
            {marked && <mark>{marked}</mark>}
            {after}
          </section>
          <label className="field-label" htmlFor={`${id}-quote`}>
            Exact quote
          </label>
          <textarea
            ref={quoteField}
            id={`${id}-quote`}
            className="text-input"
            rows={3}
            value={quote}
            aria-describedby={`${id}-status`}
            onChange={(e) => {
              setSelected(null);
              setQuote(e.target.value);
            }}
            onKeyDown={(e) => {
              if (e.key === "Enter" && !e.shiftKey) {
                e.preventDefault();
                attach();
              }
            }}
            data-testid="evidence-quote"
          />
          <p className="evidence-status" id={`${id}-status`} aria-live="polite" data-found={match !== null} data-testid="evidence-status">
            {status}
          </p>
        </div>
      )}
      <div className="dialog-foot">
        {span && (
          <button
            type="button"
            className="btn btn-ghost"
            onClick={() => {
              onAttach(null);
              onClose();
            }}
          >
            Remove evidence
          </button>
        )}
        <button type="button" className="btn btn-primary" onClick={attach} disabled={!match} data-testid="evidence-attach">
          Attach evidence <kbd>Enter</kbd>
        </button>
      </div>
    </dialog>
  );
}
