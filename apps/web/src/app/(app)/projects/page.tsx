import type { TProjectList } from "@rankwise/shared";
import type { Metadata } from "next";
import Link from "next/link";
import { redirect } from "next/navigation";
import { ProjectTable } from "../../../components/project-table.tsx";
import { homeForRole } from "../../../lib/roles.ts";
import { loadForPage, requireUser } from "../../../lib/server-api.ts";

export const metadata: Metadata = { title: "Projects" };

export default async function ProjectsPage() {
  const user = await requireUser("/projects");
  if (user.role === "LABELER") redirect(homeForRole(user.role));
  const { projects } = await loadForPage<TProjectList>("/api/v1/projects", "/projects");
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Projects</h1>
          <p>Ranking projects, their items and how far labeling has come.</p>
        </div>
        {(user.role === "RESEARCHER" || user.role === "ADMIN") && (
          <Link className="btn btn-primary" href="/projects/new" data-testid="new-project">
            New project
          </Link>
        )}
      </div>
      <ProjectTable projects={projects} />
    </div>
  );
}
