import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { NewProjectForm } from "../../../../components/console/new-project-form.tsx";
import { homeForRole } from "../../../../lib/roles.ts";
import { requireUser } from "../../../../lib/server-api.ts";

export const metadata: Metadata = { title: "New project" };

export default async function NewProjectPage() {
  const user = await requireUser("/projects/new");
  if (user.role === "LABELER") redirect(homeForRole(user.role));
  if (user.role !== "RESEARCHER" && user.role !== "ADMIN") redirect("/projects");
  return (
    <div className="page">
      <nav aria-label="Breadcrumb" style={{ marginBottom: 8 }}>
        <ol className="breadcrumbs">
          <li>
            <Link href="/projects">Projects</Link>
          </li>
          <li aria-current="page">New project</li>
        </ol>
      </nav>
      <div className="page-head">
        <div>
          <h1>New project</h1>
          <p>Name it, say what labelers should look for, and choose the criteria each reward model will measure.</p>
        </div>
      </div>
      <NewProjectForm />
    </div>
  );
}
