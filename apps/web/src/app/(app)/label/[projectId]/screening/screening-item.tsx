"use client";

import type { TFormDefinition, TScreeningAttempt } from "@rankwise/shared";
import { memo, useCallback, useMemo } from "react";
import { FormRenderer } from "../../../../../components/form/form-renderer.tsx";
import { PromptThread } from "../../../../../components/prompt-thread.tsx";
import { ResponseCard } from "../../../../../components/response-card.tsx";
import { responseHue, responseLetter } from "../../../../../lib/response-labels.ts";

export type TScreeningTask = TScreeningAttempt["tasks"][number];

/** One screening item: its prompt and responses, and the project's form beside them. */
export const ScreeningItem = memo(function ScreeningItem({
  task,
  index,
  total,
  form,
  value,
  errors,
  disabled,
  onChange,
}: {
  task: TScreeningTask;
  index: number;
  total: number;
  form: TFormDefinition;
  value: Record<string, unknown>;
  errors: Record<string, string[]> | undefined;
  disabled: boolean;
  onChange: (itemId: string, next: Record<string, unknown>) => void;
}) {
  const { item, pairs } = task;
  const labels = useMemo(() => Object.fromEntries(item.responses.map((r, i) => [r.id, responseLetter(i)])), [item.responses]);
  const change = useCallback((next: Record<string, unknown>) => onChange(item.id, next), [onChange, item.id]);
  const invalid = errors && Object.keys(errors).length > 0;
  return (
    <section
      className="panel screening-item"
      aria-labelledby={`screening-item-${index}`}
      data-testid="screening-item"
      data-item-id={item.id}
      data-invalid={invalid || undefined}
    >
      <h2 className="screening-item-title" id={`screening-item-${index}`}>
        Item {index + 1} <span className="screening-muted">of {total}</span>
      </h2>
      <div className="screening-item-grid">
        <div className="screening-item-main">
          <h3 className="section-label">Prompt</h3>
          <PromptThread messages={item.prompt} />
          <h3 className="section-label">Responses ({item.responses.length})</h3>
          <ul className="screening-responses">
            {item.responses.map((r, i) => (
              <li key={r.id}>
                <ResponseCard
                  responseId={r.id}
                  letter={responseLetter(i)}
                  hue={responseHue(i)}
                  content={r.content}
                  badge={null}
                  badgeTied={false}
                  active={false}
                />
              </li>
            ))}
          </ul>
        </div>
        <fieldset className="screening-item-form" disabled={disabled}>
          <legend className="visually-hidden">Your answers for item {index + 1}</legend>
          <FormRenderer
            form={form}
            responses={item.responses}
            pairs={pairs}
            value={value}
            onChange={change}
            errors={errors}
            labels={labels}
          />
        </fieldset>
      </div>
    </section>
  );
});
