"use client";

import { useState } from "react";
import { AuditTrail } from "../audit/audit-trail.tsx";
import { InvitationsPanel } from "../invitations/invitations-panel.tsx";
import { TokensPanel } from "./tokens-panel.tsx";
import { UsersPanel } from "./users-panel.tsx";

/** The admin page's panels (users, invitations, tokens, audit trail); disabling or creating a user refreshes the token list. */
export function AdminConsole({ currentUserId }: { currentUserId: string }) {
  const [tokensVersion, setTokensVersion] = useState(0);
  return (
    <div className="stack">
      <UsersPanel currentUserId={currentUserId} onTokensChanged={() => setTokensVersion((v) => v + 1)} />
      <InvitationsPanel />
      <TokensPanel version={tokensVersion} />
      <AuditTrail />
    </div>
  );
}
