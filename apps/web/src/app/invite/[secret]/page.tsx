import type { TPublicInvitation } from "@rankwise/shared";
import type { Metadata } from "next";
import Link from "next/link";
import { BrandMark } from "../../../components/brand-mark.tsx";
import { InviteForm } from "../../../components/invite-form.tsx";
import { apiBaseUrl } from "../../../lib/env.ts";
import { ROLE_LABELS } from "../../../lib/roles.ts";
import { getCurrentUser } from "../../../lib/server-api.ts";
import "../invite.css";

// The secret is in the URL: keep it out of search engines and out of Referer headers.
export const metadata: Metadata = { title: "Accept your invitation", robots: { index: false, follow: false }, referrer: "no-referrer" };
export const dynamic = "force-dynamic";

type TLookup = { kind: "open"; invitation: TPublicInvitation } | { kind: "invalid" } | { kind: "unavailable" };

async function lookUp(secret: string): Promise<TLookup> {
  try {
    const res = await fetch(`${apiBaseUrl()}/api/v1/invitations/${encodeURIComponent(secret)}`, {
      headers: { accept: "application/json" },
      cache: "no-store",
      signal: AbortSignal.timeout(10_000),
    });
    if (res.status === 200) return { kind: "open", invitation: (await res.json()) as TPublicInvitation };
    if (res.status >= 500) return { kind: "unavailable" };
    return { kind: "invalid" };
  } catch {
    return { kind: "unavailable" };
  }
}

/**
 * The invitation link's page, outside the signed-in layout: who is invited, to what, and a form to
 * choose a name and password. Accepting signs the new account in.
 */
export default async function InvitePage({ params }: { params: Promise<{ secret: string }> }) {
  const { secret } = await params;
  const [lookup, current] = await Promise.all([lookUp(secret), getCurrentUser().catch(() => null)]);
  return (
    <main className="login-shell">
      <div className="panel login-card invite-card">
        <div className="brand">
          <BrandMark size={28} />
          <span>Rankwise</span>
        </div>
        {lookup.kind === "open" ? (
          <>
            <h1>You're invited</h1>
            <p data-testid="invite-summary">
              <strong>{lookup.invitation.email}</strong> is invited as a{" "}
              <strong>{ROLE_LABELS[lookup.invitation.role].toLowerCase()}</strong>
              {lookup.invitation.project ? (
                <>
                  {" "}
                  on <strong>{lookup.invitation.project.name}</strong>
                </>
              ) : null}
              . Choose your name and a password to create your account.
            </p>
            {current && (
              <p className="invite-note" data-testid="invite-signed-in">
                You are signed in as {current.email}. Accepting signs you out of that account and into the new one.
              </p>
            )}
            <InviteForm secret={secret} invitation={lookup.invitation} />
          </>
        ) : lookup.kind === "invalid" ? (
          <div data-testid="invite-invalid">
            <h1>This invitation link does not work</h1>
            <p>It may have expired, been revoked or been used already. Ask the person who invited you for a new link.</p>
            <Link className="btn btn-block" href="/login">
              Sign in instead
            </Link>
          </div>
        ) : (
          <div role="alert" data-testid="invite-unavailable">
            <h1>Rankwise is not reachable right now</h1>
            <p>Your invitation could not be checked. Reload this page in a moment.</p>
          </div>
        )}
      </div>
    </main>
  );
}
