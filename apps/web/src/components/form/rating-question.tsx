"use client";

import type { TRatingQuestion } from "@rankwise/shared";
import { ratingPoints } from "../../lib/form-answers.ts";
import { OptionRadio } from "./option-radio.tsx";
import type { TQuestionProps } from "./types.ts";

function scoreOf(value: unknown, responseId: string): number | undefined {
  if (typeof value !== "object" || value === null || !Object.hasOwn(value, responseId)) return undefined;
  const v = (value as Record<string, unknown>)[responseId];
  return typeof v === "number" ? v : undefined;
}

/** A Likert row per response; digits pick a point and move on to the next response. */
export function RatingQuestion({ question, value, onAnswer, responses, disabled, idBase }: TQuestionProps<TRatingQuestion>) {
  const points = ratingPoints(question.min, question.max);
  const labelOf = (p: number) => (Object.hasOwn(question.labels, String(p)) ? question.labels[String(p)] : undefined);
  const columns = { gridTemplateColumns: `repeat(${points.length}, minmax(30px, 1fr))` };
  const record = typeof value === "object" && value !== null ? (value as Record<string, number>) : {};

  const hasLabels = points.some((p) => labelOf(p));
  return (
    <div className="rating">
      {hasLabels && (
        <div className="rating-head" aria-hidden="true">
          <span />
          <div className="rating-points" style={columns}>
            {points.map((p) => (
              <span key={p} className="rating-point-label">
                <strong>{p}</strong>
                {labelOf(p) && <span>{labelOf(p)}</span>}
              </span>
            ))}
          </div>
        </div>
      )}
      {responses.map((r, ri) => {
        const score = scoreOf(value, r.id);
        return (
          <fieldset
            key={r.id}
            className="rating-row"
            data-cell=""
            data-advance=""
            data-response-index={ri}
            data-row={0}
            data-response-ids={r.id}
            data-answered={score !== undefined}
          >
            <legend className="rating-row-legend">
              <span className="letter-chip" data-hue={r.hue} aria-hidden="true">
                {r.letter}
              </span>
              <span className="visually-hidden">Response {r.letter}</span>
            </legend>
            <div className="rating-points" style={columns}>
              {points.map((p, i) => {
                const label = labelOf(p);
                return (
                  <OptionRadio
                    key={p}
                    className="seg-dot"
                    name={`${idBase}-${question.id}-${r.id}`}
                    value={String(p)}
                    checked={score === p}
                    disabled={disabled}
                    onSelect={() => onAnswer(question.id, { ...record, [r.id]: p })}
                    face={p}
                    accessibleName={`${p}${label ? `, ${label}` : ""}`}
                    title={`${label ? `${p}: ${label}` : String(p)}${i < 10 ? ` (key ${(i + 1) % 10})` : ""}`}
                    tone="accent"
                  />
                );
              })}
            </div>
          </fieldset>
        );
      })}
    </div>
  );
}
