"use client";

import { useState } from "react";

/** Ends the session on the API, then reloads into the sign-in page (dropping any cached views). */
export function SignOutButton() {
  const [busy, setBusy] = useState(false);
  async function signOut() {
    setBusy(true);
    try {
      await fetch("/api/v1/auth/logout", { method: "POST", credentials: "same-origin" });
    } finally {
      window.location.assign("/login");
    }
  }
  return (
    <button type="button" className="btn" onClick={signOut} disabled={busy} data-testid="sign-out">
      {busy ? "Signing out…" : "Sign out"}
    </button>
  );
}
