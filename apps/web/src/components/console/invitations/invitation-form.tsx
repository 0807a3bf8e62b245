"use client";

import {
  INVITATION_DEFAULT_DAYS,
  type TCreatedInvitation,
  type TProjectList,
  type TRole,
  ZAdminCreateInvitationRequest,
} from "@rankwise/shared";
import { type FormEvent, useId, useState } from "react";
import { ApiError, apiFetch, errorMessage, redirectToLogin } from "../../../lib/api-client.ts";
import { ROLE_LABELS } from "../../../lib/roles.ts";
import { InputField, SelectField } from "../field.tsx";
import { firstError, type TFieldErrors, toFieldErrors } from "../field-errors.ts";
import { ErrorBlock } from "../state-views.tsx";
import { useApiResource } from "../use-api-resource.ts";
import { InvitationLink } from "./invitation-link.tsx";

const ROLE_OPTIONS = Object.entries(ROLE_LABELS) as [TRole, string][];
const DAY_OPTIONS = [1, 3, 7, 14, 30].map((d) => [String(d), d === 1 ? "1 day" : `${d} days`] as const);

/**
 * Creates an invitation and shows its link once. In a project (`projectId`) it invites a labeler to
 * that project; on the admin page it invites any role, a labeler optionally into a project.
 */
export function InvitationForm({ projectId, onCreated }: { projectId?: string; onCreated: () => void }) {
  const id = useId();
  const admin = projectId === undefined;
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<TRole>("LABELER");
  const [project, setProject] = useState("");
  const [days, setDays] = useState(String(INVITATION_DEFAULT_DAYS));
  const [errors, setErrors] = useState<TFieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<TCreatedInvitation | null>(null);
  const projects = useApiResource<TProjectList>(admin ? "/api/v1/projects" : null);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = ZAdminCreateInvitationRequest.safeParse({
      email: email.trim(),
      ...(name.trim() ? { name } : {}),
      role: admin ? role : "LABELER",
      ...(admin && role === "LABELER" && project ? { projectId: project } : {}),
      expiresInDays: Number(days),
    });
    if (!parsed.success) {
      setErrors(toFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    setFailure(null);
    setBusy(true);
    try {
      const { role: chosenRole, projectId: chosenProject, ...rest } = parsed.data;
      const { data } = admin
        ? await apiFetch<TCreatedInvitation>("/api/v1/admin/invitations", {
            method: "POST",
            body: JSON.stringify({ ...rest, role: chosenRole, ...(chosenProject ? { projectId: chosenProject } : {}) }),
          })
        : await apiFetch<TCreatedInvitation>(`/api/v1/projects/${projectId}/invitations`, { method: "POST", body: JSON.stringify(rest) });
      if (data) {
        setCreated(data);
        setEmail("");
        setName("");
        onCreated();
      }
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return redirectToLogin();
      if (err instanceof ApiError && err.issues.length > 0) setErrors(toFieldErrors(err.issues, 1));
      else if (err instanceof ApiError && err.code === "CONFLICT") setErrors({ email: [err.message] });
      else setFailure(errorMessage(err));
    } finally {
      setBusy(false);
    }
  }

  const edit = (key: string, set: (v: string) => void) => (e: { target: { value: string } }) => {
    set(e.target.value);
    setErrors(({ [key]: _, ...rest }) => rest);
  };
  const projectOptions: [string, string][] = [
    ["", "No project"],
    ...(projects.state.status === "ready" ? projects.state.data.projects.map((p): [string, string] => [p.id, p.name]) : []),
  ];

  if (created) return <InvitationLink created={created} onDone={() => setCreated(null)} />;
  return (
    <form className="stack-sm" onSubmit={onSubmit} noValidate data-testid="invitation-form">
      <div className="fields fields-2">
        <InputField
          id={`${id}-email`}
          label="Email"
          error={firstError(errors, "email")}
          wide
          input={{ type: "email", value: email, onChange: edit("email", setEmail), autoComplete: "off", "data-testid": "invitation-email" }}
        />
        <InputField
          id={`${id}-name`}
          label="Name (optional)"
          hint="Filled in for them; they can change it."
          error={firstError(errors, "name")}
          wide
          input={{ value: name, onChange: edit("name", setName), autoComplete: "off", "data-testid": "invitation-name" }}
        />
        {admin && (
          <SelectField
            id={`${id}-role`}
            label="Role"
            error={firstError(errors, "role")}
            options={ROLE_OPTIONS}
            select={{ value: role, onChange: edit("role", (v) => setRole(v as TRole)), "data-testid": "invitation-role" }}
          />
        )}
        {admin && (
          <SelectField
            id={`${id}-project`}
            label="Project"
            hint={role === "LABELER" ? "They join it on accepting." : "Only labelers join a project."}
            error={firstError(errors, "projectId")}
            options={projectOptions}
            select={{
              value: role === "LABELER" ? project : "",
              disabled: role !== "LABELER",
              onChange: edit("projectId", setProject),
              "data-testid": "invitation-project",
            }}
          />
        )}
        <SelectField
          id={`${id}-days`}
          label="Link works for"
          error={firstError(errors, "expiresInDays")}
          options={DAY_OPTIONS}
          select={{ value: days, onChange: edit("expiresInDays", setDays), "data-testid": "invitation-days" }}
        />
      </div>
      {failure && <ErrorBlock title="The invitation was not created" message={failure} />}
      <div className="row" style={{ justifyContent: "flex-end" }}>
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="invitation-create">
          {busy ? "Creating…" : "Create invitation link"}
        </button>
      </div>
    </form>
  );
}
