"use client";

import type { TChoiceQuestion } from "@rankwise/shared";
import type { TQuestionProps } from "./types.ts";

/** Radios (one answer) or checkboxes (several); digit keys pick options by position. */
export function ChoiceQuestion({ question, value, onAnswer, disabled, idBase }: TQuestionProps<TChoiceQuestion>) {
  const chosen = new Set(
    Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : typeof value === "string" ? [value] : [],
  );
  const toggle = (optionValue: string) => {
    const next = new Set(chosen);
    if (next.has(optionValue)) next.delete(optionValue);
    else next.add(optionValue);
    // Form order, whatever the click order: the stored answer does not depend on it.
    onAnswer(
      question.id,
      question.options.map((o) => o.value).filter((v) => next.has(v)),
    );
  };
  return (
    <div className="choice-options" data-cell="" data-response-index={0} data-row={0} data-answered={chosen.size > 0}>
      {question.options.map((o, i) => (
        <label key={o.value} className="choice-option">
          <input
            type={question.multiple ? "checkbox" : "radio"}
            name={`${idBase}-${question.id}`}
            value={o.value}
            checked={chosen.has(o.value)}
            disabled={disabled}
            onChange={() => (question.multiple ? toggle(o.value) : onAnswer(question.id, o.value))}
          />
          <span className="choice-label">{o.label}</span>
          {i < 10 && (
            <kbd className="choice-key">
              <span className="visually-hidden">key </span>
              {(i + 1) % 10}
            </kbd>
          )}
        </label>
      ))}
    </div>
  );
}
