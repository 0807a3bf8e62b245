"use client";

import { type TAgreementReport, type TLabelerAgreement, type TMemberQuality, ZSetMemberStatusRequest } from "@rankwise/shared";
import { type FormEvent, useId, useState } from "react";
import { ApiError, apiFetch, errorMessage, redirectToLogin } from "../../../lib/api-client.ts";
import { formatCount } from "../../../lib/format.ts";
import { MEMBER_STATUS } from "../member-status.ts";
import { Badge, EmptyBlock } from "../state-views.tsx";
import { duration, percent, positionBiasFlag } from "./quality-format.ts";

const SETTABLE = ["QUALIFIED", "SUPER_RATER", "SUSPENDED", "INVITED", "FAILED"] as const;
type TSettable = (typeof SETTABLE)[number];

/** Every labeler's numbers, people first, with promote / suspend (a reason is always recorded). */
export function LabelerTable({
  projectId,
  report,
  onStatusChanged,
}: {
  projectId: string;
  report: TAgreementReport;
  onStatusChanged: (m: TMemberQuality) => void;
}) {
  const [editing, setEditing] = useState<{ userId: string; status: TSettable } | null>(null);
  const rows = [...report.labelers.human, ...report.labelers.ai];
  return (
    <section className="card" aria-labelledby="labelers-title">
      <div className="card-head">
        <div>
          <h2 id="labelers-title">Labelers</h2>
          <p>
            Gold: agreement with known answers. Peer: agreement with the other labelers' consensus. Bias: how often the response shown first
            is ranked on top.
          </p>
        </div>
      </div>
      {rows.length === 0 ? (
        <div className="card-body">
          <EmptyBlock title="No labelers yet">Add labelers on the Members tab.</EmptyBlock>
        </div>
      ) : (
        <div className="table-wrap">
          <table className="data-table dense" data-testid="labeler-table">
            <caption className="visually-hidden">Labelers with tier, answers, agreement, speed and position bias</caption>
            <thead>
              <tr>
                <th scope="col">Labeler</th>
                <th scope="col">Tier</th>
                <th scope="col" className="num">
                  Answers
                </th>
                <th scope="col" className="num">
                  Gold
                </th>
                <th scope="col" className="num">
                  Peer
                </th>
                <th scope="col" className="num">
                  Median time
                </th>
                <th scope="col">Position bias</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((l) => (
                <LabelerRow
                  key={l.userId}
                  l={l}
                  editing={editing?.userId === l.userId ? editing.status : null}
                  onEdit={(status) => setEditing(status ? { userId: l.userId, status } : null)}
                  projectId={projectId}
                  onSaved={(m) => {
                    setEditing(null);
                    onStatusChanged(m);
                  }}
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function LabelerRow({
  l,
  editing,
  onEdit,
  projectId,
  onSaved,
}: {
  l: TLabelerAgreement;
  editing: TSettable | null;
  onEdit: (status: TSettable | null) => void;
  projectId: string;
  onSaved: (m: TMemberQuality) => void;
}) {
  const bias = l.positionBias;
  const flagged = positionBiasFlag(bias);
  const status = l.status;
  return (
    <>
      <tr data-testid="labeler-row" data-user-id={l.userId} data-status={status ?? ""}>
        <td>
          <div className="row" style={{ flexWrap: "nowrap" }}>
            <strong>{l.name}</strong>
            {l.kind === "AI" && <Badge tone="accent">AI</Badge>}
          </div>
          <div className="faint" style={{ fontSize: 12 }}>
            {l.email}
          </div>
        </td>
        <td>
          {status ? (
            <Badge tone={MEMBER_STATUS[status].tone}>{MEMBER_STATUS[status].label}</Badge>
          ) : (
            <span className="faint">not a member</span>
          )}
        </td>
        <td className="num">{formatCount(l.annotations)}</td>
        <td className="num" title={`${formatCount(l.goldCount)} gold items scored`}>
          {percent(l.goldAgreement)}
          <div className="faint" style={{ fontSize: 11 }}>
            n={formatCount(l.goldCount)}
          </div>
        </td>
        <td className="num" title={`${formatCount(l.peerItems)} shared items`}>
          {percent(l.peerAgreement)}
          <div className="faint" style={{ fontSize: 11 }}>
            n={formatCount(l.peerItems)}
          </div>
        </td>
        <td className="num">{duration(l.medianDurationMs)}</td>
        <td>
          {bias.firstInTop === null ? (
            <span className="faint">no rankings</span>
          ) : (
            <span>
              {flagged && (
                <Badge tone="warning" testId="bias-flag">
                  check
                </Badge>
              )}{" "}
              {percent(bias.firstInTop)} first on top <span className="faint">(chance {percent(bias.expected)})</span>
            </span>
          )}
        </td>
        <td className="nowrap" style={{ textAlign: "right" }}>
          {status && status !== "SUPER_RATER" && status !== "SUSPENDED" && (
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => onEdit("SUPER_RATER")}
              aria-label={`Promote ${l.name}`}
              data-testid="labeler-promote"
            >
              Promote
            </button>
          )}{" "}
          {status && status !== "SUSPENDED" ? (
            <button
              type="button"
              className="btn btn-sm btn-danger"
              onClick={() => onEdit("SUSPENDED")}
              aria-label={`Suspend ${l.name}`}
              data-testid="labeler-suspend"
            >
              Suspend
            </button>
          ) : status === "SUSPENDED" ? (
            <button
              type="button"
              className="btn btn-sm"
              onClick={() => onEdit("QUALIFIED")}
              aria-label={`Reinstate ${l.name}`}
              data-testid="labeler-reinstate"
            >
              Reinstate
            </button>
          ) : null}
        </td>
      </tr>
      {editing && (
        <tr>
          <td colSpan={8} style={{ background: "var(--surface-muted)" }}>
            <TierChangeForm projectId={projectId} labeler={l} initial={editing} onCancel={() => onEdit(null)} onSaved={onSaved} />
          </td>
        </tr>
      )}
    </>
  );
}

function TierChangeForm({
  projectId,
  labeler,
  initial,
  onCancel,
  onSaved,
}: {
  projectId: string;
  labeler: TLabelerAgreement;
  initial: TSettable;
  onCancel: () => void;
  onSaved: (m: TMemberQuality) => void;
}) {
  const id = useId();
  const [status, setStatus] = useState<TSettable>(initial);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = ZSetMemberStatusRequest.safeParse({ status, reason });
    if (!parsed.success) {
      setError("Say why: the reason is stored with the change and shown to other researchers.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const { data } = await apiFetch<TMemberQuality>(`/api/v1/projects/${projectId}/members/${labeler.userId}/status`, {
        method: "POST",
        body: JSON.stringify(parsed.data),
      });
      if (data) onSaved(data);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return redirectToLogin();
      setError(errorMessage(err));
      setBusy(false);
    }
  }

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="fields"
      style={{ gridTemplateColumns: "200px minmax(0, 1fr) auto", alignItems: "start", padding: "4px 0" }}
      data-testid="tier-form"
    >
      <div className="f">
        <label htmlFor={`${id}-status`}>New tier for {labeler.name}</label>
        <select id={`${id}-status`} value={status} onChange={(e) => setStatus(e.target.value as TSettable)} data-testid="tier-status">
          {SETTABLE.map((s) => (
            <option key={s} value={s}>
              {MEMBER_STATUS[s].label}
            </option>
          ))}
        </select>
      </div>
      <div className="f">
        <label htmlFor={`${id}-reason`}>Reason</label>
        <input
          id={`${id}-reason`}
          type="text"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="e.g. consistently high gold agreement over 200 items"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          // biome-ignore lint/a11y/noAutofocus: the form opens on purpose from a button; typing the reason is the next step
          autoFocus
          data-testid="tier-reason"
        />
        {error && (
          <span className="f-error" id={`${id}-error`} role="alert">
            {error}
          </span>
        )}
      </div>
      <div className="row" style={{ paddingTop: 22 }}>
        <button type="button" className="btn btn-sm" onClick={onCancel}>
          Cancel
        </button>
        <button type="submit" className="btn btn-sm btn-primary" disabled={busy} data-testid="tier-save">
          {busy ? "Saving…" : "Save"}
        </button>
      </div>
    </form>
  );
}
