"use client";

import { type TUser, ZLoginRequest } from "@rankwise/shared";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { apiFetch, errorMessage } from "../lib/api-client.ts";
import { homeForRole } from "../lib/roles.ts";

type TFieldErrors = Partial<Record<"email" | "password", string>>;

/** Email + password sign-in, validated with the API's own schema before it is sent. */
export function LoginForm({ next }: { next: string | null }) {
  const id = useId();
  const [fieldErrors, setFieldErrors] = useState<TFieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const emailRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  // Until React has hydrated, a submit would be a native one: keep the button off until then.
  const [hydrated, setHydrated] = useState(false);

  // The form is the whole page: start typing right away.
  useEffect(() => {
    setHydrated(true);
    emailRef.current?.focus();
  }, []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (busy) return;
    const data = new FormData(event.currentTarget);
    const parsed = ZLoginRequest.safeParse({ email: String(data.get("email") ?? "").trim(), password: String(data.get("password") ?? "") });
    if (!parsed.success) {
      const errors: TFieldErrors = {};
      for (const issue of parsed.error.issues) {
        const field = issue.path[0];
        if (field === "email" && !errors.email) errors.email = "Enter a valid email address.";
        if (field === "password" && !errors.password) errors.password = "Enter your password.";
      }
      setFieldErrors(errors);
      setFormError(null);
      (errors.email ? emailRef : passwordRef).current?.focus();
      return;
    }
    setFieldErrors({});
    setFormError(null);
    setBusy(true);
    try {
      const { data: body } = await apiFetch<{ user: TUser }>("/api/v1/auth/login", { method: "POST", body: JSON.stringify(parsed.data) });
      if (!body) throw new Error("The server sent an empty answer.");
      // A full navigation, so server components render with the new session cookie.
      window.location.assign(next ?? homeForRole(body.user.role));
    } catch (err) {
      setFormError(errorMessage(err));
      setBusy(false);
      passwordRef.current?.select();
    }
  }

  return (
    // method="post": even a native submit must never put the password in the URL.
    <form className="form" method="post" onSubmit={onSubmit} noValidate aria-describedby={formError ? `${id}-error` : undefined}>
      {formError && (
        <div className="alert" role="alert" id={`${id}-error`} data-testid="login-error">
          {formError}
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-email`}>Email</label>
        <input
          ref={emailRef}
          id={`${id}-email`}
          name="email"
          type="email"
          autoComplete="username"
          inputMode="email"
          required
          aria-invalid={fieldErrors.email ? true : undefined}
          aria-describedby={fieldErrors.email ? `${id}-email-error` : undefined}
          data-testid="login-email"
        />
        {fieldErrors.email && (
          <span className="field-error" id={`${id}-email-error`}>
            {fieldErrors.email}
          </span>
        )}
      </div>
      <div className="field">
        <label htmlFor={`${id}-password`}>Password</label>
        <input
          ref={passwordRef}
          id={`${id}-password`}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          aria-invalid={fieldErrors.password ? true : undefined}
          aria-describedby={fieldErrors.password ? `${id}-password-error` : undefined}
          data-testid="login-password"
        />
        {fieldErrors.password && (
          <span className="field-error" id={`${id}-password-error`}>
            {fieldErrors.password}
          </span>
        )}
      </div>
      <button type="submit" className="btn btn-primary btn-lg btn-block" disabled={busy || !hydrated} data-testid="login-submit">
        {busy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
