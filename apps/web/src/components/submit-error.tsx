import type { TErrorIssue } from "@rankwise/shared";

export type TSubmitError = { status: number; code: string; message: string; issues: TErrorIssue[] };

/** Why a submit failed, in the API's words, with the one action that can fix it. */
export function SubmitError({ error, onRetry, onNewTask }: { error: TSubmitError; onRetry: () => void; onNewTask: () => void }) {
  // 409 (lease expired, already answered) and 404 cannot be fixed by resubmitting this task.
  const needsNewTask = error.status === 409 || error.status === 404;
  const canRetry = error.status === 0 || error.status >= 500 || error.status === 429;
  return (
    <div className="alert" role="alert" data-testid="submit-error" data-code={error.code}>
      <span className="alert-title">{needsNewTask ? "This task can't be submitted" : "Not submitted"}</span>
      <span>{error.message}</span>
      {error.issues.length > 0 && (
        <ul>
          {error.issues.map((issue) => (
            <li key={`${issue.path.join(".")}:${issue.message}`}>{issue.message}</li>
          ))}
        </ul>
      )}
      {(needsNewTask || canRetry) && (
        <div className="alert-actions">
          {needsNewTask && (
            <button type="button" className="btn" onClick={onNewTask} data-testid="fetch-new-task">
              Get a new task
            </button>
          )}
          {canRetry && (
            <button type="button" className="btn" onClick={onRetry} data-testid="retry-submit">
              Try again
            </button>
          )}
        </div>
      )}
    </div>
  );
}
