"use client";

import {
  MIN_PASSWORD_LENGTH,
  type TAdminCreatedUser,
  type TCreatedToken,
  type TRole,
  type TUserKind,
  ZAdminCreateUserRequest,
} from "@rankwise/shared";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { ApiError, apiFetch, errorMessage, redirectToLogin } from "../../../lib/api-client.ts";
import { ROLE_LABELS } from "../../../lib/roles.ts";
import { CopyButton } from "../copy-button.tsx";
import { InputField, SelectField } from "../field.tsx";
import { firstError, type TFieldErrors, toFieldErrors } from "../field-errors.ts";
import { ErrorBlock } from "../state-views.tsx";

const ROLE_OPTIONS = Object.entries(ROLE_LABELS) as [TRole, string][];
const KIND_OPTIONS = [
  ["HUMAN", "Human"],
  ["AI", "AI model"],
] as const;

type TSecret = { kind: "password" | "token"; value: string; email: string };

/**
 * Creates a user in a modal dialog. Humans get a password the admin types or one generated here by the
 * API; AI users get an API token instead. Either secret is shown once, with a copy button.
 */
export function CreateUserDialog({ onCreated }: { onCreated: () => void }) {
  const id = useId();
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [email, setEmail] = useState("");
  const [name, setName] = useState("");
  const [role, setRole] = useState<TRole>("LABELER");
  const [kind, setKind] = useState<TUserKind>("HUMAN");
  const [passwordMode, setPasswordMode] = useState<"generate" | "set">("generate");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<TFieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [secret, setSecret] = useState<TSecret | null>(null);
  const secretRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (secret) secretRef.current?.focus();
  }, [secret]);

  function open() {
    setEmail("");
    setName("");
    setRole("LABELER");
    setKind("HUMAN");
    setPasswordMode("generate");
    setPassword("");
    setErrors({});
    setFailure(null);
    setSecret(null);
    dialogRef.current?.showModal();
  }

  /** A field's error goes away as soon as it is edited; the rest stay until the next submit. */
  function edit<T>(key: string, set: (v: T) => void) {
    return (value: T) => {
      set(value);
      setErrors(({ [key]: _, ...rest }) => rest);
    };
  }

  function close() {
    dialogRef.current?.close();
  }

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const parsed = ZAdminCreateUserRequest.safeParse({
      email: email.trim(),
      name,
      role,
      kind,
      ...(kind === "HUMAN" && passwordMode === "set" ? { password } : {}),
    });
    if (!parsed.success) {
      setErrors(toFieldErrors(parsed.error.issues));
      return;
    }
    setErrors({});
    setFailure(null);
    setBusy(true);
    try {
      const { data } = await apiFetch<TAdminCreatedUser>("/api/v1/admin/users", { method: "POST", body: JSON.stringify(parsed.data) });
      if (!data) return;
      onCreated();
      if (data.user.kind === "AI") {
        const { data: token } = await apiFetch<TCreatedToken>(`/api/v1/admin/users/${data.user.id}/tokens`, {
          method: "POST",
          body: JSON.stringify({ name: "default" }),
        });
        if (token) setSecret({ kind: "token", value: token.token, email: data.user.email });
        onCreated();
      } else if (data.generatedPassword) {
        setSecret({ kind: "password", value: data.generatedPassword, email: data.user.email });
      } else {
        close();
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

  return (
    <>
      <button type="button" className="btn btn-primary" onClick={open} data-testid="admin-new-user">
        New user
      </button>
      <dialog
        ref={dialogRef}
        className="dialog admin-dialog"
        aria-labelledby={`${id}-title`}
        // A shown secret leaves the page when the dialog closes, however it closes (button or Esc).
        onClose={() => {
          setSecret(null);
          setPassword("");
        }}
        data-testid="admin-user-dialog"
      >
        <div className="dialog-head">
          <h2 id={`${id}-title`}>{secret ? "User created" : "New user"}</h2>
          <button type="button" className="btn btn-sm" onClick={close} aria-label="Close">
            ✕
          </button>
        </div>
        {secret ? (
          <div className="admin-dialog-body stack-sm">
            <div className="secret-box" ref={secretRef} tabIndex={-1} role="status" data-testid="admin-secret-box">
              <strong>
                {secret.kind === "password" ? "Initial password" : "API token"} for {secret.email}. Copy it now: it will not be shown again.
              </strong>
              <div className="secret-value">
                <code data-testid="admin-secret">{secret.value}</code>
                <CopyButton text={secret.value} label={secret.kind === "password" ? "Copy password" : "Copy token"} testId="admin-copy" />
              </div>
              <span className="muted">
                {secret.kind === "password"
                  ? "Send it over a private channel; the user signs in with it."
                  : "The model's runner sends it as Authorization: Bearer …"}
              </span>
            </div>
            <div className="row" style={{ justifyContent: "flex-end" }}>
              <button type="button" className="btn btn-primary" onClick={close} data-testid="admin-secret-done">
                I have copied it
              </button>
            </div>
          </div>
        ) : (
          <form className="admin-dialog-body stack-sm" onSubmit={onSubmit} noValidate>
            <div className="fields fields-2">
              <InputField
                id={`${id}-email`}
                label="Email"
                error={firstError(errors, "email")}
                wide
                input={{
                  type: "email",
                  value: email,
                  onChange: (e) => edit("email", setEmail)(e.target.value),
                  autoComplete: "off",
                  "data-testid": "admin-user-email",
                }}
              />
              <InputField
                id={`${id}-name`}
                label="Name"
                error={firstError(errors, "name")}
                wide
                input={{
                  value: name,
                  onChange: (e) => edit("name", setName)(e.target.value),
                  autoComplete: "off",
                  "data-testid": "admin-user-name",
                }}
              />
              <SelectField
                id={`${id}-role`}
                label="Role"
                error={firstError(errors, "role")}
                options={ROLE_OPTIONS}
                select={{ value: role, onChange: (e) => edit("role", setRole)(e.target.value as TRole), "data-testid": "admin-user-role" }}
              />
              <SelectField
                id={`${id}-kind`}
                label="Kind"
                hint={kind === "AI" ? "Signs in with an API token, created with the user" : undefined}
                options={KIND_OPTIONS}
                select={{ value: kind, onChange: (e) => setKind(e.target.value as TUserKind), "data-testid": "admin-user-kind" }}
              />
              {kind === "HUMAN" && (
                <fieldset className="f f-wide">
                  <legend>Initial password</legend>
                  <div className="row">
                    <label className="check">
                      <input
                        type="radio"
                        name={`${id}-pw`}
                        checked={passwordMode === "generate"}
                        onChange={() => setPasswordMode("generate")}
                        data-testid="admin-pw-generate"
                      />
                      Generate one
                    </label>
                    <label className="check">
                      <input
                        type="radio"
                        name={`${id}-pw`}
                        checked={passwordMode === "set"}
                        onChange={() => setPasswordMode("set")}
                        data-testid="admin-pw-set"
                      />
                      Set it myself
                    </label>
                  </div>
                </fieldset>
              )}
              {kind === "HUMAN" && passwordMode === "set" && (
                <InputField
                  id={`${id}-password`}
                  label="Password"
                  hint={`At least ${MIN_PASSWORD_LENGTH} characters`}
                  error={firstError(errors, "password")}
                  wide
                  input={{
                    type: "password",
                    className: "control",
                    value: password,
                    onChange: (e) => edit("password", setPassword)(e.target.value),
                    autoComplete: "new-password",
                    "data-testid": "admin-user-password",
                  }}
                />
              )}
            </div>
            {failure && <ErrorBlock title="The user was not created" message={failure} />}
            <div className="row" style={{ justifyContent: "flex-end" }}>
              <button type="button" className="btn" onClick={close}>
                Cancel
              </button>
              <button type="submit" className="btn btn-primary" disabled={busy} data-testid="admin-user-create">
                {busy ? "Creating…" : "Create user"}
              </button>
            </div>
          </form>
        )}
      </dialog>
    </>
  );
}
