"use client";

import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import type { KeyboardEvent } from "react";

export type TBracketPart = "none" | "start" | "middle" | "end";

type TProps = {
  id: string;
  index: number;
  total: number;
  letter: string;
  hue: number;
  snippet: string;
  rank: number;
  tiedWithPrevious: boolean;
  previousLetter: string | null;
  bracket: TBracketPart;
  disabled: boolean;
  allowTies: boolean;
  /** Below a top-k cutoff: part of the unranked bottom group. */
  unranked: boolean;
  registerHandle: (id: string, el: HTMLElement | null) => void;
  onHandleKeyDown: (event: KeyboardEvent<HTMLElement>, index: number) => boolean;
  onFocusRow: (id: string) => void;
  onBlurRow: (id: string) => void;
  onToggleTie: (index: number) => void;
  onMove: (index: number, direction: -1 | 1) => void;
};

const ICON = { width: 16, height: 16, viewBox: "0 0 16 16", focusable: false } as const;

/**
 * One position in the ranking. The handle is the row's single tab stop: it is what dnd-kit drags
 * (pointer anywhere on it, or Space then arrows) and where the keyboard shortcuts are read. The
 * small buttons repeat the shortcuts for the mouse, so they stay out of the tab order.
 */
export function RankRow(props: TProps) {
  const { id, index, total, letter, hue, snippet, rank, tiedWithPrevious, previousLetter, bracket, disabled, allowTies, unranked } = props;
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id,
    disabled,
    attributes: { roleDescription: "sortable response" },
  });
  const tieLabel = previousLetter
    ? tiedWithPrevious
      ? `Untie Response ${letter} from Response ${previousLetter}`
      : `Tie Response ${letter} with Response ${previousLetter}`
    : `Response ${letter} is first and cannot be tied with a response above`;
  const name = unranked
    ? `Response ${letter}, not ranked (below the top ${rank - 1})`
    : `Response ${letter}, rank ${rank} of ${total}${tiedWithPrevious && previousLetter ? `, tied with Response ${previousLetter}` : ""}`;

  return (
    <li
      ref={setNodeRef}
      className="rank-row"
      style={{ transform: CSS.Translate.toString(transform), transition }}
      data-tied={tiedWithPrevious}
      data-in-tier={bracket !== "none" && !unranked}
      data-unranked={unranked}
      data-dragging={isDragging}
    >
      <span className="rank-num" aria-hidden="true" data-testid="rank-number">
        {unranked ? "–" : rank}
      </span>
      <span className="tie-bracket" data-part={unranked ? "none" : bracket} aria-hidden="true" />
      <div className="rank-card">
        <button
          type="button"
          ref={(el) => {
            setActivatorNodeRef(el);
            props.registerHandle(id, el);
          }}
          className="rank-handle"
          {...attributes}
          {...listeners}
          aria-label={name}
          data-testid="rank-row"
          data-response-id={id}
          data-rank={rank}
          data-tied={tiedWithPrevious}
          onKeyDown={(event) => {
            if (props.onHandleKeyDown(event, index)) return;
            listeners?.onKeyDown?.(event);
          }}
          onFocus={() => props.onFocusRow(id)}
          onBlur={() => props.onBlurRow(id)}
        >
          <svg className="grip" aria-hidden="true" {...ICON}>
            <circle cx="6" cy="4" r="1.2" fill="currentColor" />
            <circle cx="10" cy="4" r="1.2" fill="currentColor" />
            <circle cx="6" cy="8" r="1.2" fill="currentColor" />
            <circle cx="10" cy="8" r="1.2" fill="currentColor" />
            <circle cx="6" cy="12" r="1.2" fill="currentColor" />
            <circle cx="10" cy="12" r="1.2" fill="currentColor" />
          </svg>
          <span className="letter-chip" data-hue={hue} aria-hidden="true">
            {letter}
          </span>
        </button>
        {/* Outside the handle, so its accessible name stays short and still holds all of its own
            visible text (WCAG 2.5.3); the handle's overlay keeps the whole card draggable. */}
        <span className="rank-snippet" aria-hidden="true">
          {snippet}
        </span>
        <div className="rank-actions">
          {allowTies && (
            <button
              type="button"
              className="icon-btn"
              tabIndex={-1}
              aria-label={tieLabel}
              title={previousLetter ? `${tieLabel} (T)` : tieLabel}
              aria-pressed={previousLetter ? tiedWithPrevious : undefined}
              disabled={disabled || index === 0}
              onClick={() => props.onToggleTie(index)}
              data-testid="tie-toggle"
            >
              <svg aria-hidden="true" {...ICON}>
                <path d="M3 6h10M3 10h10" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" />
              </svg>
            </button>
          )}
          <button
            type="button"
            className="icon-btn"
            tabIndex={-1}
            aria-label={`Move Response ${letter} up`}
            title="Move up (Shift+↑)"
            disabled={disabled || index === 0}
            onClick={() => props.onMove(index, -1)}
            data-testid="move-up"
          >
            <svg aria-hidden="true" {...ICON}>
              <path d="M4 10l4-4 4 4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
          </button>
          <button
            type="button"
            className="icon-btn"
            tabIndex={-1}
            aria-label={`Move Response ${letter} down`}
            title="Move down (Shift+↓)"
            disabled={disabled || index === total - 1}
            onClick={() => props.onMove(index, 1)}
            data-testid="move-down"
          >
            <svg aria-hidden="true" {...ICON}>
              <path d="M4 6l4 4 4-4" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
            </svg>
          </button>
        </div>
      </div>
    </li>
  );
}
