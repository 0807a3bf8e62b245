"use client";

import type { TQuestion } from "@rankwise/shared";
import { type FocusEvent, memo, type ReactNode, useCallback, useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from "react";
import { isAnswered, visibleQuestions } from "../../lib/form-answers.ts";
import { markdownSnippet, responseHue, responseLetter } from "../../lib/response-labels.ts";
import { ChoiceQuestion } from "./choice-question.tsx";
import { useFormHost } from "./form-host.ts";
import { handleFormKeyDown, rememberFocus } from "./form-keyboard.ts";
import { PairwiseQuestion } from "./pairwise-question.tsx";
import { QuestionFrame } from "./question-frame.tsx";
import { RankingQuestion } from "./ranking-question.tsx";
import { RatingQuestion } from "./rating-question.tsx";
import { RulesQuestion } from "./rules-question.tsx";
import { StepsQuestion } from "./steps-question.tsx";
import { TextQuestion } from "./text-question.tsx";
import type { TFormRendererProps, TQuestionProps, TResponseView } from "./types.ts";
import "./form.css";

export type { TFormRendererProps } from "./types.ts";

const NO_ERRORS: readonly string[] = [];

function hintFor(q: TQuestion, responses: number): ReactNode {
  switch (q.type) {
    case "ranking":
      return (
        <>
          <kbd>↑</kbd>
          <kbd>↓</kbd> focus · <kbd>Shift</kbd>+<kbd>↑</kbd>
          <kbd>↓</kbd> move · <kbd>1</kbd>–<kbd>{Math.min(9, responses)}</kbd> place{q.allowTies ? " · " : ""}
          {q.allowTies && (
            <>
              <kbd>T</kbd> tie
            </>
          )}
        </>
      );
    case "pairwise":
      return (
        <>
          <kbd>←</kbd>
          <kbd>→</kbd> or <kbd>1</kbd>–<kbd>{Math.min(9, q.strengths.length * 2 + (q.allowTie ? 1 : 0))}</kbd> choose
        </>
      );
    case "rating":
      return (
        <>
          <kbd>1</kbd>–<kbd>{Math.min(9, q.max - q.min + 1)}</kbd> rate and go to the next response · <kbd>[</kbd>
          <kbd>]</kbd> switch response
        </>
      );
    case "choice":
      return (
        <>
          <kbd>1</kbd>–<kbd>{Math.min(9, q.options.length)}</kbd> {q.multiple ? "toggle" : "choose"}
        </>
      );
    case "text":
      return null;
    case "rules":
      return (
        <>
          <kbd>1</kbd> yes · <kbd>2</kbd> no{q.allowUnsure ? " · " : ""}
          {q.allowUnsure && (
            <>
              <kbd>3</kbd> unsure
            </>
          )}{" "}
          then the next rule · <kbd>[</kbd>
          <kbd>]</kbd> response · <kbd>E</kbd> quote evidence
        </>
      );
    case "steps":
      return (
        <>
          <kbd>+</kbd> good · <kbd>0</kbd> neutral · <kbd>-</kbd> wrong, then the next step · <kbd>[</kbd>
          <kbd>]</kbd> response
        </>
      );
  }
}

type TItemProps = Omit<TQuestionProps, "invalid"> & { number: number; errors: readonly string[] };

const QuestionItem = memo(function QuestionItem({ number, errors, ...rest }: TItemProps) {
  const { question, value, responses, idBase } = rest;
  const props = { ...rest, invalid: errors.length > 0 };
  let body: ReactNode;
  switch (question.type) {
    case "ranking":
      body = <RankingQuestion {...props} question={question} />;
      break;
    case "pairwise":
      body = <PairwiseQuestion {...props} question={question} />;
      break;
    case "rating":
      body = <RatingQuestion {...props} question={question} />;
      break;
    case "choice":
      body = <ChoiceQuestion {...props} question={question} />;
      break;
    case "text":
      body = <TextQuestion {...props} question={question} />;
      break;
    case "rules":
      body = <RulesQuestion {...props} question={question} />;
      break;
    case "steps":
      body = <StepsQuestion {...props} question={question} />;
      break;
  }
  return (
    <QuestionFrame
      question={question}
      number={number}
      idBase={idBase}
      answered={isAnswered(question, value, responses)}
      errors={errors}
      hint={hintFor(question, responses.length)}
    >
      {body}
    </QuestionFrame>
  );
});

/**
 * Renders a whole feedback form for one item: every visible question, in order, with full
 * keyboard support (see form-keyboard.ts). Controlled: `value` in, `onChange(next)` out.
 * Used by the labeler's task page and by the console's live preview of the form builder.
 */
export const FormRenderer = memo(function FormRenderer({ form, responses, pairs, value, onChange, errors, labels }: TFormRendererProps) {
  const host = useFormHost();
  const idBase = `f${useId().replace(/[^a-zA-Z0-9_-]/g, "")}`;
  const root = useRef<HTMLDivElement>(null);
  const latest = useRef({ value, onChange });
  const [ownMessage, setOwnMessage] = useState("");

  useLayoutEffect(() => {
    latest.current = { value, onChange };
  }, [value, onChange]);

  /** Stable across renders; chained calls before a re-render build on each other. */
  const onAnswer = useCallback((questionId: string, answer: unknown) => {
    const next = { ...latest.current.value };
    if (answer === undefined) delete next[questionId];
    else next[questionId] = answer;
    latest.current = { ...latest.current, value: next };
    latest.current.onChange(next);
  }, []);

  const hostAnnounce = host.announce;
  const announce = useCallback(
    (message: string) => {
      if (hostAnnounce) {
        hostAnnounce(message);
        return;
      }
      setOwnMessage("");
      window.setTimeout(() => setOwnMessage(message), 30);
    },
    [hostAnnounce],
  );

  const views: TResponseView[] = useMemo(
    () =>
      responses.map((r, i) => ({
        id: r.id,
        content: r.content,
        steps: r.steps,
        letter: labels?.[r.id] ?? responseLetter(i),
        hue: responseHue(i),
        snippet: markdownSnippet(r.content),
      })),
    [responses, labels],
  );

  const visible = visibleQuestions(form, value);
  const visibleKey = visible.map((q) => q.id).join(" ");

  // A follow-up question appearing is announced, so a screen reader user knows the form grew.
  const shown = useRef<Set<string> | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the visible ids on purpose
  useEffect(() => {
    const before = shown.current;
    const now = new Set(visible.map((q) => q.id));
    shown.current = now;
    if (!before) return;
    const added = visible.filter((q) => !before.has(q.id));
    if (added.length) announce(`Follow-up question shown: ${added.map((q) => q.title).join("; ")}`);
  }, [visibleKey]);

  const onFocus = (event: FocusEvent<HTMLDivElement>) => {
    const target = event.target as HTMLElement;
    if (root.current) rememberFocus(root.current, target);
    const owner = target.closest<HTMLElement>("[data-response-ids]");
    const ids = owner?.dataset.responseIds?.split(" ") ?? (target.dataset.responseId ? [target.dataset.responseId] : []);
    host.onActiveResponses?.(ids);
  };

  const onBlur = (event: FocusEvent<HTMLDivElement>) => {
    if (!root.current?.contains(event.relatedTarget as Node | null)) host.onActiveResponses?.([]);
  };

  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset here would wrap every question's own fieldset in a legend-less one
    <div
      ref={root}
      className="form-renderer"
      role="group"
      aria-label="Questions"
      data-form-renderer=""
      onKeyDown={(e) => {
        if (root.current) handleFormKeyDown(e, root.current);
      }}
      onFocus={onFocus}
      onBlur={onBlur}
    >
      {visible.map((q, i) => (
        <QuestionItem
          key={q.id}
          number={i + 1}
          question={q}
          value={Object.hasOwn(value, q.id) ? value[q.id] : undefined}
          errors={errors?.[q.id] ?? NO_ERRORS}
          onAnswer={onAnswer}
          responses={views}
          pairs={pairs}
          disabled={host.disabled ?? false}
          announce={announce}
          idBase={idBase}
        />
      ))}
      {!hostAnnounce && (
        <div className="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="form-live-region">
          {ownMessage}
        </div>
      )}
    </div>
  );
});
