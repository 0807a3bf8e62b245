"use client";

import { type TMember, ZAddMemberRequest } from "@rankwise/shared";
import { type FormEvent, useId, useState } from "react";
import { ApiError, apiFetch, errorMessage, redirectToLogin } from "../../lib/api-client.ts";
import { plural } from "../../lib/format.ts";
import { MEMBER_STATUS } from "./member-status.ts";
import { Badge, EmptyBlock, ErrorBlock, LoadingBlock } from "./state-views.tsx";
import { useApiResource } from "./use-api-resource.ts";

/** The project's labelers, human and AI, and a way to add one by email. */
export function MembersPanel({ projectId, initial }: { projectId: string; initial?: TMember[] }) {
  const id = useId();
  const { state, reload, setData } = useApiResource<{ members: TMember[] }>(
    `/api/v1/projects/${projectId}/members`,
    initial ? { members: initial } : undefined,
  );
  const [email, setEmail] = useState("");
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onAdd(event: FormEvent) {
    event.preventDefault();
    const parsed = ZAddMemberRequest.safeParse({ email: email.trim() });
    if (!parsed.success) {
      setFieldError("Enter the labeler's email address.");
      setNotice(null);
      return;
    }
    setBusy(true);
    setFieldError(null);
    setNotice(null);
    try {
      const { data } = await apiFetch<TMember>(`/api/v1/projects/${projectId}/members`, {
        method: "POST",
        body: JSON.stringify(parsed.data),
      });
      if (data) {
        setData((prev) => ({ members: prev.members.some((m) => m.userId === data.userId) ? prev.members : [...prev.members, data] }));
        setNotice(`${data.name} is a member (${MEMBER_STATUS[data.status].label.toLowerCase()}).`);
      }
      setEmail("");
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return redirectToLogin();
      setFieldError(
        err instanceof ApiError && err.status === 404
          ? `No account uses ${parsed.data.email}. Invite them with a link below instead.`
          : errorMessage(err),
      );
    } finally {
      setBusy(false);
    }
  }

  const members = state.status === "ready" ? state.data.members : [];
  const humans = members.filter((m) => m.kind === "HUMAN").length;
  return (
    <div className="tab-grid tab-grid-wide">
      <section className="card" aria-labelledby={`${id}-title`}>
        <div className="card-head">
          <div>
            <h2 id={`${id}-title`}>Labelers</h2>
            <p>
              {state.status === "ready"
                ? `${plural(humans, "person", "people")} and ${plural(members.length - humans, "AI labeler")}`
                : "Who answers this project's tasks."}
            </p>
          </div>
        </div>
        {state.status === "loading" && <LoadingBlock label="Loading members…" />}
        {state.status === "error" && (
          <div className="card-body">
            <ErrorBlock title="Members could not be loaded" message={state.error} onRetry={reload} />
          </div>
        )}
        {state.status === "ready" &&
          (members.length === 0 ? (
            <div className="card-body">
              <EmptyBlock title="No labelers yet" testId="members-empty">
                Add a labeler by email. They see the project on their home page right away.
              </EmptyBlock>
            </div>
          ) : (
            <div className="table-wrap">
              <table className="data-table dense" data-testid="members-table">
                <caption className="visually-hidden">Labelers of this project with their kind and status</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Email</th>
                    <th scope="col">Kind</th>
                    <th scope="col">Status</th>
                  </tr>
                </thead>
                <tbody>
                  {members.map((m) => (
                    <tr key={m.userId} data-testid="member-row">
                      <td>
                        <strong>{m.name}</strong>
                      </td>
                      <td className="wrap">{m.email}</td>
                      <td>{m.kind === "AI" ? <Badge tone="accent">AI</Badge> : <Badge>Human</Badge>}</td>
                      <td title={MEMBER_STATUS[m.status].hint}>
                        <Badge tone={MEMBER_STATUS[m.status].tone}>{MEMBER_STATUS[m.status].label}</Badge>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ))}
      </section>

      <form className="card" onSubmit={onAdd} noValidate aria-labelledby={`${id}-add`}>
        <div className="card-head">
          <div>
            <h2 id={`${id}-add`}>Add a labeler</h2>
            <p>They can take tasks at once, or after passing the screening test if the project has one.</p>
          </div>
        </div>
        <div className="card-body fields fields-1">
          <div className="f">
            <label htmlFor={`${id}-email`}>Email</label>
            <input
              id={`${id}-email`}
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              autoComplete="off"
              aria-invalid={fieldError ? true : undefined}
              aria-describedby={fieldError ? `${id}-email-error` : undefined}
              data-testid="member-email"
            />
            {fieldError && (
              <span className="f-error" id={`${id}-email-error`} role="alert">
                {fieldError}
              </span>
            )}
          </div>
          {notice && (
            <p className="notice" role="status" style={{ margin: 0 }}>
              {notice}
            </p>
          )}
        </div>
        <div className="card-foot">
          <span />
          <button type="submit" className="btn btn-primary" disabled={busy} data-testid="member-add">
            {busy ? "Adding…" : "Add labeler"}
          </button>
        </div>
      </form>
    </div>
  );
}
