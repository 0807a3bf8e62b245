"use client";

import type { TAdminToken, TAdminTokenList } from "@rankwise/shared";
import { useEffect, useId, useRef, useState } from "react";
import { ApiError, apiFetch, errorMessage, redirectToLogin } from "../../../lib/api-client.ts";
import { ConfirmAction } from "../confirm-action.tsx";
import { SelectField } from "../field.tsx";
import { formatDateTime } from "../format.ts";
import { Badge, EmptyBlock, ErrorBlock, ResourceBody } from "../state-views.tsx";
import { useApiResource } from "../use-api-resource.ts";

const TOKEN_FILTER = [
  ["active", "Not revoked"],
  ["all", "All, with revoked"],
] as const;

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
        <SelectField
          id={`${id}-status`}
          label="Show"
          options={TOKEN_FILTER}
          select={{
            className: "control admin-inline-select",
            value: status,
            onChange: (e) => setStatus(e.target.value as "active" | "all"),
            "data-testid": "admin-token-status-filter",
          }}
        />
      </div>
      {failure && (
        <div className="card-body">
          <ErrorBlock title="The token was not revoked" message={failure} />
        </div>
      )}
      <ResourceBody
        state={state}
        loading="Loading tokens"
        errorTitle="Tokens could not be loaded"
        onRetry={reload}
        isEmpty={(d) => d.tokens.length === 0}
        empty={
          <EmptyBlock title="No tokens" testId="admin-tokens-empty">
            Users create their own under API tokens; AI users get one when an admin creates them.
          </EmptyBlock>
        }
      >
        {(data) => (
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
                {data.tokens.map((t) => {
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
                        {st === "active" && (
                          <ConfirmAction
                            label="Revoke"
                            ariaLabel={`Revoke ${t.name} of ${t.owner.email}`}
                            confirmLabel="Revoke now"
                            busyLabel="Revoking…"
                            busy={revoking === t.id}
                            locked={revoking !== null}
                            onConfirm={() => revoke(t)}
                            testId="admin-token-revoke"
                          />
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        )}
      </ResourceBody>
    </section>
  );
}
