"use client";

import type { TFormDefinition, TScreeningResult } from "@rankwise/shared";
import Link from "next/link";

const percent = (x: number | null) => (x === null ? "—" : `${Math.round(x * 100)}%`);

/**
 * The outcome of an attempt: score against the pass mark, what happens next, and (when the test
 * shows feedback) right or wrong per question. The API never sends the gold answers themselves.
 */
export function ScreeningResultView({
  projectId,
  result,
  form,
  itemOrder,
  onRetry,
}: {
  projectId: string;
  result: TScreeningResult;
  form: TFormDefinition;
  /** Item ids in the order the attempt showed them, to number the feedback the same way. */
  itemOrder: string[];
  onRetry: () => void;
}) {
  const titles = Object.fromEntries(form.questions.map((q) => [q.id, q.title]));
  const canRetry = !result.passed && result.memberStatus !== "FAILED" && result.attemptsLeft > 0;
  const heading =
    result.status === "EXPIRED" ? "Time ran out" : result.passed ? "You passed the screening test" : "You did not reach the pass mark";
  return (
    <div className="screening-result" data-testid="screening-result" data-passed={result.passed} data-status={result.status}>
      <section className="panel screening-score" aria-labelledby="screening-score-title">
        <h1 id="screening-score-title">{heading}</h1>
        <p className="screening-score-line">
          <span className="screening-score-value" data-testid="screening-score">
            {percent(result.score)}
          </span>
          <span className="screening-muted">pass mark {percent(result.passThreshold)}</span>
        </p>
        {result.passed ? (
          <>
            <p>You are qualified for this project and can start on live items now.</p>
            <div className="empty-state-actions">
              <Link className="btn btn-primary" href={`/label/${projectId}`} data-testid="screening-start-labeling">
                Start labeling <span aria-hidden="true">→</span>
              </Link>
            </div>
          </>
        ) : canRetry ? (
          <>
            <p data-testid="screening-attempts-left">
              {result.status === "EXPIRED" ? "The attempt expired before it was sent. " : ""}
              You have {result.attemptsLeft} {result.attemptsLeft === 1 ? "attempt" : "attempts"} left. Read the guidelines again before you
              retry.
            </p>
            <div className="empty-state-actions">
              <button type="button" className="btn btn-primary" onClick={onRetry} data-testid="screening-retry">
                Try again
              </button>
              <Link className="btn" href="/label">
                Later
              </Link>
            </div>
          </>
        ) : (
          <>
            <p data-testid="screening-attempts-left">
              No attempts are left, so you cannot label this project. A researcher can give you another try.
            </p>
            <div className="empty-state-actions">
              <Link className="btn" href="/label">
                Back to my projects
              </Link>
            </div>
          </>
        )}
      </section>

      {result.feedback && (
        <section className="panel" aria-labelledby="screening-feedback-title" data-testid="screening-feedback">
          <h2 id="screening-feedback-title">Per question</h2>
          <p className="screening-muted">Which of your answers matched the reference. The reference answers themselves stay private.</p>
          <ol className="screening-feedback-list">
            {[...result.feedback]
              .sort((a, b) => itemOrder.indexOf(a.itemId) - itemOrder.indexOf(b.itemId))
              .map((f) => (
                <li key={f.itemId} data-testid="screening-feedback-item">
                  <strong>Item {itemOrder.indexOf(f.itemId) + 1 || "?"}</strong>
                  <ul>
                    {f.questions.map((q) => (
                      <li key={q.questionId} data-correct={q.correct} data-testid="screening-feedback-question">
                        <span className="screening-mark" data-correct={q.correct} aria-hidden="true">
                          {q.correct ? "✓" : "✗"}
                        </span>
                        <span>{titles[q.questionId] ?? q.questionId}</span>
                        <span className="visually-hidden">{q.correct ? ": right" : ": not right"}</span>
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
          </ol>
        </section>
      )}
    </div>
  );
}
