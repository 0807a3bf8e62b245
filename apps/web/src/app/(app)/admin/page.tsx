import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { AdminConsole } from "../../../components/console/admin/admin-console.tsx";
import { homeForRole } from "../../../lib/roles.ts";
import { requireUser } from "../../../lib/server-api.ts";

export const metadata: Metadata = { title: "Admin" };

export default async function AdminPage() {
  const user = await requireUser("/admin");
  if (user.role !== "ADMIN") redirect(homeForRole(user.role));
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Admin</h1>
          <p>
            Create and invite users, change their roles, disable accounts and revoke API tokens. Every change is in the audit trail below.
          </p>
        </div>
      </div>
      <AdminConsole currentUserId={user.id} />
    </div>
  );
}
