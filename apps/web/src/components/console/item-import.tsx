"use client";

import type { TImportLineError, TImportResult } from "@rankwise/shared";
import { useRouter } from "next/navigation";
import { type DragEvent, useEffect, useId, useRef, useState } from "react";
import { formatCount, plural } from "../../lib/format.ts";
import { formatBytes } from "./format.ts";
import { ErrorBlock } from "./state-views.tsx";
import { type TUploadProgress, UploadNetworkError, uploadJsonl } from "./upload-jsonl.ts";

type TSource = "file" | "paste";

type TState =
  | { kind: "idle" }
  | { kind: "uploading"; name: string; progress: TUploadProgress }
  | { kind: "done"; name: string; bytes: number; result: TImportResult }
  | { kind: "rejected"; name: string; bytes: number; message: string; lines: TImportLineError[] }
  | { kind: "failed"; message: string };

const EXAMPLE = `{"external_id": "q-001", "prompt": "How do I reverse a list in Python?", "responses": [{"id": "a", "model": "m1", "content": "Use items[::-1]."}, {"id": "b", "content": "Call items.reverse()."}]}`;

function readError(body: unknown): { code: string; message: string; lines: TImportLineError[] } {
  const error = (body as { error?: { code?: unknown; message?: unknown; issues?: unknown } } | null)?.error;
  const issues = Array.isArray(error?.issues) ? (error.issues as { path?: unknown; message?: unknown }[]) : [];
  const lines = issues.flatMap((i) => {
    const path = Array.isArray(i.path) ? i.path : [];
    return path[0] === "line" && typeof path[1] === "number" && typeof i.message === "string"
      ? [{ line: path[1], message: i.message }]
      : [];
  });
  return {
    code: typeof error?.code === "string" ? error.code : "",
    message: typeof error?.message === "string" ? error.message : "The import failed.",
    lines,
  };
}

/** JSONL import: pick or paste, watch the upload, then see exactly which lines were rejected and why. */
export function ItemImport({ projectId }: { projectId: string }) {
  const id = useId();
  const router = useRouter();
  const [source, setSource] = useState<TSource>("file");
  const [file, setFile] = useState<File | null>(null);
  const [pasted, setPasted] = useState("");
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [dragOver, setDragOver] = useState(false);
  const [state, setState] = useState<TState>({ kind: "idle" });
  const abortRef = useRef<(() => void) | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  useEffect(() => () => abortRef.current?.(), []);
  useEffect(() => {
    if (state.kind === "done" || state.kind === "rejected" || state.kind === "failed") resultRef.current?.focus();
  }, [state.kind]);

  const body: { blob: Blob; name: string } | null =
    source === "file"
      ? file
        ? { blob: file, name: file.name }
        : null
      : pasted.trim()
        ? { blob: new Blob([pasted], { type: "application/x-ndjson" }), name: "pasted lines" }
        : null;
  const busy = state.kind === "uploading";

  async function start(skip: boolean) {
    if (!body || busy) return;
    const { blob, name } = body;
    const url = `/api/v1/projects/${projectId}/items/import${skip ? "?skipInvalid=true" : ""}`;
    const upload = uploadJsonl(url, blob, (progress) => setState({ kind: "uploading", name, progress }));
    abortRef.current = upload.abort;
    try {
      const { status, body: answer } = await upload.done;
      if (status === 401) {
        window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname)}`);
        return;
      }
      if (status === 200) {
        setState({ kind: "done", name, bytes: blob.size, result: answer as TImportResult });
        router.refresh();
        return;
      }
      const err = readError(answer);
      if (status === 400 && err.lines.length > 0)
        setState({ kind: "rejected", name, bytes: blob.size, message: err.message, lines: err.lines });
      else setState({ kind: "failed", message: err.message });
    } catch (err) {
      if (err instanceof DOMException && err.name === "AbortError") setState({ kind: "idle" });
      else setState({ kind: "failed", message: err instanceof UploadNetworkError ? err.message : "The upload failed." });
    } finally {
      abortRef.current = null;
    }
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragOver(false);
    const dropped = e.dataTransfer.files[0];
    if (dropped) {
      setFile(dropped);
      setState({ kind: "idle" });
    }
  }

  return (
    <div className="tab-grid tab-grid-wide">
      <section className="card" aria-labelledby={`${id}-title`}>
        <div className="card-head">
          <div>
            <h2 id={`${id}-title`}>Import items</h2>
            <p>One item per line: a prompt and 2–16 responses. Re-importing an external_id updates it while nobody has answered it.</p>
          </div>
        </div>
        <div className="card-body stack">
          <div className="segmented" role="radiogroup" aria-label="Source">
            {(["file", "paste"] as const).map((s) => (
              <label key={s}>
                <input type="radio" name={`${id}-source`} value={s} checked={source === s} onChange={() => setSource(s)} disabled={busy} />
                {s === "file" ? "Upload a file" : "Paste lines"}
              </label>
            ))}
          </div>

          {source === "file" ? (
            <section
              className="dropzone"
              data-over={dragOver}
              aria-label="Drop a JSONL file here"
              onDragOver={(e) => {
                e.preventDefault();
                setDragOver(true);
              }}
              onDragLeave={() => setDragOver(false)}
              onDrop={onDrop}
            >
              <input
                ref={fileInput}
                id={`${id}-file`}
                className="visually-hidden"
                aria-label="JSONL file to import"
                type="file"
                accept=".jsonl,.ndjson,.json,.txt,application/x-ndjson,application/jsonl,text/plain"
                onChange={(e) => {
                  setFile(e.target.files?.[0] ?? null);
                  setState({ kind: "idle" });
                }}
                disabled={busy}
                data-testid="import-file"
              />
              {file ? (
                <span className="file-chip" data-testid="import-file-name">
                  <strong>{file.name}</strong>
                  <span className="muted">{formatBytes(file.size)}</span>
                  <button
                    type="button"
                    className="icon-btn"
                    aria-label={`Remove ${file.name}`}
                    onClick={() => setFile(null)}
                    disabled={busy}
                  >
                    ✕
                  </button>
                </span>
              ) : (
                <p>Drop a .jsonl file here, or</p>
              )}
              <button type="button" className="btn btn-sm" onClick={() => fileInput.current?.click()} disabled={busy}>
                {file ? "Choose another file" : "Choose a file"}
              </button>
            </section>
          ) : (
            <div className="f fields fields-1">
              <label htmlFor={`${id}-paste`}>JSONL lines</label>
              <textarea
                id={`${id}-paste`}
                className="paste-area"
                value={pasted}
                onChange={(e) => setPasted(e.target.value)}
                placeholder={EXAMPLE}
                spellCheck={false}
                disabled={busy}
                data-testid="import-paste"
              />
            </div>
          )}

          <label className="check">
            <input
              type="checkbox"
              checked={skipInvalid}
              onChange={(e) => setSkipInvalid(e.target.checked)}
              disabled={busy}
              data-testid="import-skip-invalid"
            />
            <span>
              Skip invalid lines
              <small>Import every valid line and list the bad ones. Off: one bad line rejects the whole file.</small>
            </span>
          </label>

          {state.kind === "uploading" && <UploadProgress name={state.name} progress={state.progress} />}
          {(state.kind === "done" || state.kind === "rejected") && (
            <UploadProgress name={state.name} progress={{ loaded: state.bytes, total: state.bytes, phase: "sending" }} finished />
          )}
        </div>
        <div className="card-foot">
          <span className="f-hint">
            {body ? `Ready: ${body.name} (${formatBytes(body.blob.size)})` : "Choose a file or paste lines to import."}
          </span>
          <div className="row">
            {busy && (
              <button type="button" className="btn" onClick={() => abortRef.current?.()}>
                Cancel
              </button>
            )}
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => start(skipInvalid)}
              disabled={!body || busy}
              data-testid="import-start"
            >
              {busy ? "Importing…" : "Import"}
            </button>
          </div>
        </div>
      </section>

      <div className="stack" ref={resultRef} tabIndex={-1} style={{ outline: "none" }}>
        {state.kind === "done" && <ImportSummary result={state.result} />}
        {state.kind === "rejected" && (
          <section className="card" data-testid="import-rejected">
            <div className="card-head">
              <div>
                <h2>Nothing was imported</h2>
                <p>{plural(state.lines.length, "line")} could not be read. Fix them and import again, or import only the valid lines.</p>
              </div>
              <button type="button" className="btn btn-sm btn-primary" onClick={() => start(true)} data-testid="import-skip-retry">
                Import the valid lines
              </button>
            </div>
            <LineErrorTable lines={state.lines} />
          </section>
        )}
        {state.kind === "failed" && (
          <ErrorBlock title="The import failed" message={state.message} onRetry={body ? () => start(skipInvalid) : undefined} />
        )}
        <details className="card guidelines">
          <summary>JSONL format</summary>
          <div className="stack-sm" style={{ padding: "12px 0 16px" }}>
            <pre className="code-block">{EXAMPLE}</pre>
            <ul className="muted" style={{ margin: 0, paddingLeft: 18 }}>
              <li>
                <code>prompt</code>: a string, or a list of <code>{"{role, content}"}</code> turns.
              </li>
              <li>
                <code>responses</code>: 2–16, each with <code>content</code>; optional <code>id</code>, <code>model</code>, and{" "}
                <code>steps</code> for step labels.
              </li>
              <li>
                <code>metadata</code>: any object, kept with the item.
              </li>
            </ul>
          </div>
        </details>
      </div>
    </div>
  );
}

function UploadProgress({ name, progress, finished = false }: { name: string; progress: TUploadProgress; finished?: boolean }) {
  const pct = progress.total > 0 ? Math.round((progress.loaded / progress.total) * 100) : 0;
  const processing = !finished && progress.phase === "processing";
  return (
    <div className="upload-progress" data-testid="import-progress" data-phase={finished ? "finished" : progress.phase}>
      <div className="row-between">
        <span>
          {finished ? "Uploaded" : processing ? "Checking and saving" : "Uploading"} <strong>{name}</strong>
        </span>
        <span className="muted nowrap" aria-hidden="true">
          {processing ? "on the server…" : `${pct}% · ${formatBytes(progress.loaded)} of ${formatBytes(progress.total)}`}
        </span>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label={`Upload of ${name}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={processing ? undefined : pct}
        aria-valuetext={processing ? "Uploaded; the server is checking the lines" : `${pct}%`}
        data-indeterminate={processing}
      >
        <div className="progress-fill" data-complete={finished} style={processing ? undefined : { width: `${pct}%` }} />
      </div>
    </div>
  );
}

function ImportSummary({ result }: { result: TImportResult }) {
  return (
    <section className="card" data-testid="import-result">
      <div className="card-head">
        <div>
          <h2>Import finished</h2>
          <p>{result.skipped > 0 ? `${plural(result.skipped, "line")} skipped; the rest were imported.` : "Every line was imported."}</p>
        </div>
      </div>
      <div className="card-body">
        <ul className="result-stats">
          <li>
            <strong data-testid="import-created">{formatCount(result.created)}</strong> created
          </li>
          <li>
            <strong>{formatCount(result.updated)}</strong> updated
          </li>
          <li>
            <strong>{formatCount(result.unchanged)}</strong> unchanged
          </li>
          <li>
            <strong data-testid="import-skipped">{formatCount(result.skipped)}</strong> skipped
          </li>
        </ul>
      </div>
      {result.errors.length > 0 && <LineErrorTable lines={result.errors} />}
    </section>
  );
}

function LineErrorTable({ lines }: { lines: TImportLineError[] }) {
  return (
    <div className="table-wrap line-errors">
      <table className="data-table dense" data-testid="line-errors">
        <caption className="visually-hidden">Lines that could not be imported, with the reason</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              Line
            </th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((l) => (
            <tr key={`${l.line}:${l.message}`} data-testid="line-error">
              <td className="num mono">{l.line}</td>
              <td className="wrap">{l.message}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
