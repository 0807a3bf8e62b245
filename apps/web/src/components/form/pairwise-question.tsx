"use client";

import type { TPairwiseQuestion } from "@rankwise/shared";
import { pairFor, pairwiseScale } from "../../lib/form-answers.ts";
import { OptionRadio } from "./option-radio.tsx";
import type { TQuestionProps } from "./types.ts";

function chosenValue(value: unknown): number | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = (value as { value?: unknown }).value;
  return typeof v === "number" ? v : undefined;
}

/** The two sampled responses side by side and a 2n+1 scale from "first much better" to "second much better". */
export function PairwiseQuestion({ question, value, onAnswer, responses, pairs, disabled, idBase }: TQuestionProps<TPairwiseQuestion>) {
  const pair = pairFor(
    question.id,
    pairs,
    responses.map((r) => r.id),
  );
  const first = responses.find((r) => r.id === pair?.[0]);
  const second = responses.find((r) => r.id === pair?.[1]);
  if (!pair || !first || !second) {
    return <p className="question-help">This comparison needs two responses.</p>;
  }
  const points = pairwiseScale(question);
  const current = chosenValue(value);
  const nameOf = (p: (typeof points)[number]) =>
    p.side === "tie" ? "Tie: equally good" : `Response ${p.side === "first" ? first.letter : second.letter} ${p.strength.toLowerCase()}`;

  return (
    <div className="pairwise">
      <div className="pair-previews">
        {[first, second].map((r) => (
          <div key={r.id} className="pair-preview">
            <span className="letter-chip" data-hue={r.hue} aria-hidden="true">
              {r.letter}
            </span>
            <span className="pair-snippet">
              <span className="visually-hidden">Response {r.letter}: </span>
              {r.snippet}
            </span>
          </div>
        ))}
      </div>
      <div
        className="pair-scale"
        role="radiogroup"
        aria-label={`Response ${first.letter} or Response ${second.letter}`}
        data-cell=""
        data-response-index={0}
        data-row={0}
        data-response-ids={`${first.id} ${second.id}`}
        data-answered={current !== undefined}
        style={{ gridTemplateColumns: `repeat(${points.length}, minmax(0, 1fr))` }}
      >
        {points.map((p, i) => (
          <OptionRadio
            key={p.value}
            className="seg-scale"
            name={`${idBase}-${question.id}`}
            value={String(p.value)}
            checked={current === p.value}
            disabled={disabled}
            onSelect={() => onAnswer(question.id, { pair: [first.id, second.id], value: p.value })}
            face={
              <>
                <span className="scale-mark" data-side={p.side} data-level={Math.abs(p.value)} />
                <span className="scale-text">{p.side === "tie" ? "Tie" : p.strength}</span>
              </>
            }
            accessibleName={nameOf(p)}
            title={`${nameOf(p)} (key ${(i + 1) % 10})`}
            tone={p.side === "tie" ? "neutral" : "accent"}
          />
        ))}
      </div>
      <div className="pair-ends" aria-hidden="true">
        <span>
          ←{" "}
          <span className="letter-chip" data-hue={first.hue}>
            {first.letter}
          </span>{" "}
          better
        </span>
        <span>
          better{" "}
          <span className="letter-chip" data-hue={second.hue}>
            {second.letter}
          </span>{" "}
          →
        </span>
      </div>
    </div>
  );
}
