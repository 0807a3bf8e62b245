"use client";

import { MIN_PASSWORD_LENGTH, type TAcceptedInvitation, type TPublicInvitation, ZAcceptInvitationRequest } from "@rankwise/shared";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { ApiError, apiFetch, errorMessage } from "../lib/api-client.ts";
import { homeForRole } from "../lib/roles.ts";

type TField = "name" | "password" | "confirm";
type TFieldErrors = Partial<Record<TField, string>>;

/** Name + password (typed twice) for a new account, checked with the API's own schema first. */
export function InviteForm({ secret, invitation }: { secret: string; invitation: TPublicInvitation }) {
  const id = useId();
  const [errors, setErrors] = useState<TFieldErrors>({});
  const [formError, setFormError] = useState<{ message: string; signIn: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const [hydrated, setHydrated] = useState(false);
  const refs = { name: useRef<HTMLInputElement>(null), password: useRef<HTMLInputElement>(null), confirm: useRef<HTMLInputElement>(null) };

  useEffect(() => {
    setHydrated(true);
  }, []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const data = new FormData(event.currentTarget);
    const password = String(data.get("password") ?? "");
    const parsed = ZAcceptInvitationRequest.safeParse({ name: String(data.get("name") ?? ""), password });
    const next: TFieldErrors = {};
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        if (issue.path[0] === "name") next.name ??= "Enter your name.";
        if (issue.path[0] === "password") next.password ??= `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
      }
    }
    if (!next.password && String(data.get("confirm") ?? "") !== password) next.confirm = "The two passwords differ.";
    setErrors(next);
    setFormError(null);
    const first = (["name", "password", "confirm"] as const).find((f) => next[f]);
    if (first || !parsed.success) {
      if (first) refs[first].current?.focus();
      return;
    }
    setBusy(true);
    try {
      const { data: body } = await apiFetch<TAcceptedInvitation>(`/api/v1/invitations/${encodeURIComponent(secret)}/accept`, {
        method: "POST",
        body: JSON.stringify(parsed.data),
      });
      if (!body) throw new Error("The server sent an empty answer.");
      // A full navigation, so the signed-in pages render with the new session cookie. A labeler invited
      // to a project goes straight to it: its page opens the screening test when one is due.
      window.location.assign(body.projectId && body.user.role === "LABELER" ? `/label/${body.projectId}` : homeForRole(body.user.role));
    } catch (err) {
      setFormError({ message: errorMessage(err), signIn: err instanceof ApiError && err.status === 409 });
      setBusy(false);
    }
  }

  const describe = (field: TField, hint?: boolean) => (errors[field] ? `${id}-${field}-error` : hint ? `${id}-${field}-hint` : undefined);

  return (
    <form className="form" method="post" onSubmit={onSubmit} noValidate aria-describedby={formError ? `${id}-error` : undefined}>
      {formError && (
        <div className="alert" role="alert" id={`${id}-error`} data-testid="invite-error">
          <span>{formError.message}</span>
          {formError.signIn && (
            <a className="btn" href="/login">
              Go to sign in
            </a>
          )}
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-email`}>Email</label>
        <input id={`${id}-email`} type="email" value={invitation.email} autoComplete="username" readOnly aria-readonly="true" />
      </div>
      {(["name", "password", "confirm"] as const).map((field) => (
        <div className="field" key={field}>
          <label htmlFor={`${id}-${field}`}>
            {field === "name" ? "Your name" : field === "password" ? "Password" : "Repeat the password"}
          </label>
          <input
            ref={refs[field]}
            id={`${id}-${field}`}
            name={field}
            type={field === "name" ? "text" : "password"}
            autoComplete={field === "name" ? "name" : "new-password"}
            defaultValue={field === "name" ? (invitation.name ?? "") : undefined}
            required
            aria-invalid={errors[field] ? true : undefined}
            aria-describedby={describe(field, field === "password")}
            data-testid={`invite-${field}`}
          />
          {field === "password" && !errors.password && (
            <span className="field-hint" id={`${id}-password-hint`}>
              At least {MIN_PASSWORD_LENGTH} characters.
            </span>
          )}
          {errors[field] && (
            <span className="field-error" id={`${id}-${field}-error`} data-testid="invite-field-error">
              {errors[field]}
            </span>
          )}
        </div>
      ))}
      <button type="submit" className="btn btn-primary btn-lg btn-block" disabled={busy || !hydrated} data-testid="invite-submit">
        {busy ? "Creating your account…" : "Create account and continue"}
      </button>
    </form>
  );
}
