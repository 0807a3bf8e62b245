"use client";

import type { TAdminUser, TAdminUserList, TRole } from "@rankwise/shared";
import { useId, useState } from "react";
import { ApiError, apiFetch, errorMessage, redirectToLogin } from "../../../lib/api-client.ts";
import { ROLE_LABELS } from "../../../lib/roles.ts";
import { ConfirmAction } from "../confirm-action.tsx";
import { InputField, SelectField } from "../field.tsx";
import { formatDateTime } from "../format.ts";
import { Badge, EmptyBlock, ErrorBlock, ResourceBody } from "../state-views.tsx";
import { useApiResource, useDebouncedValue } from "../use-api-resource.ts";
import { CreateUserDialog } from "./create-user-dialog.tsx";

const ROLES = Object.keys(ROLE_LABELS) as TRole[];
const ROLE_OPTIONS = ROLES.map((r) => [r, ROLE_LABELS[r]] as const);
const KIND_FILTER = [
  ["", "Humans and AI"],
  ["HUMAN", "Humans"],
  ["AI", "AI models"],
] as const;
const STATUS_FILTER = [
  ["", "Any status"],
  ["active", "Active"],
  ["disabled", "Disabled"],
] as const;
const PAGE_SIZE = 25;

/**
 * Every user: search by email or name, filter by role, kind and status, change a role in place, and
 * disable (after a confirmation: it also ends their sessions and revokes their tokens) or enable.
 * The signed-in admin's own row cannot be demoted or disabled; the API refuses it too.
 */
export function UsersPanel({ currentUserId, onTokensChanged }: { currentUserId: string; onTokensChanged: () => void }) {
  const id = useId();
  const [q, setQ] = useState("");
  const [role, setRole] = useState("");
  const [kind, setKind] = useState("");
  const [status, setStatus] = useState("");
  const [page, setPage] = useState(1);
  const query = useDebouncedValue(q.trim(), 250);
  const params = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE) });
  if (query) params.set("q", query);
  if (role) params.set("role", role);
  if (kind) params.set("kind", kind);
  if (status) params.set("status", status);
  const { state, busy, reload, setData } = useApiResource<TAdminUserList>(`/api/v1/admin/users?${params}`);
  const [saving, setSaving] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);

  function filter(set: (v: string) => void) {
    return (value: string) => {
      set(value);
      setPage(1);
    };
  }

  async function update(user: TAdminUser, body: { role?: TRole; disabled?: boolean }) {
    setSaving(user.id);
    setFailure(null);
    try {
      const { data } = await apiFetch<TAdminUser>(`/api/v1/admin/users/${user.id}`, { method: "PATCH", body: JSON.stringify(body) });
      if (data) setData((prev) => ({ ...prev, users: prev.users.map((u) => (u.id === data.id ? data : u)) }));
      if (body.disabled !== undefined) onTokensChanged();
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return redirectToLogin();
      setFailure(`${user.email}: ${errorMessage(err)}`);
    } finally {
      setSaving(null);
    }
  }

  const data = state.data;
  const from = data && data.total > 0 ? (data.page - 1) * data.pageSize + 1 : 0;
  const to = data ? from + data.users.length - (data.users.length > 0 ? 1 : 0) : 0;
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-testid="admin-users">
      <div className="card-head">
        <div>
          <h2 id={`${id}-title`}>Users</h2>
          <p>People and AI models who can sign in or call the API.</p>
        </div>
        <CreateUserDialog
          onCreated={() => {
            reload();
            onTokensChanged();
          }}
        />
      </div>
      <div className="card-body">
        <search className="fields admin-filters" aria-label="Filter users">
          <InputField
            id={`${id}-q`}
            label="Search"
            input={{
              type: "search",
              className: "control",
              value: q,
              onChange: (e) => filter(setQ)(e.target.value),
              placeholder: "Email or name",
              "data-testid": "admin-user-search",
            }}
          />
          <SelectField
            id={`${id}-role`}
            label="Role"
            options={[["", "All roles"], ...ROLE_OPTIONS]}
            select={{ value: role, onChange: (e) => filter(setRole)(e.target.value), "data-testid": "admin-filter-role" }}
          />
          <SelectField
            id={`${id}-kind`}
            label="Kind"
            options={KIND_FILTER}
            select={{ value: kind, onChange: (e) => filter(setKind)(e.target.value), "data-testid": "admin-filter-kind" }}
          />
          <SelectField
            id={`${id}-status`}
            label="Status"
            options={STATUS_FILTER}
            select={{ value: status, onChange: (e) => filter(setStatus)(e.target.value), "data-testid": "admin-filter-status" }}
          />
        </search>
      </div>
      {failure && (
        <div className="card-body">
          <ErrorBlock title="That change was not saved" message={failure} />
        </div>
      )}
      <ResourceBody
        state={state}
        loading="Loading users"
        errorTitle="Users could not be loaded"
        onRetry={reload}
        isEmpty={(d) => d.users.length === 0}
        empty={
          <EmptyBlock title="No users match" testId="admin-users-empty">
            Clear the search or the filters, or create a user.
          </EmptyBlock>
        }
      >
        {(data) => (
          <div className="table-wrap" aria-busy={busy}>
            <table className="data-table dense" data-testid="admin-user-table">
              <caption className="visually-hidden">Users with their role, kind and status</caption>
              <thead>
                <tr>
                  <th scope="col">User</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Role</th>
                  <th scope="col">Tokens</th>
                  <th scope="col">Created</th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.users.map((u) => {
                  const self = u.id === currentUserId;
                  return (
                    <tr
                      key={u.id}
                      data-testid="admin-user-row"
                      data-user-id={u.id}
                      data-email={u.email}
                      data-inactive={u.disabledAt !== null}
                    >
                      <td>
                        <strong>{u.name}</strong>
                        {self && <span className="muted"> (you)</span>}
                        <div className="muted">{u.email}</div>
                      </td>
                      <td>
                        <Badge tone={u.kind === "AI" ? "accent" : "neutral"}>{u.kind === "AI" ? "AI" : "Human"}</Badge>
                      </td>
                      <td>
                        <select
                          className="control admin-inline-select"
                          value={u.role}
                          aria-label={`Role of ${u.email}`}
                          disabled={self || saving === u.id}
                          title={self ? "You cannot change your own role" : undefined}
                          onChange={(e) => update(u, { role: e.target.value as TRole })}
                          data-testid="admin-user-role-select"
                        >
                          {ROLES.map((r) => (
                            <option key={r} value={r}>
                              {ROLE_LABELS[r]}
                            </option>
                          ))}
                        </select>
                      </td>
                      <td>{u.activeTokens}</td>
                      <td className="nowrap">{formatDateTime(u.createdAt)}</td>
                      <td>
                        <Badge tone={u.disabledAt ? "danger" : "success"} testId="admin-user-status">
                          {u.disabledAt ? "Disabled" : "Active"}
                        </Badge>
                      </td>
                      <td className="nowrap" style={{ textAlign: "right" }}>
                        {self ? null : u.disabledAt ? (
                          <button
                            type="button"
                            className="btn btn-sm"
                            onClick={() => update(u, { disabled: false })}
                            disabled={saving === u.id}
                            aria-label={`Enable ${u.email}`}
                            data-testid="admin-user-enable"
                          >
                            Enable
                          </button>
                        ) : (
                          <ConfirmAction
                            label="Disable"
                            ariaLabel={`Disable ${u.email}`}
                            confirmLabel="Disable now"
                            busyLabel="Disabling…"
                            note="Ends their sessions and revokes their tokens"
                            busy={saving === u.id}
                            locked={saving !== null}
                            onConfirm={() => update(u, { disabled: true })}
                            testId="admin-user-disable"
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
      {data && data.total > 0 && (
        <div className="card-foot row-between">
          <span className="muted" data-testid="admin-user-count">
            {from}–{to} of {data.total}
          </span>
          <span className="row">
            <button type="button" className="btn btn-sm" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
              Previous
            </button>
            <button type="button" className="btn btn-sm" disabled={to >= data.total} onClick={() => setPage((p) => p + 1)}>
              Next
            </button>
          </span>
        </div>
      )}
    </section>
  );
}
