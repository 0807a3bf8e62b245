"use client";

import { type TApiToken, type TCreatedToken, ZCreateTokenRequest } from "@rankwise/shared";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { ApiError, apiFetch, errorMessage, redirectToLogin } from "../../lib/api-client.ts";
import { CopyButton } from "./copy-button.tsx";
import { formatDateTime } from "./format.ts";
import { Badge, EmptyBlock, ErrorBlock } from "./state-views.tsx";

const EXPIRY_OPTIONS = [
  ["", "Never"],
  ["7", "7 days"],
  ["30", "30 days"],
  ["90", "90 days"],
  ["365", "1 year"],
] as const;

function tokenState(t: TApiToken, now: number): "active" | "revoked" | "expired" {
  if (t.revokedAt) return "revoked";
  if (t.expiresAt && new Date(t.expiresAt).getTime() <= now) return "expired";
  return "active";
}

/**
 * Personal API tokens for scripts and trainers: create one (its secret is shown once, with a copy
 * button), see when each was last used, revoke any. `now` comes from the server so both renders agree.
 */
export function TokenManager({ initial, now }: { initial: TApiToken[]; now: string }) {
  const id = useId();
  const [tokens, setTokens] = useState(initial);
  const [name, setName] = useState("");
  const [expiry, setExpiry] = useState("90");
  const [nameError, setNameError] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<TCreatedToken | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [revoking, setRevoking] = useState<string | null>(null);
  const secretRef = useRef<HTMLDivElement>(null);
  const nowMs = new Date(now).getTime();

  useEffect(() => {
    if (created) secretRef.current?.focus();
  }, [created]);

  async function onCreate(event: FormEvent) {
    event.preventDefault();
    const parsed = ZCreateTokenRequest.safeParse({ name, ...(expiry ? { expiresInDays: Number(expiry) } : {}) });
    if (!parsed.success) {
      setNameError("Name the token after where it will be used, e.g. “training cluster”.");
      return;
    }
    setBusy(true);
    setNameError(null);
    setFailure(null);
    try {
      const { data } = await apiFetch<TCreatedToken>("/api/v1/tokens", { method: "POST", body: JSON.stringify(parsed.data) });
      if (data) {
        setCreated(data);
        const { token: _secret, ...listed } = data;
        setTokens((prev) => [listed, ...prev]);
        setName("");
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return redirectToLogin();
      setFailure(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  async function revoke(tokenId: string) {
    setRevoking(tokenId);
    setFailure(null);
    try {
      const { data } = await apiFetch<TApiToken>(`/api/v1/tokens/${tokenId}`, { method: "DELETE" });
      if (data) setTokens((prev) => prev.map((t) => (t.id === tokenId ? data : t)));
      if (created?.id === tokenId) setCreated(null);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return redirectToLogin();
      setFailure(errorMessage(err));
    } finally {
      setRevoking(null);
      setConfirming(null);
    }
  }

  const sorted = [...tokens].sort(
    (a, b) =>
      Number(tokenState(a, nowMs) !== "active") - Number(tokenState(b, nowMs) !== "active") || b.createdAt.localeCompare(a.createdAt),
  );
  return (
    <div className="stack">
      <form className="card" onSubmit={onCreate} noValidate aria-labelledby={`${id}-new`}>
        <div className="card-head">
          <div>
            <h2 id={`${id}-new`}>New token</h2>
            <p>
              Acts as you, with your role. Send it as <code>Authorization: Bearer …</code>.
            </p>
          </div>
        </div>
        <div className="card-body">
          <div className="fields" style={{ gridTemplateColumns: "minmax(0, 2fr) minmax(0, 1fr) auto", alignItems: "end" }}>
            <div className="f">
              <label htmlFor={`${id}-name`}>Name</label>
              <input
                id={`${id}-name`}
                type="text"
                value={name}
                onChange={(e) => setName(e.target.value)}
                placeholder="e.g. training cluster"
                aria-invalid={nameError ? true : undefined}
                aria-describedby={nameError ? `${id}-name-error` : undefined}
                autoComplete="off"
                data-testid="token-name"
              />
            </div>
            <div className="f">
              <label htmlFor={`${id}-expiry`}>Expires</label>
              <select id={`${id}-expiry`} value={expiry} onChange={(e) => setExpiry(e.target.value)} data-testid="token-expiry">
                {EXPIRY_OPTIONS.map(([v, l]) => (
                  <option key={v} value={v}>
                    {l === "Never" ? "Never" : `In ${l}`}
                  </option>
                ))}
              </select>
            </div>
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="token-create">
              {busy ? "Creating…" : "Create token"}
            </button>
          </div>
          {nameError && (
            <p className="f-error" id={`${id}-name-error`} role="alert" style={{ margin: "6px 0 0" }}>
              {nameError}
            </p>
          )}
        </div>
      </form>

      {created && (
        <div
          className="secret-box"
          ref={secretRef}
          tabIndex={-1}
          role="status"
          aria-labelledby={`${id}-secret`}
          data-testid="token-secret-box"
        >
          <strong id={`${id}-secret`}>Token “{created.name}” created. Copy it now: it will not be shown again.</strong>
          <div className="secret-value">
            <code data-testid="token-secret">{created.token}</code>
            <CopyButton text={created.token} label="Copy token" testId="token-copy" />
          </div>
          <div className="row-between">
            <span className="muted">Store it in a secret manager or an environment variable such as RANKWISE_TOKEN.</span>
            <button type="button" className="btn btn-sm" onClick={() => setCreated(null)}>
              I have copied it
            </button>
          </div>
        </div>
      )}

      {failure && <ErrorBlock title="That did not work" message={failure} />}

      <section className="card" aria-labelledby={`${id}-list`}>
        <div className="card-head">
          <h2 id={`${id}-list`}>Your tokens</h2>
        </div>
        {sorted.length === 0 ? (
          <div className="card-body">
            <EmptyBlock title="No tokens yet" testId="tokens-empty">
              Create one for each script or machine, so you can revoke one without breaking the others.
            </EmptyBlock>
          </div>
        ) : (
          <div className="table-wrap">
            <table className="data-table dense" data-testid="token-table">
              <caption className="visually-hidden">Your API tokens with when they were last used</caption>
              <thead>
                <tr>
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
                {sorted.map((t) => {
                  const state = tokenState(t, nowMs);
                  return (
                    <tr key={t.id} data-testid="token-row" data-token-id={t.id} data-state={state} data-inactive={state !== "active"}>
                      <td>
                        <strong>{t.name}</strong>
                      </td>
                      <td className="mono">{t.prefix}…</td>
                      <td className="nowrap">{formatDateTime(t.createdAt)}</td>
                      <td className="nowrap">{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : <span className="faint">never</span>}</td>
                      <td className="nowrap">{t.expiresAt ? formatDateTime(t.expiresAt) : <span className="faint">never</span>}</td>
                      <td>
                        <Badge tone={state === "active" ? "success" : state === "revoked" ? "neutral" : "warning"} testId="token-state">
                          {state === "active" ? "Active" : state === "revoked" ? `Revoked ${formatDateTime(t.revokedAt)}` : "Expired"}
                        </Badge>
                      </td>
                      <td className="nowrap" style={{ textAlign: "right" }}>
                        {state === "active" &&
                          (confirming === t.id ? (
                            <span className="row" style={{ justifyContent: "flex-end", flexWrap: "nowrap" }}>
                              <button
                                type="button"
                                className="btn btn-sm btn-danger"
                                onClick={() => revoke(t.id)}
                                disabled={revoking !== null}
                                data-testid="token-revoke-confirm"
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
                              aria-label={`Revoke ${t.name}`}
                              data-testid="token-revoke"
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
    </div>
  );
}
