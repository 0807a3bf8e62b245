import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { BrandMark } from "../../components/brand-mark.tsx";
import { LoginForm } from "../../components/login-form.tsx";
import { homeForRole, safeNextPath } from "../../lib/roles.ts";
import { getCurrentUser } from "../../lib/server-api.ts";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const params = await searchParams;
  const next = safeNextPath(typeof params.next === "string" ? params.next : null);
  // Already signed in: skip the form. An unreachable API still shows the form (and its error on submit).
  const user = await getCurrentUser().catch(() => null);
  if (user) redirect(next ?? homeForRole(user.role));
  return (
    <main className="login-shell">
      <div className="panel login-card">
        <div className="brand">
          <BrandMark size={28} />
          <span>Rankwise</span>
        </div>
        <h1>Sign in</h1>
        <p>Rank model responses and build preference data.</p>
        <LoginForm next={next} />
      </div>
    </main>
  );
}
