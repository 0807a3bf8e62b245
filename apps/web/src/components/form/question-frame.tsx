import type { TQuestion } from "@rankwise/shared";
import type { ReactNode } from "react";

const TYPE_NAMES: Record<TQuestion["type"], string> = {
  ranking: "Ranking",
  pairwise: "Comparison",
  rating: "Rating",
  choice: "Choice",
  text: "Written answer",
  rules: "Rules",
  steps: "Step labels",
};

type TProps = {
  question: TQuestion;
  number: number;
  idBase: string;
  answered: boolean;
  errors: readonly string[] | undefined;
  /** A one-line key hint for this question type, shown under the title. */
  hint?: ReactNode;
  children: ReactNode;
};

/**
 * One question as a fieldset: the legend names every control inside it; help and errors are tied
 * to it with aria-describedby. Focusable (tabIndex -1) so Esc out of a text field lands here.
 */
export function QuestionFrame({ question, number, idBase, answered, errors, hint, children }: TProps) {
  const helpId = `${idBase}-${question.id}-help`;
  const errorId = `${idBase}-${question.id}-errors`;
  const hasErrors = (errors?.length ?? 0) > 0;
  const describedBy = [question.help ? helpId : null, hasErrors ? errorId : null].filter(Boolean).join(" ") || undefined;
  return (
    <fieldset
      className="question"
      data-question-id={question.id}
      data-type={question.type}
      data-answered={answered}
      data-invalid={hasErrors}
      aria-describedby={describedBy}
      tabIndex={-1}
      data-testid="question"
    >
      <legend className="question-legend">
        <span className="question-num" aria-hidden="true">
          {answered ? (
            <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true" focusable="false">
              <path
                d="M2.5 6.2l2.3 2.3 4.7-5"
                fill="none"
                stroke="currentColor"
                strokeWidth="1.8"
                strokeLinecap="round"
                strokeLinejoin="round"
              />
            </svg>
          ) : (
            number
          )}
        </span>
        <span className="question-title" id={`${idBase}-${question.id}-title`}>
          <span className="visually-hidden">Question {number}: </span>
          {question.title}
          {!question.required && <span className="visually-hidden"> (optional)</span>}
        </span>
      </legend>
      <div className="question-meta">
        <span className="question-type">{TYPE_NAMES[question.type]}</span>
        {question.criterion && (
          <span className="tag tag-criterion" title="The criterion this question measures">
            {question.criterion}
          </span>
        )}
        {!question.required && (
          <span className="tag" aria-hidden="true">
            Optional
          </span>
        )}
        {question.condition && <span className="tag tag-followup">Follow-up</span>}
        {answered && <span className="visually-hidden">Answered.</span>}
      </div>
      {question.help && (
        <p className="question-help" id={helpId}>
          {question.help}
        </p>
      )}
      {hint && <p className="question-hint">{hint}</p>}
      <div className="question-body">{children}</div>
      {hasErrors && (
        <ul className="question-errors" id={errorId} data-testid="question-error">
          {errors?.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
