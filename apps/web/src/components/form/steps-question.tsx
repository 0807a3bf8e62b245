"use client";

import { splitSteps, type TStepLabel, type TStepsQuestion } from "@rankwise/shared";
import { firstNegative, setStepLabel, stepLabels, stepsComplete, withStepLabels } from "../../lib/form-answers.ts";
import { markdownSnippet } from "../../lib/response-labels.ts";
import { OptionRadio } from "./option-radio.tsx";
import type { TQuestionProps } from "./types.ts";

const LABELS: { label: TStepLabel; face: string; name: string; keys: string; tone: "good" | "neutral" | "bad" }[] = [
  { label: 1, face: "+1", name: "+1, good step", keys: "+ = 1", tone: "good" },
  { label: 0, face: "0", name: "0, neutral step", keys: "0", tone: "neutral" },
  { label: -1, face: "−1", name: "−1, wrong step", keys: "-", tone: "bad" },
];

/**
 * Step-level labels per response (PRM800K): each step +1 / 0 / −1. With stopAtFirstNegative the
 * steps after the first −1 are greyed out and not labeled. Keys: + 0 − label and move to the next step.
 */
export function StepsQuestion({ question, value, onAnswer, responses, disabled, idBase, announce }: TQuestionProps<TStepsQuestion>) {
  return (
    <div className="steps">
      {responses.map((r, ri) => {
        const steps = splitSteps(r);
        const labels = stepLabels(value, r.id);
        const stop = question.stopAtFirstNegative ? firstNegative(labels) : -1;
        const done = labels.filter((l) => l !== null).length;
        const complete = stepsComplete(labels, steps.length, question.stopAtFirstNegative);
        const headingId = `${idBase}-${question.id}-${r.id}-steps`;
        const label = (si: number, l: TStepLabel) => {
          onAnswer(question.id, withStepLabels(value, r.id, setStepLabel(labels, si, l, question.stopAtFirstNegative)));
          if (l === -1 && question.stopAtFirstNegative && si < steps.length - 1) {
            announce(`Response ${r.letter}: step ${si + 1} is wrong, so steps ${si + 2} to ${steps.length} are not labeled.`);
          }
        };
        return (
          <section key={r.id} className="steps-response" aria-labelledby={headingId} data-complete={complete}>
            <header className="steps-head">
              <span className="letter-chip" data-hue={r.hue} aria-hidden="true">
                {r.letter}
              </span>
              <h4 id={headingId}>Response {r.letter}</h4>
              <span className="steps-count">{stop !== -1 ? `Stopped at step ${stop + 1}` : `${done} of ${steps.length} labeled`}</span>
            </header>
            <ol className="steps-list">
              {steps.map((text, si) => {
                const skipped = stop !== -1 && si > stop;
                const current = labels[si] ?? null;
                const textId = `${idBase}-${question.id}-${r.id}-${si}`;
                return (
                  // biome-ignore lint/suspicious/noArrayIndexKey: steps are positional and never reorder
                  <li key={si} className="step" data-label={skipped ? "skipped" : String(current)}>
                    <span className="step-num" aria-hidden="true">
                      {si + 1}
                    </span>
                    {/* Steps are lines of markdown; shown as plain text so `**4**` reads as 4. */}
                    <span className="step-text" id={textId}>
                      {markdownSnippet(text, 100_000)}
                    </span>
                    <div
                      className="step-options"
                      role="radiogroup"
                      aria-label={`Response ${r.letter}, step ${si + 1}${skipped ? " (after the first −1, not labeled)" : ""}`}
                      aria-describedby={textId}
                      aria-disabled={skipped || undefined}
                      data-cell=""
                      data-advance=""
                      data-keys-only=""
                      data-response-index={ri}
                      data-row={si}
                      data-response-ids={r.id}
                      data-answered={current !== null}
                    >
                      {LABELS.map((o) => (
                        <OptionRadio
                          key={o.label}
                          className="seg-step"
                          name={`${idBase}-${question.id}-${r.id}-${si}`}
                          value={String(o.label)}
                          checked={!skipped && current === o.label}
                          disabled={disabled || skipped}
                          onSelect={() => label(si, o.label)}
                          face={o.face}
                          accessibleName={o.name}
                          keys={o.keys}
                          tone={o.tone}
                        />
                      ))}
                    </div>
                  </li>
                );
              })}
            </ol>
          </section>
        );
      })}
    </div>
  );
}
