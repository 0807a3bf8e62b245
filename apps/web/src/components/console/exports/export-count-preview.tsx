"use client";

import { NO_CRITERION, type TExportPreview, type TExportSpec } from "@rankwise/shared";
import { type ReactNode, useEffect, useState } from "react";
import { ApiError, apiFetch, errorMessage, redirectToLogin } from "../../../lib/api-client.ts";
import { formatCount } from "../../../lib/format.ts";
import { LoadingBlock } from "../state-views.tsx";
import { useDebouncedValue } from "../use-api-resource.ts";

type TState =
  | { kind: "idle" }
  | { kind: "loading"; last: TExportPreview | null }
  | { kind: "ready"; preview: TExportPreview }
  | { kind: "rejected"; message: string }
  | { kind: "unavailable" }
  | { kind: "error"; message: string };

const SPLITS = ["train", "test", "validation"] as const;

/**
 * What the export would contain, recomputed by the API (same reader and row builder as the
 * worker) while the spec is edited, half a second after the last change.
 */
export function ExportCountPreview({
  projectId,
  spec,
  criteriaNames,
  footer,
}: {
  projectId: string;
  spec: TExportSpec | null;
  criteriaNames: Record<string, string>;
  footer?: ReactNode;
}) {
  const key = useDebouncedValue(spec ? JSON.stringify(spec) : null, 500);
  const [state, setState] = useState<TState>({ kind: "idle" });
  const [nonce, setNonce] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `nonce` is the retry trigger
  useEffect(() => {
    if (!key) return;
    const ac = new AbortController();
    setState((s) => ({ kind: "loading", last: s.kind === "ready" ? s.preview : s.kind === "loading" ? s.last : null }));
    apiFetch<TExportPreview>(`/api/v1/projects/${projectId}/exports/preview`, { method: "POST", body: key, signal: ac.signal })
      .then(({ data }) => {
        if (!ac.signal.aborted && data) setState({ kind: "ready", preview: data });
      })
      .catch((err: unknown) => {
        if (ac.signal.aborted) return;
        if (err instanceof ApiError && err.status === 401) return redirectToLogin();
        // An API without the preview route: say so once instead of failing on every keystroke.
        if (err instanceof ApiError && err.status === 404 && err.message.startsWith("Route ")) return setState({ kind: "unavailable" });
        if (err instanceof ApiError && err.status === 400) return setState({ kind: "rejected", message: err.message });
        setState({ kind: "error", message: errorMessage(err) });
      });
    return () => ac.abort();
  }, [key, projectId, nonce]);

  const shown = state.kind === "ready" ? state.preview : state.kind === "loading" ? state.last : null;
  const updating = state.kind === "loading" || (spec !== null && key !== JSON.stringify(spec));
  return (
    <section className="card count-preview" aria-labelledby="count-preview-title" data-testid="export-preview" aria-busy={updating}>
      <div className="card-head">
        <div>
          <h2 id="count-preview-title">Before you run it</h2>
          <p>Rows this spec would write, per split.</p>
        </div>
        {updating && shown && (
          <span className="faint" style={{ fontSize: 12 }}>
            Updating…
          </span>
        )}
      </div>
      <div className="card-body stack-sm" aria-live="polite">
        {spec === null && (
          <p className="muted" style={{ margin: 0 }}>
            Fix the marked settings to see counts.
          </p>
        )}
        {spec !== null && state.kind === "idle" && <LoadingBlock label="Counting…" rows={3} />}
        {spec !== null && state.kind === "loading" && !state.last && <LoadingBlock label="Counting…" rows={3} />}
        {spec !== null && state.kind === "unavailable" && (
          <p className="muted" style={{ margin: 0 }}>
            This API cannot preview counts yet; the export itself will report them.
          </p>
        )}
        {spec !== null && state.kind === "rejected" && (
          <p className="notice-warning" role="alert" style={{ margin: 0 }} data-testid="export-preview-rejected">
            {state.message}
          </p>
        )}
        {spec !== null && state.kind === "error" && (
          <div className="alert" role="alert">
            <span>Counts are unavailable: {state.message}</span>
            <div className="alert-actions">
              <button type="button" className="btn btn-sm" onClick={() => setNonce((n) => n + 1)}>
                Try again
              </button>
            </div>
          </div>
        )}
        {spec !== null && shown && <PreviewNumbers preview={shown} criteriaNames={criteriaNames} dim={updating} />}
      </div>
      {footer && <div className="card-foot">{footer}</div>}
    </section>
  );
}

function PreviewNumbers({ preview, criteriaNames, dim }: { preview: TExportPreview; criteriaNames: Record<string, string>; dim: boolean }) {
  const { counts } = preview;
  const max = Math.max(1, ...SPLITS.map((s) => counts.splits[s]));
  const criteria = Object.entries(counts.criteria).sort((a, b) => b[1] - a[1]);
  return (
    <div className="stack-sm" style={{ opacity: dim ? 0.6 : 1, transition: "opacity 120ms" }}>
      <div className="row-between">
        <span>
          <strong className="stat-value" data-testid="export-preview-rows">
            {formatCount(counts.rows)}
          </strong>{" "}
          <span className="muted">rows</span>
        </span>
        {counts.rows === 0 && (
          <span className="badge" data-tone="warning">
            Nothing to export
          </span>
        )}
      </div>
      <ul className="split-bars" aria-label="Rows per split">
        {SPLITS.map((s) => (
          <li key={s} data-testid={`export-preview-${s}`}>
            <span>{s}</span>
            <div className="progress" aria-hidden="true">
              <div className="progress-fill" style={{ width: `${(counts.splits[s] / max) * 100}%` }} />
            </div>
            <span className="num">{formatCount(counts.splits[s])}</span>
          </li>
        ))}
      </ul>
      <dl className="kv">
        <dt>Pairs</dt>
        <dd>
          {formatCount(counts.pairs)}
          {counts.ties > 0 && <span className="muted"> · {formatCount(counts.ties)} ties</span>}
        </dd>
        <dt>Duplicates dropped</dt>
        <dd>{formatCount(counts.duplicates)}</dd>
        <dt>From</dt>
        <dd>
          {formatCount(counts.annotations)} answers on {formatCount(counts.items)} items
        </dd>
        <dt>Labelers</dt>
        <dd>
          {formatCount(counts.labelers.HUMAN)} human · {formatCount(counts.labelers.AI)} AI
        </dd>
        {criteria.length > 0 && (
          <>
            <dt>By criterion</dt>
            <dd>{criteria.map(([c, n]) => `${c === NO_CRITERION ? "none" : (criteriaNames[c] ?? c)} ${formatCount(n)}`).join(" · ")}</dd>
          </>
        )}
      </dl>
      {!preview.complete && (
        <p className="f-hint" style={{ margin: 0 }}>
          Estimated from the first {formatCount(preview.annotationsScanned)} of {formatCount(preview.annotationsTotal)} answers.
        </p>
      )}
    </div>
  );
}
