"use client";

import type { TCreatedInvitation } from "@rankwise/shared";
import { useEffect, useRef } from "react";
import { ROLE_LABELS } from "../../../lib/roles.ts";
import { CopyButton } from "../copy-button.tsx";
import { formatDateTime } from "../format.ts";

/**
 * A new invitation's link, shown this once (only its hash is stored). Rankwise sends no mail, so
 * the person who invites sends the link themselves.
 */
export function InvitationLink({ created, onDone }: { created: TCreatedInvitation; onDone: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
  }, []);
  const url = `${window.location.origin}${created.path}`;
  const { invitation } = created;
  return (
    <div className="secret-box invitation-link-box" ref={ref} tabIndex={-1} role="status" data-testid="invitation-link-box">
      <strong>Send this link to {invitation.email}. Copy it now: it is shown only once.</strong>
      <div className="secret-value">
        <code data-testid="invitation-link">{url}</code>
        <CopyButton text={url} label="Copy link" testId="invitation-copy" />
      </div>
      <span className="muted">
        Whoever opens it can create the {ROLE_LABELS[invitation.role].toLowerCase()} account
        {invitation.project ? ` and join ${invitation.project.name}` : ""} until {formatDateTime(invitation.expiresAt)}. Send it over a
        private channel (chat or your own email); Rankwise does not send mail.
      </span>
      <div className="row" style={{ justifyContent: "flex-end" }}>
        <button type="button" className="btn btn-sm" onClick={onDone} data-testid="invitation-link-done">
          I have sent it
        </button>
      </div>
    </div>
  );
}
