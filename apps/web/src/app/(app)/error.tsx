"use client";

/** Shown when a signed-in page cannot be rendered, typically because the API is down. */
export default function AppError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="page">
      <div className="panel empty-state" role="alert">
        <h1>Rankwise can't load this page</h1>
        <p>The server did not answer as expected. It may be restarting; try again in a moment.</p>
        <div className="empty-state-actions">
          <button type="button" className="btn btn-primary" onClick={reset}>
            Try again
          </button>
        </div>
      </div>
    </div>
  );
}
