"use client";

import type { TImportLineError, TImportResult } from "@rankwise/shared";
import { useId, useState } from "react";
import { formatCount, plural } from "../../../lib/format.ts";
import { uploadJsonl } from "../upload-jsonl.ts";
import { type TGoldRole, withRole } from "./screening-items.ts";

type TState =
  | { kind: "idle" }
  | { kind: "uploading" }
  | { kind: "done"; result: TImportResult }
  | { kind: "failed"; message: string; lines: TImportLineError[] };

const EXAMPLE = `{"external_id": "screen-1", "prompt": "What is 7 × 8?", "responses": [{"id": "a", "content": "56"}, {"id": "b", "content": "54"}], "role": "screening"}`;

function readError(body: unknown): { message: string; lines: TImportLineError[] } {
  const error = (body as { error?: { message?: unknown; issues?: unknown } } | null)?.error;
  const issues = Array.isArray(error?.issues) ? (error.issues as { path?: unknown; message?: unknown }[]) : [];
  const lines = issues.flatMap((i) => {
    const path = Array.isArray(i.path) ? i.path : [];
    return path[0] === "line" && typeof path[1] === "number" && typeof i.message === "string"
      ? [{ line: path[1], message: i.message }]
      : [];
  });
  return { message: typeof error?.message === "string" ? error.message : "The import failed.", lines };
}

/**
 * Imports gold items (JSONL, pasted or from a file). Lines without a `role` get the one chosen
 * here, so the same file format as the Items tab works; lines that name a role keep it.
 */
export function GoldItemImport({ projectId, role, onImported }: { projectId: string; role: TGoldRole; onImported: () => void }) {
  const id = useId();
  const [text, setText] = useState("");
  const [state, setState] = useState<TState>({ kind: "idle" });
  const lineRole = role === "SCREENING" ? "screening" : "honeypot";
  const busy = state.kind === "uploading";

  async function onFile(file: File | undefined) {
    if (!file) return;
    setText(await file.text());
    setState({ kind: "idle" });
  }

  async function start() {
    if (!text.trim() || busy) return;
    setState({ kind: "uploading" });
    const body = new Blob([withRole(text, lineRole)], { type: "application/x-ndjson" });
    try {
      const { status, body: answer } = await uploadJsonl(`/api/v1/projects/${projectId}/items/import`, body, () => {}).done;
      if (status === 401) {
        window.location.assign(`/login?next=${encodeURIComponent(window.location.pathname)}`);
        return;
      }
      if (status === 200) {
        setState({ kind: "done", result: answer as TImportResult });
        setText("");
        onImported();
        return;
      }
      setState({ kind: "failed", ...readError(answer) });
    } catch (err) {
      setState({ kind: "failed", message: err instanceof Error ? err.message : "The upload failed.", lines: [] });
    }
  }

  return (
    <details className="gold-import" data-testid="gold-import">
      <summary>Import {role === "SCREENING" ? "screening" : "honeypot"} items (JSONL)</summary>
      <div className="stack-sm" style={{ paddingTop: 10 }}>
        <p className="f-hint" style={{ margin: 0 }}>
          The Items tab's format, one item per line. Lines without <code>role</code> become {lineRole} items. Re-importing an external_id
          updates it while nobody has answered it.
        </p>
        <div className="f">
          <label htmlFor={`${id}-text`}>Lines</label>
          <textarea
            id={`${id}-text`}
            className="control mono"
            rows={5}
            value={text}
            placeholder={EXAMPLE}
            onChange={(e) => {
              setText(e.target.value);
              setState({ kind: "idle" });
            }}
            disabled={busy}
            data-testid="gold-import-text"
          />
        </div>
        <div className="row-between">
          <label className="btn btn-sm">
            Choose a file…
            <input
              type="file"
              accept=".jsonl,.ndjson,.json,application/x-ndjson,text/plain"
              className="visually-hidden"
              onChange={(e) => onFile(e.target.files?.[0])}
              data-testid="gold-import-file"
            />
          </label>
          <button
            type="button"
            className="btn btn-primary btn-sm"
            onClick={start}
            disabled={busy || !text.trim()}
            data-testid="gold-import-submit"
          >
            {busy ? "Importing…" : "Import"}
          </button>
        </div>
        {state.kind === "done" && (
          <p className="muted" role="status" style={{ margin: 0 }} data-testid="gold-import-result">
            {plural(state.result.created, "item")} added, {formatCount(state.result.updated)} updated, {formatCount(state.result.unchanged)}{" "}
            unchanged
            {state.result.skipped ? `, ${formatCount(state.result.skipped)} skipped` : ""}.
          </p>
        )}
        {state.kind === "failed" && (
          <div className="alert" role="alert" data-testid="gold-import-error">
            <span className="alert-title">Nothing was imported</span>
            <span>{state.message}</span>
            {state.lines.length > 0 && (
              <ul className="line-errors">
                {state.lines.slice(0, 20).map((l) => (
                  <li key={`${l.line}-${l.message}`}>
                    Line {l.line}: {l.message}
                  </li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
    </details>
  );
}
