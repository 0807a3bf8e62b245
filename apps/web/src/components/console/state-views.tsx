import type { ReactNode } from "react";

/** A quiet placeholder while data loads; announced once, politely. */
export function LoadingBlock({ label, rows = 3 }: { label: string; rows?: number }) {
  return (
    <div className="loading-block" role="status" aria-live="polite" data-testid="loading">
      <span className="visually-hidden">{label}</span>
      {Array.from({ length: rows }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: static placeholder rows
        <span key={i} className="skeleton-line" aria-hidden="true" style={{ width: `${92 - i * 14}%` }} />
      ))}
    </div>
  );
}

/** A failure in words, with a way to try again. Never shows raw error objects. */
export function ErrorBlock({ title, message, onRetry }: { title: string; message: string; onRetry?: () => void }) {
  return (
    <div className="alert" role="alert" data-testid="error-block">
      <span className="alert-title">{title}</span>
      <span>{message}</span>
      {onRetry && (
        <div className="alert-actions">
          <button type="button" className="btn" onClick={onRetry}>
            Try again
          </button>
        </div>
      )}
    </div>
  );
}

/** An empty list, explained, with the next step. */
export function EmptyBlock({
  title,
  children,
  action,
  testId,
}: {
  title: string;
  children?: ReactNode;
  action?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="empty-block" data-testid={testId}>
      <strong>{title}</strong>
      {children && <p>{children}</p>}
      {action}
    </div>
  );
}

export type TTone = "neutral" | "info" | "success" | "warning" | "danger" | "accent";

/** A short status word with a colour that is never the only signal. */
export function Badge({ tone = "neutral", children, testId }: { tone?: TTone; children: ReactNode; testId?: string }) {
  return (
    <span className="badge" data-tone={tone} data-testid={testId}>
      {children}
    </span>
  );
}

/** What a list resource can be in; `TResourceState` (use-api-resource.ts) is one. */
export type TLoadState<T> = { status: "loading" } | { status: "error"; error: string } | { status: "ready"; data: T };

/**
 * A card's content for a resource: a loading placeholder, the error with a retry, the empty state
 * when `isEmpty` says so, or `children` with the data.
 */
export function ResourceBody<T>({
  state,
  loading,
  errorTitle,
  onRetry,
  isEmpty,
  empty,
  children,
}: {
  state: TLoadState<T>;
  loading: string;
  errorTitle: string;
  onRetry: () => void;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  if (state.status === "loading") {
    return (
      <div className="card-body">
        <LoadingBlock label={loading} />
      </div>
    );
  }
  if (state.status === "error") {
    return (
      <div className="card-body">
        <ErrorBlock title={errorTitle} message={state.error} onRetry={onRetry} />
      </div>
    );
  }
  if (empty && isEmpty?.(state.data)) return <div className="card-body">{empty}</div>;
  return children(state.data);
}
