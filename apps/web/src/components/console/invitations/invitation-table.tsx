"use client";

import type { TInvitation, TInvitationStatus } from "@rankwise/shared";
import { ROLE_LABELS } from "../../../lib/roles.ts";
import { ConfirmAction } from "../confirm-action.tsx";
import { formatDateTime } from "../format.ts";
import { Badge, type TTone } from "../state-views.tsx";

export const INVITATION_STATUS: Record<TInvitationStatus, { label: string; tone: TTone }> = {
  pending: { label: "Pending", tone: "info" },
  accepted: { label: "Accepted", tone: "success" },
  expired: { label: "Expired", tone: "neutral" },
  revoked: { label: "Revoked", tone: "danger" },
};

/** Invitations with their status; pending ones can be revoked after a confirmation. */
export function InvitationTable({
  invitations,
  showProject,
  revoking,
  onRevoke,
}: {
  invitations: TInvitation[];
  showProject?: boolean;
  revoking: string | null;
  onRevoke: (invitation: TInvitation) => Promise<void>;
}) {
  return (
    <div className="table-wrap">
      <table className="data-table dense" data-testid="invitation-table">
        <caption className="visually-hidden">Invitations with their role, status and dates</caption>
        <thead>
          <tr>
            <th scope="col">Invited</th>
            <th scope="col">Role</th>
            {showProject && <th scope="col">Project</th>}
            <th scope="col">Status</th>
            <th scope="col">Sent</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {invitations.map((inv) => (
            <tr key={inv.id} data-testid="invitation-row" data-email={inv.email} data-status={inv.status}>
              <td className="wrap">
                <strong>{inv.name ?? inv.email}</strong>
                {inv.name && <div className="muted">{inv.email}</div>}
              </td>
              <td>{ROLE_LABELS[inv.role]}</td>
              {showProject && <td className="wrap">{inv.project?.name ?? <span className="muted">—</span>}</td>}
              <td>
                <Badge tone={INVITATION_STATUS[inv.status].tone} testId="invitation-status">
                  {INVITATION_STATUS[inv.status].label}
                </Badge>
                <div className="muted">
                  {inv.status === "accepted"
                    ? formatDateTime(inv.acceptedAt)
                    : inv.status === "revoked"
                      ? formatDateTime(inv.revokedAt)
                      : `${inv.status === "expired" ? "ended" : "until"} ${formatDateTime(inv.expiresAt)}`}
                </div>
              </td>
              <td>
                <span className="nowrap">{formatDateTime(inv.createdAt)}</span>
                <div className="muted">by {inv.invitedBy.name}</div>
              </td>
              <td className="nowrap" style={{ textAlign: "right" }}>
                {inv.status === "pending" && (
                  <ConfirmAction
                    label="Revoke"
                    ariaLabel={`Revoke the invitation for ${inv.email}`}
                    confirmLabel="Revoke link"
                    busyLabel="Revoking…"
                    busy={revoking === inv.id}
                    locked={revoking !== null}
                    onConfirm={() => onRevoke(inv)}
                    testId="invitation-revoke"
                  />
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
