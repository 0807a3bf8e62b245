"use client";

import type { TExport, TExportManifest } from "@rankwise/shared";
import Link from "next/link";
import { useState } from "react";
import { ApiError, apiFetch, errorMessage, redirectToLogin } from "../../../lib/api-client.ts";
import { formatCount } from "../../../lib/format.ts";
import { CopyButton } from "../copy-button.tsx";
import { formatBytes, formatDateTime, shortId } from "../format.ts";
import { Badge, ErrorBlock, LoadingBlock, type TTone } from "../state-views.tsx";
import { describeSpec, FORMATS, splitText } from "./export-spec-draft.ts";
import { exportSnippets } from "./export-snippets.ts";
import { TrainingRuns } from "./training-runs.tsx";
import { ACTIVE_STATUSES } from "./use-live-exports.ts";

const STATUS: Record<TExport["status"], { label: string; tone: TTone }> = {
  QUEUED: { label: "Queued", tone: "neutral" },
  RUNNING: { label: "Running", tone: "info" },
  COMPLETED: { label: "Completed", tone: "success" },
  FAILED: { label: "Failed", tone: "danger" },
  CANCELLED: { label: "Cancelled", tone: "warning" },
};

type TProps = {
  exp: TExport;
  criteriaNames: Record<string, string>;
  /** On the all-projects list: which project, linking to its Exports tab. */
  project?: { id: string; name: string };
  onChange: (next: TExport) => void;
  onRemove: (id: string) => void;
  defaultOpen?: boolean;
};

/** One export: status and live progress in a row; files, downloads, code, manifest and training runs below. */
export function ExportItem({ exp, criteriaNames, project, onChange, onRemove, defaultOpen = false }: TProps) {
  const [open, setOpen] = useState(defaultOpen);
  const [busy, setBusy] = useState<null | "cancel" | "delete">(null);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const active = ACTIVE_STATUSES.includes(exp.status);
  const pct = Math.round(exp.progress * 100);
  const detailId = `export-detail-${exp.id}`;
  const title = `${FORMATS[exp.spec.format].label} · ${describeSpec(exp.spec, criteriaNames)}`;

  async function act(kind: "cancel" | "delete") {
    setBusy(kind);
    setFailure(null);
    try {
      if (kind === "cancel") {
        const { data } = await apiFetch<TExport>(`/api/v1/exports/${exp.id}/cancel`, { method: "POST" });
        if (data) onChange(data);
      } else {
        await apiFetch(`/api/v1/exports/${exp.id}`, { method: "DELETE" });
        onRemove(exp.id);
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return redirectToLogin();
      setFailure(errorMessage(err));
    } finally {
      setBusy(null);
      setConfirmDelete(false);
    }
  }

  return (
    <li className="card" id={`export-${exp.id}`} data-testid="export-item" data-export-id={exp.id} data-status={exp.status}>
      <div className="export-row">
        <div className="export-title">
          <strong title={title}>{title}</strong>
          <span>
            {project && (
              <>
                <Link href={`/projects/${project.id}/exports#export-${exp.id}`}>{project.name}</Link> ·{" "}
              </>
            )}
            {formatDateTime(exp.createdAt)} · <span className="mono">{shortId(exp.id)}</span>
          </span>
        </div>
        <div>
          <Badge tone={STATUS[exp.status].tone} testId="export-status">
            {STATUS[exp.status].label}
          </Badge>
        </div>
        <div className="export-progress">
          <div
            className="progress"
            role="progressbar"
            aria-label={`Export ${shortId(exp.id)} progress`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={pct}
            data-testid="export-progress"
          >
            <div
              className="progress-fill"
              data-complete={exp.status === "COMPLETED"}
              style={{ width: `${exp.status === "COMPLETED" ? 100 : pct}%` }}
            />
          </div>
          <span>
            {exp.status === "COMPLETED"
              ? `${formatCount(exp.counts.rows ?? 0)} rows · ${formatCount(exp.counts.pairs ?? 0)} pairs`
              : exp.status === "QUEUED"
                ? "Waiting for a worker…"
                : exp.status === "RUNNING"
                  ? `${pct}% · ${formatCount(exp.rowsDone)}${exp.rowsTotal !== null ? ` of ${formatCount(exp.rowsTotal)}` : ""} answers read`
                  : exp.status === "FAILED"
                    ? "Stopped with an error"
                    : "Stopped before finishing"}
          </span>
        </div>
        <div className="muted" style={{ fontSize: 12 }}>
          {exp.files.length > 0 ? exp.files.map((f) => `${f.split} ${formatCount(f.rows)}`).join(" · ") : splitText(exp.spec)}
        </div>
        <div className="row" style={{ flexWrap: "nowrap" }}>
          {active && (
            <button type="button" className="btn btn-sm" onClick={() => act("cancel")} disabled={busy !== null} data-testid="export-cancel">
              {busy === "cancel" ? "Cancelling…" : "Cancel"}
            </button>
          )}
          <button
            type="button"
            className="btn btn-sm"
            aria-expanded={open}
            aria-controls={detailId}
            onClick={() => setOpen(!open)}
            data-testid="export-toggle"
          >
            {open ? "Hide" : "Details"}
          </button>
        </div>
      </div>
      {failure && (
        <div style={{ padding: "0 16px 12px" }}>
          <ErrorBlock title="That did not work" message={failure} />
        </div>
      )}
      {open && (
        <div className="export-detail" id={detailId} data-testid="export-detail">
          {exp.status === "FAILED" && exp.error && <ErrorBlock title="The export failed" message={exp.error} />}
          {exp.status === "COMPLETED" ? (
            <>
              <ExportFiles exp={exp} />
              <ExportCode exp={exp} />
              <ExportManifest exportId={exp.id} />
            </>
          ) : (
            <p className="muted" style={{ margin: 0 }}>
              {active ? "Files, downloads and code appear here once the export completes." : "This export has no files."}
            </p>
          )}
          <section>
            <h4>Settings</h4>
            <dl className="kv">
              <dt>Format</dt>
              <dd>
                {exp.spec.format} <span className="muted">({FORMATS[exp.spec.format].rows})</span>
              </dd>
              <dt>Labelers</dt>
              <dd>
                {exp.spec.labelerKind.toLowerCase()}
                {exp.spec.minTier ? `, ${exp.spec.minTier.toLowerCase().replace("_", " ")} and above` : ""}
                {exp.spec.excludeHoneypots ? ", no honeypots" : ""}
              </dd>
              <dt>Pairs</dt>
              <dd>
                {exp.spec.pairs}, aggregation {exp.spec.aggregation}
                {exp.spec.aggregation !== "none" ? ` (≥ ${exp.spec.minAnnotators} annotators)` : ""}
                {exp.spec.keepTies ? ", ties kept" : ""}
              </dd>
              <dt>Split</dt>
              <dd>{splitText(exp.spec)}</dd>
              {exp.sha256 && (
                <>
                  <dt>Digest</dt>
                  <dd className="mono">{exp.sha256}</dd>
                </>
              )}
            </dl>
          </section>
          {exp.status === "COMPLETED" && (
            <section>
              <h4>Training runs</h4>
              <TrainingRuns exportId={exp.id} />
            </section>
          )}
          {!active && (
            <div className="row">
              {confirmDelete ? (
                <>
                  <span>Delete this export and its files?</span>
                  <button
                    type="button"
                    className="btn btn-sm btn-danger"
                    onClick={() => act("delete")}
                    disabled={busy !== null}
                    data-testid="export-delete-confirm"
                  >
                    {busy === "delete" ? "Deleting…" : "Delete"}
                  </button>
                  <button type="button" className="btn btn-sm" onClick={() => setConfirmDelete(false)}>
                    Keep it
                  </button>
                </>
              ) : (
                <button type="button" className="btn btn-sm btn-danger" onClick={() => setConfirmDelete(true)} data-testid="export-delete">
                  Delete export
                </button>
              )}
            </div>
          )}
        </div>
      )}
    </li>
  );
}

function ExportFiles({ exp }: { exp: TExport }) {
  return (
    <section>
      <h4>Files</h4>
      <div className="table-wrap card">
        <table className="data-table dense" data-testid="export-files">
          <caption className="visually-hidden">Files of this export, one per split</caption>
          <thead>
            <tr>
              <th scope="col">Split</th>
              <th scope="col">File</th>
              <th scope="col" className="num">
                Rows
              </th>
              <th scope="col" className="num">
                Size
              </th>
              <th scope="col">sha256</th>
              <th scope="col">
                <span className="visually-hidden">Download</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {exp.files.map((f) => (
              <tr key={f.split}>
                <td>
                  <strong>{f.split}</strong>
                </td>
                <td className="mono">{f.name}</td>
                <td className="num">{formatCount(f.rows)}</td>
                <td className="num">{formatBytes(f.bytes)}</td>
                <td className="mono" title={f.sha256}>
                  {f.sha256.slice(0, 12)}…
                </td>
                <td>
                  <a
                    className="btn btn-sm"
                    href={`/api/v1/exports/${exp.id}/download?split=${encodeURIComponent(f.split)}`}
                    download
                    data-testid={`download-${f.split}`}
                  >
                    Download <span className="visually-hidden">{f.split}</span>
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const CODE_TABS = [
  ["curl", "curl"],
  ["python", "Python · datasets"],
  ["trainer", "Trainer"],
] as const;

function ExportCode({ exp }: { exp: TExport }) {
  const [tab, setTab] = useState<(typeof CODE_TABS)[number][0]>("curl");
  // Rendered only after a click, so reading the browser's origin cannot upset hydration.
  const snippets = exportSnippets(exp, window.location.origin);
  const code = snippets[tab];
  return (
    <section>
      <h4>Use it</h4>
      <fieldset className="snippet-tabs">
        <legend className="visually-hidden">Code to show</legend>
        {CODE_TABS.map(([key, label]) => (
          <button
            key={key}
            type="button"
            aria-pressed={tab === key}
            aria-controls={`snippet-${exp.id}`}
            onClick={() => setTab(key)}
            data-testid={`snippet-tab-${key}`}
          >
            {label}
          </button>
        ))}
      </fieldset>
      <div className="snippet" id={`snippet-${exp.id}`} aria-live="polite">
        <pre className="code-block" data-testid="snippet-code">
          {code}
        </pre>
        <CopyButton text={code} testId="snippet-copy" />
      </div>
    </section>
  );
}

function ExportManifest({ exportId }: { exportId: string }) {
  const [state, setState] = useState<
    { kind: "closed" } | { kind: "loading" } | { kind: "ready"; manifest: TExportManifest } | { kind: "error"; message: string }
  >({
    kind: "closed",
  });
  async function toggle() {
    if (state.kind === "ready" || state.kind === "loading") return setState({ kind: "closed" });
    setState({ kind: "loading" });
    try {
      const { data } = await apiFetch<TExportManifest>(`/api/v1/exports/${exportId}/manifest`);
      setState(data ? { kind: "ready", manifest: data } : { kind: "error", message: "The manifest is empty." });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return redirectToLogin();
      setState({ kind: "error", message: errorMessage(err) });
    }
  }
  return (
    <section>
      <h4>Manifest</h4>
      <div className="row">
        <button type="button" className="btn btn-sm" onClick={toggle} aria-expanded={state.kind === "ready"} data-testid="manifest-toggle">
          {state.kind === "ready" ? "Hide manifest" : "Show manifest"}
        </button>
        <a className="btn btn-sm btn-ghost" href={`/api/v1/exports/${exportId}/files/manifest.json`} download>
          manifest.json
        </a>
        <a className="btn btn-sm btn-ghost" href={`/api/v1/exports/${exportId}/files/README.md`} download>
          Dataset card (README.md)
        </a>
      </div>
      {state.kind === "loading" && <LoadingBlock label="Loading the manifest…" rows={2} />}
      {state.kind === "error" && <ErrorBlock title="The manifest could not be loaded" message={state.message} onRetry={toggle} />}
      {state.kind === "ready" && (
        <pre className="code-block" style={{ marginTop: 8, maxHeight: 320 }} data-testid="manifest">
          {JSON.stringify(state.manifest, null, 2)}
        </pre>
      )}
    </section>
  );
}
