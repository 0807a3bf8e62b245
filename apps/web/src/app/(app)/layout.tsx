import type { ReactNode } from "react";
import { AppHeader } from "../../components/app-header.tsx";
import { getCurrentUser } from "../../lib/server-api.ts";

/** Signed-in pages. Each page calls requireUser() itself so its redirect can come back to it. */
export default async function AppLayout({ children }: { children: ReactNode }) {
  const user = await getCurrentUser();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      {user && <AppHeader user={user} />}
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
