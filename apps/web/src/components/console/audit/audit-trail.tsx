"use client";

import type { TAuditEntry, TAuditPage } from "@rankwise/shared";
import Link from "next/link";
import { useEffect, useId, useState } from "react";
import { ApiError, apiFetch, errorMessage, redirectToLogin } from "../../../lib/api-client.ts";
import { SelectField } from "../field.tsx";
import { formatDateTime } from "../format.ts";
import { EmptyBlock, ResourceBody } from "../state-views.tsx";
import { actionLabel, summarize } from "./audit-summary.ts";

const PAGE_SIZE = 50;

type TActor = NonNullable<TAuditEntry["actor"]>;
type TState =
  | { status: "loading" }
  | { status: "error"; error: string }
  | { status: "ready"; entries: TAuditEntry[]; nextCursor: string | null; more: "idle" | "loading" | string };

/** The link to what an entry is about, where the console has a page for it. */
function entityLink(entry: TAuditEntry, projectId: string | undefined): string | null {
  const pid = projectId ?? entry.project?.id;
  if (!pid || !entry.entityId) return null;
  if (entry.entity === "item") return `/projects/${pid}/items/${entry.entityId}`;
  if (entry.entity === "project_member") return `/projects/${pid}/quality`;
  if (entry.entity === "screening_test") return `/projects/${pid}/screening`;
  if (entry.entity === "invitation") return `/projects/${pid}/members`;
  return null;
}

/**
 * Who changed what, newest first: a project's trail (researchers and admins) or, without
 * `projectId`, every project's and the user administration (admins). Filters by action, entity and
 * actor; older rows load on demand.
 */
export function AuditTrail({ projectId }: { projectId?: string }) {
  const id = useId();
  const [action, setAction] = useState("");
  const [entity, setEntity] = useState("");
  const [actorId, setActorId] = useState("");
  const [state, setState] = useState<TState>({ status: "loading" });
  const [facets, setFacets] = useState<{ actions: string[]; entities: string[] }>({ actions: [], entities: [] });
  // Actors seen so far, so the actor filter keeps its choices while it narrows the list.
  const [actors, setActors] = useState<Map<string, TActor>>(new Map());
  const [nonce, setNonce] = useState(0);

  const base = projectId ? `/api/v1/projects/${projectId}/audit` : "/api/v1/admin/audit";
  const query = (cursor?: string) => {
    const q = new URLSearchParams({ limit: String(PAGE_SIZE) });
    if (action) q.set("action", action);
    if (entity) q.set("entity", entity);
    if (actorId) q.set("actorId", actorId);
    if (cursor) q.set("cursor", cursor);
    return `${base}?${q}` as `/api/${string}`;
  };

  function remember(page: TAuditPage) {
    setFacets({ actions: page.actions, entities: page.entities });
    setActors((prev) => {
      const next = new Map(prev);
      for (const e of page.entries) if (e.actor && !next.has(e.actor.id)) next.set(e.actor.id, e.actor);
      return next;
    });
  }

  // biome-ignore lint/correctness/useExhaustiveDependencies: the filters build `query`; `nonce` retries
  useEffect(() => {
    const ac = new AbortController();
    setState({ status: "loading" });
    apiFetch<TAuditPage>(query(), { signal: ac.signal })
      .then(({ data }) => {
        if (ac.signal.aborted || !data) return;
        remember(data);
        setState({ status: "ready", entries: data.entries, nextCursor: data.nextCursor, more: "idle" });
      })
      .catch((err: unknown) => {
        if (ac.signal.aborted) return;
        if (err instanceof ApiError && err.status === 401) return redirectToLogin();
        setState({ status: "error", error: errorMessage(err) });
      });
    return () => ac.abort();
  }, [base, action, entity, actorId, nonce]);

  async function loadMore() {
    if (state.status !== "ready" || !state.nextCursor) return;
    setState({ ...state, more: "loading" });
    try {
      const { data } = await apiFetch<TAuditPage>(query(state.nextCursor));
      if (!data) return;
      remember(data);
      setState((s) =>
        s.status === "ready" ? { status: "ready", entries: [...s.entries, ...data.entries], nextCursor: data.nextCursor, more: "idle" } : s,
      );
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return redirectToLogin();
      setState((s) => (s.status === "ready" ? { ...s, more: errorMessage(err) } : s));
    }
  }

  const filtered = action !== "" || entity !== "" || actorId !== "";
  const withProject = !projectId;
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="audit-trail">
      <div className="card-head">
        <div>
          <h2 id={`${id}-title`}>Audit trail</h2>
          <p>
            {projectId
              ? "Every change to this project's gold answers, item roles, screening, quality rules, labelers and invitations."
              : "Every recorded change: all projects, users, tokens and invitations."}
          </p>
        </div>
        <button type="button" className="btn btn-sm" onClick={() => setNonce((n) => n + 1)} data-testid="audit-refresh">
          Refresh
        </button>
      </div>
      <div className="card-body">
        <search className="fields audit-filters" aria-label="Filter the audit trail">
          <SelectField
            id={`${id}-action`}
            label="Action"
            options={[["", "All actions"], ...facets.actions.map((a): [string, string] => [a, actionLabel(a)])]}
            select={{ value: action, onChange: (e) => setAction(e.target.value), "data-testid": "audit-filter-action" }}
          />
          <SelectField
            id={`${id}-entity`}
            label="Entity"
            options={[["", "All entities"], ...facets.entities.map((e): [string, string] => [e, e.replaceAll("_", " ")])]}
            select={{ value: entity, onChange: (e) => setEntity(e.target.value), "data-testid": "audit-filter-entity" }}
          />
          <SelectField
            id={`${id}-actor`}
            label="Who"
            options={[["", "Anyone"], ...[...actors.values()].map((a): [string, string] => [a.id, `${a.name} (${a.email})`])]}
            select={{ value: actorId, onChange: (e) => setActorId(e.target.value), "data-testid": "audit-filter-actor" }}
          />
        </search>
      </div>
      <ResourceBody
        state={state.status === "ready" ? { status: "ready", data: state } : state}
        loading="Loading the audit trail"
        errorTitle="The audit trail could not be loaded"
        onRetry={() => setNonce((n) => n + 1)}
        isEmpty={(page) => page.entries.length === 0}
        empty={
          <EmptyBlock title={filtered ? "Nothing matches these filters" : "Nothing recorded yet"} testId="audit-empty">
            {filtered
              ? "Choose another action, entity or person."
              : projectId
                ? "Changes to gold answers, screening, quality rules, labelers and invitations appear here."
                : "Changes to users, API tokens, invitations and every project appear here."}
          </EmptyBlock>
        }
      >
        {(page) => (
          <div className="table-wrap">
            <table className="data-table dense audit-table" data-testid="audit-table">
              <caption className="visually-hidden">Recorded changes, newest first</caption>
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Who</th>
                  <th scope="col">What</th>
                  {withProject && <th scope="col">Project</th>}
                  <th scope="col">Entity</th>
                </tr>
              </thead>
              <tbody>
                {page.entries.map((e) => {
                  const href = entityLink(e, projectId);
                  return (
                    <tr key={e.id} data-testid="audit-row" data-action={e.action}>
                      <td className="nowrap">{formatDateTime(e.createdAt)}</td>
                      <td className="wrap">
                        {e.actor ? (
                          <>
                            <strong>{e.actor.name}</strong>
                            <div className="muted">{e.actor.email}</div>
                          </>
                        ) : (
                          <span className="muted">Deleted user</span>
                        )}
                      </td>
                      <td className="wrap">
                        <strong>{actionLabel(e.action)}</strong>
                        <div data-testid="audit-summary">{summarize(e)}</div>
                        <details className="audit-details">
                          <summary>Details</summary>
                          <pre data-testid="audit-data">{JSON.stringify(e.data, null, 2)}</pre>
                          <span className="muted mono">{e.action}</span>
                        </details>
                      </td>
                      {withProject && <td className="wrap">{e.project?.name ?? <span className="muted">—</span>}</td>}
                      <td className="wrap">
                        {e.entity.replaceAll("_", " ")}
                        {e.entityId && (
                          <div className="muted mono" title={e.entityId}>
                            {href ? <Link href={href}>{e.entityId.slice(0, 8)}</Link> : e.entityId.slice(0, 8)}
                          </div>
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
      {state.status === "ready" && state.entries.length > 0 && (
        <div className="card-foot">
          <span className="muted" data-testid="audit-count" aria-live="polite">
            {state.entries.length} {state.entries.length === 1 ? "change" : "changes"} shown{state.nextCursor ? "" : " — that is all"}
          </span>
          {state.more !== "idle" && state.more !== "loading" && (
            <span className="f-error" role="alert">
              {state.more}
            </span>
          )}
          {state.nextCursor && (
            <button type="button" className="btn btn-sm" onClick={loadMore} disabled={state.more === "loading"} data-testid="audit-more">
              {state.more === "loading" ? "Loading…" : "Load older changes"}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
