"use client";

import type { TTextQuestion } from "@rankwise/shared";
import type { TQuestionProps } from "./types.ts";

/** A free-text answer with a live character count against the question's limits. */
export function TextQuestion({ question, value, onAnswer, disabled, idBase, invalid }: TQuestionProps<TTextQuestion>) {
  const text = typeof value === "string" ? value : "";
  const length = text.trim().length;
  const counterId = `${idBase}-${question.id}-count`;
  const tooShort = length > 0 && length < question.minLength;
  const tooLong = length > question.maxLength;
  const limits =
    question.minLength > 0 ? `${question.minLength}–${question.maxLength} characters` : `up to ${question.maxLength} characters`;
  return (
    <div className="text-answer" data-cell="" data-response-index={0} data-row={0} data-answered={length > 0 && !tooShort && !tooLong}>
      <textarea
        className="text-input"
        value={text}
        disabled={disabled}
        placeholder={question.placeholder || undefined}
        rows={3}
        aria-labelledby={`${idBase}-${question.id}-title`}
        aria-describedby={invalid ? `${counterId} ${idBase}-${question.id}-errors` : counterId}
        aria-invalid={invalid || tooLong || undefined}
        aria-required={question.required || undefined}
        onChange={(e) => onAnswer(question.id, e.target.value === "" ? undefined : e.target.value)}
        data-testid="text-answer"
      />
      <div className="text-counter" id={counterId} data-state={tooShort || tooLong ? "bad" : "ok"}>
        <span>
          {length} / {question.maxLength}
        </span>
        <span>
          {limits} · <kbd>Esc</kbd> leaves the field
        </span>
      </div>
    </div>
  );
}
