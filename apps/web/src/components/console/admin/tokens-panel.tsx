"use client";

import type { TAdminToken, TAdminTokenList } from "@rankwise/shared";
import { useEffect, useId, useRef, useState } from "react";
import { ApiError, apiFetch, errorMessage, redirectToLogin } from "../../../lib/api-client.ts";
import { formatDateTime } from "../format.ts";
import { Badge, EmptyBlock, ErrorBlock, LoadingBlock } from "../state-views.tsx";
import { useApiResource } from "../use-api-resource.ts";

function tokenState(t: TAdminToken, now: number): "active" | "revoked" | "expired" {
  if (t.revokedAt) return "revoked";
  if (t.expiresAt && new Date(t.expiresAt).getTime() <= now) return "expired";
  return "active";
}

/**
 * Every user's API tokens (metadata only: the API never returns a secret after creation), with a
 * confirmed revoke. `version` changes when the users panel did something that revokes tokens.
 */
export function TokensPanel({ version }: { version: number }) {
  const id = useId();
  const [status, setStatus] = useState<"active" | "all">("active");
  const { state, busy, reload, setData } = useApiResource<TAdminTokenList>(`/api/v1/admin/tokens?status=${status}&pageSize=200`);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const firstVersion = useRef(version);

  useEffect(() => {
    if (version !== firstVersion.current) reload();
  }, [version, reload]);

  async function revoke(token: TAdminToken) {
    setRevoking(token.id);
    setFailure(null);
    try {
      const { data } = await apiFetch<TAdminToken>(`/api/v1/admin/tokens/${token.id}`, { method: "DELETE" });
      if (data) setData((prev) => ({ ...prev, tokens: prev.tokens.map((t) => (t.id === data.id ? data : t)) }));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return redirectToLogin();
      setFailure(errorMessage(err));
    } finally {
      setRevoking(null);
      setConfirming(null);
    }
  }

  const now = Date.now();
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="admin-tokens">
      <div className="card-head">
        <div>
          <h2 id={`${id}-title`}>API tokens</h2>
          <p>Every user's tokens. Secrets are shown only once, when a token is created.</p>
        </div>
        <div className="f">
          <label htmlFor={`${id}-status`}>Show</label>
          <select
            className="control admin-inline-select"
            id={`${id}-status`}
            value={status}
            onChange={(e) => setStatus(e.target.value as "active" | "all")}
            data-testid="admin-token-status-filter"
          >
            <option value="active">Not revoked</option>
            <option value="all">All, with revoked</option>
          </select>
        </div>
      </div>
      {failure && (
        <div className="card-body">
          <ErrorBlock title="The token was not revoked" message={failure} />
        </div>
      )}
      {state.status === "loading" ? (
        <div className="card-body">
          <LoadingBlock label="Loading tokens" />
        </div>
      ) : state.status === "error" ? (
        <div className="card-body">
          <ErrorBlock title="Tokens could not be loaded" message={state.error} onRetry={reload} />
        </div>
      ) : state.data.tokens.length === 0 ? (
        <div className="card-body">
          <EmptyBlock title="No tokens" testId="admin-tokens-empty">
            Users create their own under API tokens; AI users get one when an admin creates them.
          </EmptyBlock>
        </div>
      ) : (
        <div className="table-wrap" aria-busy={busy}>
          <table className="data-table dense" data-testid="admin-token-table">
            <caption className="visually-hidden">API tokens of every user</caption>
            <thead>
              <tr>
                <th scope="col">Owner</th>
                <th scope="col">Name</th>
                <th scope="col">Token</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">Expires</th>
                <th scope="col">Status</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {state.data.tokens.map((t) => {
                const st = tokenState(t, now);
                return (
                  <tr key={t.id} data-testid="admin-token-row" data-token-id={t.id} data-state={st} data-inactive={st !== "active"}>
                    <td>
                      <strong>{t.owner.name}</strong>
                      {t.owner.kind === "AI" && <span className="muted"> (AI)</span>}
                      <div className="muted">{t.owner.email}</div>
                    </td>
                    <td>{t.name}</td>
                    <td className="mono">{t.prefix}…</td>
                    <td className="nowrap">{formatDateTime(t.createdAt)}</td>
                    <td className="nowrap">{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : <span className="faint">never</span>}</td>
                    <td className="nowrap">{t.expiresAt ? formatDateTime(t.expiresAt) : <span className="faint">never</span>}</td>
                    <td>
                      <Badge tone={st === "active" ? "success" : st === "revoked" ? "neutral" : "warning"} testId="admin-token-state">
                        {st === "active" ? "Active" : st === "revoked" ? "Revoked" : "Expired"}
                      </Badge>
                    </td>
                    <td className="nowrap" style={{ textAlign: "right" }}>
                      {st === "active" &&
                        (confirming === t.id ? (
                          <span className="row" style={{ justifyContent: "flex-end", flexWrap: "nowrap" }}>
                            <button
                              type="button"
                              className="btn btn-sm btn-danger"
                              onClick={() => revoke(t)}
                              disabled={revoking !== null}
                              data-testid="admin-token-revoke-confirm"
                            >
                              {revoking === t.id ? "Revoking…" : "Revoke now"}
                            </button>
                            <button type="button" className="btn btn-sm" onClick={() => setConfirming(null)}>
                              Keep
                            </button>
                          </span>
                        ) : (
                          <button
                            type="button"
                            className="btn btn-sm"
                            onClick={() => setConfirming(t.id)}
                            aria-label={`Revoke ${t.name} of ${t.owner.email}`}
                            data-testid="admin-token-revoke"
                          >
                            Revoke
                          </button>
                        ))}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
