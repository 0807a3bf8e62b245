import { redirect } from "next/navigation";
import { getCurrentUser } from "../lib/server-api.ts";
import { homeForRole } from "../lib/roles.ts";

/** `/` only routes: to sign-in, or to the signed-in role's home. */
export default async function IndexPage() {
  const user = await getCurrentUser();
  redirect(user ? homeForRole(user.role) : "/login");
}
