import type { TApiToken } from "@rankwise/shared";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { TokenManager } from "../../../../components/console/token-manager.tsx";
import { homeForRole } from "../../../../lib/roles.ts";
import { loadForPage, requireUser } from "../../../../lib/server-api.ts";

export const metadata: Metadata = { title: "API tokens" };

export default async function TokensPage() {
  const user = await requireUser("/settings/tokens");
  if (user.role === "LABELER") redirect(homeForRole(user.role));
  const { tokens } = await loadForPage<{ tokens: TApiToken[] }>("/api/v1/tokens", "/settings/tokens");
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>API tokens</h1>
          <p>For scripts, notebooks and trainers that download exports or report training runs.</p>
        </div>
      </div>
      <TokenManager initial={tokens} now={new Date().toISOString()} />
    </div>
  );
}
