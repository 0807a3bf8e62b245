"use client";

import { useId, useState } from "react";
import { SelectField } from "../field.tsx";
import { EmptyBlock, ErrorBlock, ResourceBody } from "../state-views.tsx";
import { InvitationForm } from "./invitation-form.tsx";
import { INVITATION_STATUS, InvitationTable } from "./invitation-table.tsx";
import { useInvitations } from "./use-invitations.ts";

const STATUS_OPTIONS = [["", "Any status"], ...Object.entries(INVITATION_STATUS).map(([v, s]) => [v, s.label] as const)] as const;

/**
 * Invitation links: create one (shown once) and see every earlier one with its status. With
 * `projectId` it is the members page's "invite a labeler"; without, the admin page's.
 */
export function InvitationsPanel({ projectId }: { projectId?: string }) {
  const id = useId();
  const [status, setStatus] = useState("");
  const base = projectId ? (`/api/v1/projects/${projectId}/invitations` as const) : ("/api/v1/admin/invitations" as const);
  const { state, reload, busy, revoke, revoking, failure } = useInvitations(base, status);
  return (
    // A project's panel sits beside its members; the admin's list has a project column and needs the width.
    <div className={projectId ? "tab-grid tab-grid-wide" : "stack"} data-testid="invitations-panel">
      <section className="card" aria-labelledby={`${id}-list`}>
        <div className="card-head">
          <div>
            <h2 id={`${id}-list`}>Invitations</h2>
            <p>Links stop working once used, revoked or expired.</p>
          </div>
          <SelectField
            id={`${id}-status`}
            label="Show"
            options={STATUS_OPTIONS}
            select={{
              className: "control admin-inline-select",
              value: status,
              onChange: (e) => setStatus(e.target.value),
              "data-testid": "invitation-filter",
            }}
          />
        </div>
        {failure && (
          <div className="card-body">
            <ErrorBlock title="The invitation was not revoked" message={failure} />
          </div>
        )}
        <ResourceBody
          state={state}
          loading="Loading invitations"
          errorTitle="Invitations could not be loaded"
          onRetry={reload}
          isEmpty={(d) => d.invitations.length === 0}
          empty={
            <EmptyBlock title={status ? "No invitations with this status" : "No invitations yet"} testId="invitations-empty">
              {projectId
                ? "Invite a labeler who has no account yet: they choose a password and join this project."
                : "Invite someone who has no account yet: they choose their own password."}
            </EmptyBlock>
          }
        >
          {(data) => (
            <div aria-busy={busy}>
              <InvitationTable invitations={data.invitations} showProject={!projectId} revoking={revoking} onRevoke={revoke} />
            </div>
          )}
        </ResourceBody>
      </section>
      <section className="card" aria-labelledby={`${id}-new`}>
        <div className="card-head">
          <div>
            <h2 id={`${id}-new`}>{projectId ? "Invite a labeler" : "Invite someone"}</h2>
            <p>
              {projectId
                ? "For labelers without an account. They join as soon as they accept, and take the screening test first if it is on."
                : "For people without an account: you get a link to send them."}
            </p>
          </div>
        </div>
        <div className="card-body">
          <InvitationForm projectId={projectId} onCreated={reload} />
        </div>
      </section>
    </div>
  );
}
