"use client";

import type { TItemFlag, TResolveFlagsResult } from "@rankwise/shared";
import { useId, useState } from "react";
import { ApiError, apiFetch, errorMessage, redirectToLogin } from "../../../lib/api-client.ts";
import { formatDate } from "../../../lib/format.ts";
import { FLAG_LABELS } from "../../flag-dialog.tsx";
import { Badge } from "../state-views.tsx";

type TProps = { projectId: string; itemId: string; flags: TItemFlag[]; onChange: (flags: TItemFlag[]) => void };

/** Labelers' flags on the item, and resolving the open ones (recorded in the audit log). */
export function ItemFlags({ projectId, itemId, flags, onChange }: TProps) {
  const id = useId();
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const open = flags.filter((f) => f.resolvedAt === null);

  async function resolve() {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const { data } = await apiFetch<TResolveFlagsResult>(`/api/v1/projects/${projectId}/items/${itemId}/flags/resolve`, {
        method: "POST",
        body: JSON.stringify(note.trim() ? { note: note.trim() } : {}),
      });
      if (data) {
        onChange(data.flags);
        setNote("");
        setDone(`${data.resolved} flag${data.resolved === 1 ? "" : "s"} resolved.`);
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return redirectToLogin();
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby={`${id}-flags`} data-testid="review-flags">
      <div className="card-head">
        <div>
          <h2 id={`${id}-flags`}>Flags</h2>
          <p>
            {flags.length === 0
              ? "No labeler has flagged this item."
              : `${open.length} open · ${flags.length - open.length} resolved. Labelers flag items that are broken, unclear, harmful or duplicated.`}
          </p>
        </div>
      </div>
      {flags.length > 0 && (
        <div className="table-wrap">
          <table className="data-table dense" data-testid="flags-table">
            <thead>
              <tr>
                <th scope="col">Reason</th>
                <th scope="col">Note</th>
                <th scope="col">Labeler</th>
                <th scope="col">Flagged</th>
                <th scope="col">Status</th>
              </tr>
            </thead>
            <tbody>
              {flags.map((f) => (
                <tr key={f.id} data-testid="flag-row" data-resolved={f.resolvedAt ? "true" : "false"}>
                  <td>{FLAG_LABELS[f.reason].title}</td>
                  <td>{f.note ?? <span className="muted">—</span>}</td>
                  <td>{f.user.name}</td>
                  <td className="nowrap">{formatDate(f.createdAt)}</td>
                  <td>
                    {f.resolvedAt ? (
                      <span className="muted">Resolved by {f.resolvedBy?.name ?? "a removed user"}</span>
                    ) : (
                      <Badge tone="warning">open</Badge>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open.length > 0 && (
        <div className="card-body review-actions">
          <label>
            Resolution note (optional)
            <input
              className="control"
              value={note}
              maxLength={1000}
              onChange={(e) => setNote(e.target.value)}
              data-testid="flags-resolve-note"
            />
          </label>
          <button type="button" className="btn" onClick={resolve} disabled={busy} aria-busy={busy} data-testid="flags-resolve">
            {busy ? "Resolving…" : `Resolve ${open.length} open flag${open.length === 1 ? "" : "s"}`}
          </button>
          {error && (
            <span className="f-error" role="alert">
              {error}
            </span>
          )}
        </div>
      )}
      {done && (
        <p className="card-body muted" role="status" data-testid="flags-resolved">
          {done}
        </p>
      )}
    </section>
  );
}
