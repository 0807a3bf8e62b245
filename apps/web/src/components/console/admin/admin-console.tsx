"use client";

import { useState } from "react";
import { TokensPanel } from "./tokens-panel.tsx";
import { UsersPanel } from "./users-panel.tsx";

/** The admin page's two panels; disabling or creating a user refreshes the token list. */
export function AdminConsole({ currentUserId }: { currentUserId: string }) {
  const [tokensVersion, setTokensVersion] = useState(0);
  return (
    <div className="stack">
      <UsersPanel currentUserId={currentUserId} onTokensChanged={() => setTokensVersion((v) => v + 1)} />
      <TokensPanel version={tokensVersion} />
    </div>
  );
}
