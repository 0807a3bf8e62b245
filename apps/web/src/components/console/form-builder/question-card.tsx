"use client";

import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import type { TCriterion, TQuestion } from "@rankwise/shared";
import type { TFieldErrors } from "../field-errors.ts";
import { QuestionSettings } from "./question-settings.tsx";

type TProps = {
  itemKey: string;
  q: TQuestion;
  index: number;
  total: number;
  open: boolean;
  errors: TFieldErrors;
  criteria: readonly TCriterion[];
  targets: TQuestion[];
  onToggle: () => void;
  onChange: (next: TQuestion) => void;
  onMove: (to: number) => void;
  onDelete: () => void;
};

/** One question in the builder: a summary row (drag handle, type, title, badges, move/delete) over its settings. */
export function QuestionCard({ itemKey, q, index, total, open, errors, criteria, targets, onToggle, onChange, onMove, onDelete }: TProps) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: itemKey });
  const errorCount = Object.values(errors).reduce((n, m) => n + m.length, 0);
  const name = q.title.trim() || q.id || `question ${index + 1}`;
  const bodyId = `qb-${itemKey}`;
  const criterion = q.criterion ? (criteria.find((c) => c.id === q.criterion)?.name ?? q.criterion) : null;
  return (
    <li
      ref={setNodeRef}
      className="q-card"
      style={{ transform: CSS.Translate.toString(transform), transition }}
      data-open={open}
      data-invalid={errorCount > 0}
      data-dragging={isDragging}
      data-testid="q-card"
      data-question-id={q.id}
      data-question-type={q.type}
    >
      <div className="q-head">
        <button type="button" ref={setActivatorNodeRef} className="q-grip" {...attributes} {...listeners} aria-label={`Reorder ${name}`}>
          <svg width="12" height="16" viewBox="0 0 12 16" aria-hidden="true" fill="currentColor">
            <circle cx="3" cy="3" r="1.4" />
            <circle cx="9" cy="3" r="1.4" />
            <circle cx="3" cy="8" r="1.4" />
            <circle cx="9" cy="8" r="1.4" />
            <circle cx="3" cy="13" r="1.4" />
            <circle cx="9" cy="13" r="1.4" />
          </svg>
        </button>
        <span className="q-num" aria-hidden="true">
          {index + 1}
        </span>
        <button type="button" className="q-toggle" aria-expanded={open} aria-controls={bodyId} onClick={onToggle} data-testid="q-toggle">
          <span className="type-chip" data-type={q.type}>
            {q.type}
          </span>
          <span className="q-title" data-empty={!q.title.trim()}>
            {q.title.trim() || "Untitled question"}
          </span>
          <span className="q-meta">
            {criterion && <span className="badge">{criterion}</span>}
            {q.condition && (
              <span className="badge" data-tone="info">
                Conditional
              </span>
            )}
            {!q.required && <span className="badge">Optional</span>}
            {errorCount > 0 && (
              <span className="badge" data-tone="danger" data-testid="q-error-count">
                {errorCount === 1 ? "1 problem" : `${errorCount} problems`}
              </span>
            )}
          </span>
        </button>
        <div className="q-actions">
          <button
            type="button"
            className="icon-btn"
            aria-label={`Move ${name} up`}
            disabled={index === 0}
            onClick={() => onMove(index - 1)}
            data-testid="q-move-up"
          >
            ↑
          </button>
          <button
            type="button"
            className="icon-btn"
            aria-label={`Move ${name} down`}
            disabled={index === total - 1}
            onClick={() => onMove(index + 1)}
            data-testid="q-move-down"
          >
            ↓
          </button>
          <button type="button" className="icon-btn" aria-label={`Delete ${name}`} onClick={onDelete} data-testid="q-delete">
            ✕
          </button>
        </div>
      </div>
      {open && (
        <div className="q-body" id={bodyId}>
          <QuestionSettings q={q} onChange={onChange} errors={errors} idBase={`qs-${itemKey}`} criteria={criteria} targets={targets} />
        </div>
      )}
    </li>
  );
}
